// Decides, from a conversation's state and its next event, whether to escalate now. Pure: state + event + policy + time in,
// new state and decisions out; the service and batch tools share it.
import { handoffIdFor } from '@handoff/core';
import { EscalationReason, Role, TriggerMode, type ConversationEvent, type HandoffRequested, type TriggerEvidence } from '@handoff/contracts';
import { classifyCategory, type Category } from './category';
import { severityFor, type DetectionPolicy } from './policy';
import { detectExplicitRequest } from './triggers/explicit-request';

export interface ConversationState {
  conversationId: string;
  /** Escalations so far; the next handoff gets escalationSequence + 1. */
  escalationSequence: number;
  /** A handoff is open: no further escalation until an agent hands the conversation back or it closes. */
  escalated: boolean;
  closed: boolean;
  tier: string;
  language: string;
  /** Latest category seen other than "other". */
  category: Category;
  customerMessages: number;
  lastEventAt: Date | undefined;
}

export function initialState(conversationId: string): ConversationState {
  return {
    conversationId,
    escalationSequence: 0,
    escalated: false,
    closed: false,
    tier: 'standard',
    language: '',
    category: 'other',
    customerMessages: 0,
    lastEventAt: undefined,
  };
}

export interface Decision {
  state: ConversationState;
  handoff: HandoffRequested | undefined;
}

/** What in the event, if anything, calls for a person; before the state changes. */
function triggerEvidence(event: ConversationEvent): TriggerEvidence | undefined {
  const payload = event.payload;
  if (payload?.$case === 'humanRequested') {
    return {
      reason: EscalationReason.ESCALATION_REASON_EXPLICIT_REQUEST,
      detail: `customer pressed "talk to a human"${payload.value.source && payload.value.source !== 'button' ? ` (${payload.value.source})` : ''}`,
      score: 1,
      eventId: event.eventId,
    };
  }
  if (payload?.$case === 'messagePosted' && payload.value.role === Role.ROLE_CUSTOMER) {
    const match = detectExplicitRequest(payload.value.text);
    if (match.matched) {
      return {
        reason: EscalationReason.ESCALATION_REASON_EXPLICIT_REQUEST,
        detail: `customer asked: "${match.phrase}"`,
        score: 1,
        eventId: event.eventId,
      };
    }
  }
  return undefined;
}

function observe(state: ConversationState, event: ConversationEvent): ConversationState {
  const next: ConversationState = { ...state, lastEventAt: event.occurredAt ?? state.lastEventAt };
  if (event.language) next.language = event.language;
  const payload = event.payload;
  switch (payload?.$case) {
    case 'customerIdentified':
      if (payload.value.tier) next.tier = payload.value.tier.toLowerCase();
      break;
    case 'messagePosted':
      if (payload.value.role === Role.ROLE_CUSTOMER) {
        next.customerMessages += 1;
        const category = classifyCategory(payload.value.text);
        if (category !== 'other') next.category = category;
      } else if (payload.value.role === Role.ROLE_AGENT) {
        // An agent is talking: the open handoff is being served.
      }
      break;
    case 'conversationClosed':
      next.closed = true;
      next.escalated = false;
      break;
    default:
      break;
  }
  return next;
}

export function decide(state: ConversationState, event: ConversationEvent, policy: DetectionPolicy, now: Date): Decision {
  const next = observe(state, event);
  if (state.closed || state.escalated) return { state: next, handoff: undefined };
  const evidence = triggerEvidence(event);
  if (!evidence) return { state: next, handoff: undefined };

  const escalationSequence = state.escalationSequence + 1;
  const handoff: HandoffRequested = {
    handoffId: handoffIdFor(state.conversationId, escalationSequence),
    conversationId: state.conversationId,
    escalationSequence,
    reason: evidence.reason,
    mode: TriggerMode.TRIGGER_MODE_HARD,
    evidence: [evidence],
    policyVersion: policy.version,
    triggeringEventId: event.eventId,
    requestedAt: now,
    category: next.category,
    sentimentScore: 0,
    severity: severityFor(policy, next.tier),
    customerTier: next.tier,
    language: next.language,
    offerId: '',
  };
  return { state: { ...next, escalationSequence, escalated: true }, handoff };
}
