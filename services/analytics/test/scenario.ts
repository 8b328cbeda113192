// The hand-computed hour of test/fixtures.ts as the events that produce it, for the integration and browser tests:
// what the chat system, detection and routing publish, and the agents' flags. `base` is the hour's start.
import {
  ConversationEvent,
  ConversationOutcome,
  ConversationSignals,
  EscalationReason,
  HandoffOffered,
  HandoffRequested,
  ResolvedBy,
  Resolver,
  Role,
  RoutingStatus,
  RoutingUpdate,
  TriggerMode,
} from '@handoff/contracts';
import { Topics, type TopicDefinition } from '@handoff/messaging';

export type ScenarioEvent = { topic: TopicDefinition<unknown>; message: unknown };
const ev = <T>(topic: TopicDefinition<T>, message: T): ScenarioEvent => ({ topic: topic as TopicDefinition<unknown>, message });

export function scenario(base: Date, idPrefix = ''): { events: ScenarioEvent[]; flags: Array<{ handoffId: string; agentId: string; verdict: 'yes' | 'no' }> } {
  const t = (mmss: string) => {
    const [m, s] = mmss.split(':').map(Number);
    return new Date(base.getTime() + (m! * 60 + s!) * 1000);
  };
  const c = (n: number) => `${idPrefix}c${n}`;
  const h = (n: number) => `${idPrefix}h${n}`;
  const identify = (conv: string, id: string, at: string, customerId: string, tier: string) =>
    ev(Topics.conversationEvents, ConversationEvent.fromPartial({ eventId: id, conversationId: conv, occurredAt: t(at), payload: { $case: 'customerIdentified', value: { customerId, tier } } }));
  const message = (conv: string, id: string, at: string, role: Role) =>
    ev(Topics.conversationEvents, ConversationEvent.fromPartial({ eventId: id, conversationId: conv, occurredAt: t(at), payload: { $case: 'messagePosted', value: { messageId: id, role, text: '…' } } }));
  const signal = (conv: string, id: string, at: string, category: string, sentimentScore: number) =>
    ev(Topics.handoffSignals, ConversationSignals.fromPartial({ conversationId: conv, eventId: id, observedAt: t(at), category, categoryConfidence: 0.9, sentimentScore }));
  const requested = (conv: string, handoffId: string, at: string, reason: EscalationReason, category: string, customerTier: string, sentimentScore: number) =>
    ev(Topics.handoffRequested, HandoffRequested.fromPartial({ handoffId, conversationId: conv, escalationSequence: 1, reason, mode: TriggerMode.TRIGGER_MODE_HARD, requestedAt: t(at), category, customerTier, sentimentScore }));
  const routing = (conv: string, handoffId: string, sequence: number, status: RoutingStatus, at: string, queueId: string, etaSeconds?: number, agentId?: string) =>
    ev(Topics.handoffRouting, RoutingUpdate.fromPartial({ updateId: `${handoffId}:${sequence}`, handoffId, conversationId: conv, sequence, status, at: t(at), queueId, etaSeconds, ...(agentId ? { agent: { agentId, displayName: agentId } } : {}) }));
  const outcome = (conv: string, outcomeId: string, handoffId: string, at: string, resolvedBy: ResolvedBy, csat: number, resolutionCode: string, resolutionNote: string, closingSentiment: number | undefined, customerId: string) =>
    ev(Topics.handoffOutcomes, ConversationOutcome.fromPartial({ outcomeId, conversationId: conv, handoffId, closedAt: t(at), resolvedBy, resolved: true, csat, resolutionCode, resolutionNote, closingSentiment, customerId }));

  const events: ScenarioEvent[] = [
    identify(c(1), `${c(1)}-e1`, '00:00', 'cus_1', 'standard'),
    signal(c(1), `${c(1)}-s1`, '00:30', 'billing_dispute', -0.6),
    requested(c(1), h(1), '01:00', EscalationReason.ESCALATION_REASON_HARD_CATEGORY, 'billing_dispute', 'standard', -0.6),
    routing(c(1), h(1), 1, RoutingStatus.ROUTING_STATUS_QUEUED, '01:00', 'billing', 120),
    routing(c(1), h(1), 2, RoutingStatus.ROUTING_STATUS_ASSIGNED, '03:00', 'billing', undefined, 'sam'),
    message(c(1), `${c(1)}-m1`, '03:30', Role.ROLE_AGENT),
    message(c(1), `${c(1)}-m2`, '05:00', Role.ROLE_AGENT),
    outcome(c(1), `${c(1)}-o1`, h(1), '08:00', ResolvedBy.RESOLVED_BY_HUMAN, 4, 'refund_issued', 'Refunded the duplicate charge', 0.2, 'cus_1'),
    routing(c(1), h(1), 3, RoutingStatus.ROUTING_STATUS_COMPLETED, '09:00', 'billing'),

    identify(c(2), `${c(2)}-e2`, '10:00', 'cus_2', 'vip'),
    requested(c(2), h(2), '11:00', EscalationReason.ESCALATION_REASON_EXPLICIT_REQUEST, 'account_access', 'vip', -0.2),
    routing(c(2), h(2), 1, RoutingStatus.ROUTING_STATUS_QUEUED, '11:00', 'general', 60),
    routing(c(2), h(2), 2, RoutingStatus.ROUTING_STATUS_ASSIGNED, '16:00', 'general', undefined, 'kim'),
    message(c(2), `${c(2)}-m3`, '17:00', Role.ROLE_AGENT),
    outcome(c(2), `${c(2)}-o2`, h(2), '41:00', ResolvedBy.RESOLVED_BY_HUMAN, 2, 'password_reset', 'Reset the password', -0.5, 'cus_2'),

    identify(c(3), `${c(3)}-e3`, '20:00', 'cus_1', 'standard'),
    signal(c(3), `${c(3)}-s3`, '20:10', 'billing_dispute', 0.1),
    outcome(c(3), `${c(3)}-o3`, '', '25:00', ResolvedBy.RESOLVED_BY_AI, 5, '', '', undefined, 'cus_1'),

    message(c(4), `${c(4)}-m4`, '30:00', Role.ROLE_CUSTOMER),
    requested(c(4), h(3), '31:00', EscalationReason.ESCALATION_REASON_UNSPECIFIED, '', '', 0),
    routing(c(4), h(3), 1, RoutingStatus.ROUTING_STATUS_QUEUED, '31:00', 'general', 200),
    routing(c(4), h(3), 2, RoutingStatus.ROUTING_STATUS_ABANDONED, '36:00', 'general'),

    message(c(5), `${c(5)}-m5`, '40:00', Role.ROLE_CUSTOMER),
    // Soft offers: c5 declines one; c3's is never answered. Neither changes a handoff number.
    ev(Topics.handoffOffered, HandoffOffered.fromPartial({ offerId: `${c(5)}-offer`, conversationId: c(5), reason: EscalationReason.ESCALATION_REASON_SENTIMENT_PERSISTENT, offeredAt: t('41:00') })),
    ev(Topics.conversationEvents, ConversationEvent.fromPartial({ eventId: `${c(5)}-a5`, conversationId: c(5), occurredAt: t('42:00'), payload: { $case: 'offerAnswered', value: { offerId: `${c(5)}-offer`, accepted: false } } })),
    ev(Topics.handoffOffered, HandoffOffered.fromPartial({ offerId: `${c(3)}-offer`, conversationId: c(3), reason: EscalationReason.ESCALATION_REASON_LOW_CONFIDENCE, offeredAt: t('21:00') })),
    ev(Topics.conversationEvents, ConversationEvent.fromPartial({ eventId: `${c(5)}-x5`, conversationId: c(5), occurredAt: t('45:00'), payload: { $case: 'conversationClosed', value: { resolvedBy: Resolver.RESOLVER_BOT, resolved: true, csat: 3 } } })),
  ];
  return { events, flags: [{ handoffId: h(1), agentId: 'sam', verdict: 'yes' }, { handoffId: h(2), agentId: 'kim', verdict: 'no' }] };
}

/** The numbers worked out by hand in test/fixtures.ts. */
export const EXPECTED = {
  conversations: 5,
  handedOffConversations: 3,
  handoffRate: 0.6,
  handoffs: 3,
  unclassifiedHandoffs: 1,
  abandoned: 1,
  resolvedHandoffs: 2,
  flaggedYes: 1,
  flaggedNo: 1,
  avoidableShare: 0.5,
  repeatContacts: 1,
  repeatContactEligible: 3,
  sentimentPairs: 2,
  sentimentAtHandoffMean: -0.4,
  sentimentAtCloseMean: -0.15,
  timeToAgent: { count: 2, meanSeconds: 210, p50Seconds: 120, p90Seconds: 300, p99Seconds: 300, maxSeconds: 300 },
  csatHandedOff: { responses: 2, mean: 3, satisfiedShare: 0.5, perScore: [0, 1, 0, 1, 0] },
  csatAiOnly: { responses: 2, mean: 4, satisfiedShare: 0.5, perScore: [0, 0, 1, 0, 1] },
  offersMade: 2,
  offersAccepted: 0,
  offersDeclined: 1,
};

/** A deterministic shuffle (so a failure reproduces). */
export function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
