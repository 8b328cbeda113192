// What a waiting customer is told between the transition message and an agent joining: a queue update every
// 60–90 s only when something is worth saying (a new place in line, a new estimate, or reassurance after a long
// silence), and an offer of a callback or e-mail once the wait passes a threshold. Pure: state and time in.
import { OutboundKind, type OutboundMessage } from '@handoff/contracts';
import { deterministicId } from '@handoff/core';

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
  waitingSince: Date;
  position: number;
  etaSeconds: number | undefined;
  told: { position: number; etaSeconds: number | undefined; at: Date };
  updatesSent: number;
  alternativesOffered: boolean;
}

export const ALTERNATIVE_OPTIONS = { callback: 'callback', email: 'email_follow_up', wait: 'keep_waiting' } as const;

const minutes = (seconds: number) => Math.max(1, Math.round(seconds / 60));
const inLine = (position: number) => (position <= 1 ? 'You’re next in line' : `You’re now number ${position} in line`);

function message(state: WaitingState, kind: OutboundKind, purpose: string, text: string, now: Date, options: OutboundMessage['options'] = []): OutboundMessage {
  return { messageId: deterministicId('om', state.handoffId, purpose), conversationId: state.conversationId, handoffId: state.handoffId, kind, text, language: 'en', options, createdAt: now, offerId: '' };
}

/** The message (if any) a check sends now, and the state to store after sending it. */
export function queueCheck(state: WaitingState, now: Date, settings: QueueUpdateSettings = DEFAULT_QUEUE_UPDATES): { state: WaitingState; message: OutboundMessage | undefined } {
  const waited = (now.getTime() - state.waitingSince.getTime()) / 1000;
  if (!state.alternativesOffered && waited >= settings.alternativesAfterSeconds) {
    const text = `Thanks for your patience — it’s taking longer than we’d like. You can keep waiting for our ${state.team} team, or we can call you back or follow up by e-mail, whichever suits you. Nothing you’ve told us will be lost.`;
    return {
      state: { ...state, alternativesOffered: true, told: { position: state.position, etaSeconds: state.etaSeconds, at: now } },
      message: message(state, OutboundKind.OUTBOUND_KIND_ALTERNATIVES_OFFER, 'alternatives', text, now, [
        { id: ALTERNATIVE_OPTIONS.callback, label: 'Call me back' },
        { id: ALTERNATIVE_OPTIONS.email, label: 'Follow up by e-mail' },
        { id: ALTERNATIVE_OPTIONS.wait, label: 'I’ll keep waiting' },
      ]),
    };
  }
  const moved = state.position !== state.told.position;
  const newEstimate = state.etaSeconds !== undefined && (state.told.etaSeconds === undefined || minutes(state.etaSeconds) !== minutes(state.told.etaSeconds));
  const silentFor = (now.getTime() - state.told.at.getTime()) / 1000;
  let text: string | undefined;
  if (moved || newEstimate) {
    text = `${inLine(state.position)}${state.etaSeconds !== undefined ? `, about ${minutes(state.etaSeconds)} minute${minutes(state.etaSeconds) === 1 ? '' : 's'} to go` : ''}. Someone from our ${state.team} team will be with you as soon as they’re free.`;
  } else if (silentFor >= settings.reassureAfterSeconds) {
    text = `You’re still in line for our ${state.team} team — thanks for bearing with us. They’ll have the whole conversation when they join.`;
  }
  if (!text) return { state, message: undefined };
  const updatesSent = state.updatesSent + 1;
  return {
    state: { ...state, updatesSent, told: { position: state.position, etaSeconds: state.etaSeconds, at: now } },
    message: message(state, OutboundKind.OUTBOUND_KIND_QUEUE_UPDATE, `queue-update:${updatesSent}`, text, now),
  };
}
