// What the customer is told as routing progresses. Pure: the handoff's notification state, a routing update and the
// policy's templates in, the message to send (if any) and the new state out. Never "transferring you now" alone.
import { AsyncReason, FollowUpChannel, OutboundKind, RoutingStatus, type HandoffOffered, type OutboundMessage, type RoutingUpdate } from '@handoff/contracts';
import { deterministicId } from '@handoff/core';
import type { NotificationPolicy, TemplateName } from './policy';
import { Wording, formatDeadline, slaTimeZone } from './templates';

export interface NotificationState {
  handoffId: string;
  /** Highest routing update sequence already handled; older or repeated updates change nothing. */
  lastSequence: number;
  transitionSent: boolean;
}

export const initialNotificationState = (handoffId: string): NotificationState => ({ handoffId, lastSequence: 0, transitionSent: false });

export const firstName = (displayName: string): string => displayName.trim().split(/\s+/)[0] || displayName;

/** Option ids the chat system echoes back: OfferAnswered for the human offer, FollowUpChosen for the alternatives. */
export const OFFER_OPTIONS = { accept: 'accept', decline: 'decline' } as const;
export const TRANSCRIPT_OPTION = 'email_transcript';

function waitSentence(words: Wording, update: RoutingUpdate): string {
  if (update.etaSeconds !== undefined && update.etaSeconds > 0) return words.text('wait_eta', { minutes: words.minutes(update.etaSeconds) });
  if (update.queuePosition <= 1) return words.text('wait_next');
  return words.text('wait_position', { position: update.queuePosition });
}

function outbound(update: RoutingUpdate, words: Wording, kind: OutboundKind, purpose: string, text: string, now: Date, options: OutboundMessage['options'] = []): OutboundMessage {
  return {
    messageId: deterministicId('om', update.handoffId, purpose),
    conversationId: update.conversationId,
    handoffId: update.handoffId,
    kind,
    text,
    language: words.language,
    options,
    createdAt: now,
    offerId: '',
  };
}

/** A soft trigger: ask whether the customer wants a person; the answer comes back as OfferAnswered. */
export function composeHumanOffer(offer: HandoffOffered, now: Date, policy: NotificationPolicy): OutboundMessage {
  const words = Wording.for(policy, offer.language);
  return {
    messageId: deterministicId('om', offer.offerId, 'human-offer'),
    conversationId: offer.conversationId,
    handoffId: '',
    kind: OutboundKind.OUTBOUND_KIND_HUMAN_OFFER,
    text: words.text('human_offer'),
    language: words.language,
    options: [
      { id: OFFER_OPTIONS.accept, label: words.text('human_offer_accept') },
      { id: OFFER_OPTIONS.decline, label: words.text('human_offer_decline') },
    ],
    createdAt: now,
    offerId: offer.offerId,
  };
}

/** Which async notice fits why the handoff became a ticket. */
function asyncTemplate(update: RoutingUpdate, transitionSent: boolean): TemplateName {
  if (update.asyncReason === AsyncReason.ASYNC_REASON_CUSTOMER_CHOSE_FOLLOW_UP) {
    return update.followUpChannel === FollowUpChannel.FOLLOW_UP_CHANNEL_CALLBACK ? 'async_callback' : 'async_email';
  }
  if (update.asyncReason === AsyncReason.ASYNC_REASON_OFF_HOURS) return 'async_off_hours';
  return transitionSent ? 'async_no_agent_after_wait' : 'async_no_agent';
}

/** The SLA variables: routing's words ({sla}) and the deadline in the customer's language and the team's zone. */
function slaVariables(update: RoutingUpdate, words: Wording, policy: NotificationPolicy) {
  const timeZone = update.slaTimeZone || slaTimeZone(update.slaDescription, policy.messages.time_zone);
  const unknown = words.text('sla_unknown');
  const deadline = update.slaDeadline ? words.text('sla_by_deadline', { deadline: formatDeadline(update.slaDeadline, words.language, timeZone), time_zone: timeZone }) : undefined;
  return { sla: update.slaDescription || deadline || unknown, sla_deadline: deadline ?? unknown, time_zone: timeZone };
}

export interface Composed {
  state: NotificationState;
  message: OutboundMessage | undefined;
}

export function composeCustomerMessage(state: NotificationState, update: RoutingUpdate, now: Date, policy: NotificationPolicy): Composed {
  if (update.sequence <= state.lastSequence) return { state, message: undefined };
  const next = { ...state, lastSequence: update.sequence };
  const words = Wording.for(policy, update.language);
  const team = update.team || 'support';
  const issue = words.issue(update.category);

  if ((update.status === RoutingStatus.ROUTING_STATUS_QUEUED || update.status === RoutingStatus.ROUTING_STATUS_STEP_FALLBACK) && !state.transitionSent) {
    const text = words.text('transition_queued', { issue, team, wait: waitSentence(words, update) });
    return { state: { ...next, transitionSent: true }, message: outbound(update, words, OutboundKind.OUTBOUND_KIND_TRANSITION, 'transition', text, now) };
  }

  if (update.status === RoutingStatus.ROUTING_STATUS_ASSIGNED && update.agent) {
    const agentFirstName = firstName(update.agent.displayName);
    if (!state.transitionSent) {
      const text = words.text('transition_assigned', { issue, team, agent_first_name: agentFirstName });
      return { state: { ...next, transitionSent: true }, message: outbound(update, words, OutboundKind.OUTBOUND_KIND_TRANSITION, 'transition', text, now) };
    }
    const text = words.text('agent_joined', { team, agent_first_name: agentFirstName });
    return { state: next, message: outbound(update, words, OutboundKind.OUTBOUND_KIND_AGENT_JOINED, `agent-joined:${update.agent.agentId}`, text, now) };
  }

  if (update.status === RoutingStatus.ROUTING_STATUS_ASYNC_FALLBACK) {
    // Off-hours, nobody could take it, or the customer chose a follow-up: a promise they can hold us to.
    const text = words.text(asyncTemplate(update, state.transitionSent), { issue, team, ...slaVariables(update, words, policy) });
    return {
      state: { ...next, transitionSent: true },
      message: outbound(update, words, OutboundKind.OUTBOUND_KIND_ASYNC_NOTICE, 'async', text, now, [{ id: TRANSCRIPT_OPTION, label: words.text('transcript_option') }]),
    };
  }

  return { state: next, message: undefined };
}
