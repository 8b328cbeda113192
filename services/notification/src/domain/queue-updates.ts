// What a waiting customer is told between the transition message and an agent joining: a queue update every
// 60–90 s only when something is worth saying (a new place in line, a new estimate, or reassurance after a long
// silence), and an offer of a callback or e-mail once the wait passes a threshold. Pure: state, time and policy in.
import { OutboundKind, type OutboundMessage } from '@handoff/contracts';
import { deterministicId } from '@handoff/core';
import type { NotificationPolicy } from './policy';
import { Wording } from './templates';

export interface QueueUpdateSettings {
  /** How often a waiting handoff is checked (the issue asks for 60–90 s). */
  intervalSeconds: number;
  /** Reassure after this long without telling the customer anything. */
  reassureAfterSeconds: number;
  /** Offer a callback or an e-mail follow-up once the customer has waited this long. */
  alternativesAfterSeconds: number;
}

export const DEFAULT_QUEUE_UPDATES: QueueUpdateSettings = { intervalSeconds: 75, reassureAfterSeconds: 180, alternativesAfterSeconds: 600 };

/** Where a waiting handoff stands, and what the customer was last told. */
export interface WaitingState {
  handoffId: string;
  conversationId: string;
  team: string;
  /** The customer's language as routing knows it (absent on waits recorded before languages existed). */
  language?: string;
  waitingSince: Date;
  position: number;
  etaSeconds: number | undefined;
  told: { position: number; etaSeconds: number | undefined; at: Date };
  updatesSent: number;
  alternativesOffered: boolean;
}

/** Option ids the chat system echoes back in FollowUpChosen.option_id (with the matching channel); keep_waiting needs
 * no event. */
export const ALTERNATIVE_OPTIONS = { callback: 'callback', email: 'email_follow_up', wait: 'keep_waiting' } as const;

function message(state: WaitingState, words: Wording, kind: OutboundKind, purpose: string, text: string, now: Date, options: OutboundMessage['options'] = []): OutboundMessage {
  return { messageId: deterministicId('om', state.handoffId, purpose), conversationId: state.conversationId, handoffId: state.handoffId, kind, text, language: words.language, options, createdAt: now, offerId: '' };
}

const sameMinutes = (a: number, b: number) => Math.max(1, Math.round(a / 60)) === Math.max(1, Math.round(b / 60));

/**
 * When a waiting customer is checked next: one update interval from now, or sooner when the offer of alternatives
 * falls due first (an `alternativesAfterSeconds` shorter than the interval is kept, not rounded up to it).
 */
export function nextCheckAt(state: Pick<WaitingState, 'waitingSince' | 'alternativesOffered'>, now: Date, settings: QueueUpdateSettings): Date {
  const regular = now.getTime() + settings.intervalSeconds * 1000;
  if (state.alternativesOffered) return new Date(regular);
  const alternatives = state.waitingSince.getTime() + settings.alternativesAfterSeconds * 1000;
  return new Date(Math.min(regular, Math.max(alternatives, now.getTime())));
}

/** The message (if any) a check sends now, and the state to store after sending it. */
export function queueCheck(state: WaitingState, now: Date, settings: QueueUpdateSettings, policy: NotificationPolicy): { state: WaitingState; message: OutboundMessage | undefined } {
  const words = Wording.for(policy, state.language);
  const team = state.team || 'support';
  const waited = (now.getTime() - state.waitingSince.getTime()) / 1000;
  if (!state.alternativesOffered && waited >= settings.alternativesAfterSeconds) {
    return {
      state: { ...state, alternativesOffered: true, told: { position: state.position, etaSeconds: state.etaSeconds, at: now } },
      message: message(state, words, OutboundKind.OUTBOUND_KIND_ALTERNATIVES_OFFER, 'alternatives', words.text('alternatives_offer', { team, waited: words.minutes(waited) }), now, [
        { id: ALTERNATIVE_OPTIONS.callback, label: words.text('alternatives_callback') },
        { id: ALTERNATIVE_OPTIONS.email, label: words.text('alternatives_email') },
        { id: ALTERNATIVE_OPTIONS.wait, label: words.text('alternatives_keep_waiting') },
      ]),
    };
  }
  const moved = state.position !== state.told.position;
  const newEstimate = state.etaSeconds !== undefined && (state.told.etaSeconds === undefined || !sameMinutes(state.etaSeconds, state.told.etaSeconds));
  const silentFor = (now.getTime() - state.told.at.getTime()) / 1000;
  let text: string | undefined;
  if (moved || newEstimate) {
    const next = state.position <= 1;
    const eta = state.etaSeconds;
    text =
      eta === undefined
        ? words.text(next ? 'queue_update_next_no_eta' : 'queue_update_position_no_eta', { team, position: state.position })
        : words.text(next ? 'queue_update_next' : 'queue_update_position', { team, position: state.position, minutes: words.minutes(eta) });
  } else if (silentFor >= settings.reassureAfterSeconds) {
    text = words.text('queue_update_reassure', { team });
  }
  if (!text) return { state, message: undefined };
  const updatesSent = state.updatesSent + 1;
  return {
    state: { ...state, updatesSent, told: { position: state.position, etaSeconds: state.etaSeconds, at: now } },
    message: message(state, words, OutboundKind.OUTBOUND_KIND_QUEUE_UPDATE, `queue-update:${updatesSent}`, text, now),
  };
}
