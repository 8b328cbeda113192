// What the customer is told as routing progresses. Pure: the handoff's notification state and a routing update in,
// the message to send (if any) and the new state out. Never "transferring you now" alone.
import { OutboundKind, RoutingStatus, type HandoffOffered, type OutboundMessage, type RoutingUpdate } from '@handoff/contracts';
import { deterministicId } from '@handoff/core';

export interface NotificationState {
  handoffId: string;
  /** Highest routing update sequence already handled; older or repeated updates change nothing. */
  lastSequence: number;
  transitionSent: boolean;
}

export const initialNotificationState = (handoffId: string): NotificationState => ({ handoffId, lastSequence: 0, transitionSent: false });

const ISSUE_PHRASES: Record<string, string> = {
  billing_dispute: 'a charge that doesn’t look right',
  refund: 'a refund',
  cancellation: 'cancelling your account',
  account_access: 'getting into your account',
  security: 'a security concern on your account',
  data_privacy: 'your personal data',
  legal: 'a legal matter',
  enterprise_contract: 'your contract',
  technical_issue: 'a technical problem',
  payment: 'a payment',
  order_delivery: 'your order',
  account_management: 'changes to your account',
  how_to: 'your question',
  complaint: 'your experience with us',
};

const firstName = (displayName: string) => displayName.trim().split(/\s+/)[0] || displayName;

function acknowledgement(category: string): string {
  const issue = ISSUE_PHRASES[category];
  return issue ? `I understand you need help with ${issue}.` : 'I understand this needs a person’s attention.';
}

const nothingToRepeat = (who: string) => `${who} will see this whole conversation, so you won’t need to repeat anything.`;

function waitPhrase(update: RoutingUpdate): string {
  if (update.etaSeconds !== undefined && update.etaSeconds > 0) {
    const minutes = Math.max(1, Math.round(update.etaSeconds / 60));
    return `The expected wait is about ${minutes} minute${minutes === 1 ? '' : 's'}.`;
  }
  if (update.queuePosition === 1) return 'You’re next in line.';
  return `You’re number ${update.queuePosition} in line.`;
}

function outbound(update: RoutingUpdate, kind: OutboundKind, purpose: string, text: string, now: Date, options: OutboundMessage['options'] = []): OutboundMessage {
  return {
    messageId: deterministicId('om', update.handoffId, purpose),
    conversationId: update.conversationId,
    handoffId: update.handoffId,
    kind,
    text,
    language: 'en',
    options,
    createdAt: now,
    offerId: '',
  };
}

/** Option ids the chat system echoes back. */
export const OFFER_OPTIONS = { accept: 'accept', decline: 'decline' } as const;
export const TRANSCRIPT_OPTION = 'email_transcript';

/** A soft trigger: ask whether the customer wants a person; the answer comes back as OfferAnswered. */
export function composeHumanOffer(offer: HandoffOffered, now: Date): OutboundMessage {
  return {
    messageId: deterministicId('om', offer.offerId, 'human-offer'),
    conversationId: offer.conversationId,
    handoffId: '',
    kind: OutboundKind.OUTBOUND_KIND_HUMAN_OFFER,
    text: 'Would you like me to bring in someone from our team? They’ll see this whole conversation, so you won’t need to repeat anything.',
    language: 'en',
    options: [
      { id: OFFER_OPTIONS.accept, label: 'Yes, connect me with a person' },
      { id: OFFER_OPTIONS.decline, label: 'No thanks, keep going' },
    ],
    createdAt: now,
    offerId: offer.offerId,
  };
}

export interface Composed {
  state: NotificationState;
  message: OutboundMessage | undefined;
}

export function composeCustomerMessage(state: NotificationState, update: RoutingUpdate, now: Date): Composed {
  if (update.sequence <= state.lastSequence) return { state, message: undefined };
  const next = { ...state, lastSequence: update.sequence };
  const team = update.team || 'support';

  if (update.status === RoutingStatus.ROUTING_STATUS_QUEUED && !state.transitionSent) {
    const text = `${acknowledgement(update.category)} I’m bringing in someone from our ${team} team. ${waitPhrase(update)} ${nothingToRepeat('They')}`;
    return { state: { ...next, transitionSent: true }, message: outbound(update, OutboundKind.OUTBOUND_KIND_TRANSITION, 'transition', text, now) };
  }

  if (update.status === RoutingStatus.ROUTING_STATUS_ASSIGNED && update.agent) {
    const name = firstName(update.agent.displayName);
    if (!state.transitionSent) {
      const text = `${acknowledgement(update.category)} ${name} from our ${team} team is joining this chat now. ${nothingToRepeat(name)}`;
      return { state: { ...next, transitionSent: true }, message: outbound(update, OutboundKind.OUTBOUND_KIND_TRANSITION, 'transition', text, now) };
    }
    const text = `${name} from our ${team} team has joined and already has the whole conversation in front of them.`;
    return { state: next, message: outbound(update, OutboundKind.OUTBOUND_KIND_AGENT_JOINED, `agent-joined:${update.agent.agentId}`, text, now) };
  }

  if (update.status === RoutingStatus.ROUTING_STATUS_ASYNC_FALLBACK) {
    // Off-hours, or nobody could take it: a promise the customer can hold us to, instead of an open-ended wait.
    const opening = state.transitionSent ? `I’m sorry, nobody from our ${team} team could join this chat after all.` : acknowledgement(update.category);
    const promise = update.slaDescription ? `A person from our ${team} team will get back to you ${update.slaDescription}.` : `A person from our ${team} team will get back to you as soon as they can.`;
    const text = `${opening} ${promise} ${nothingToRepeat('They')} Would you like a copy of this conversation by e-mail?`;
    return {
      state: { ...next, transitionSent: true },
      message: outbound(update, OutboundKind.OUTBOUND_KIND_ASYNC_NOTICE, 'async', text, now, [{ id: TRANSCRIPT_OPTION, label: 'Yes, e-mail me the conversation' }]),
    };
  }

  return { state: next, message: undefined };
}
