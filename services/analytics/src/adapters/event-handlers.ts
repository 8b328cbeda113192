// Kafka handlers: every handoff topic and handoff.outcomes.v1 into inputs. Duplicates and reordering are harmless
// (see FactStore); the live metrics are recorded once, when the input that completes a measure is first stored.
import { ResolvedBy, RoutingStatus, type ContextPackage, type ConversationEvent, type ConversationOutcome, type ConversationSignals, type HandoffOffered, type HandoffRequested, type RoutingUpdate } from '@handoff/contracts';
import type { EventMeta } from '@handoff/messaging';
import { reasonCode } from '../domain/reasons';
import type { FactStore } from './fact-store';
import type { LiveMetrics } from './live-metrics';

export function analyticsHandlers(facts: FactStore, live: LiveMetrics) {
  /** Time to agent and queue wait, once both the request and the assignment are stored. */
  const recordWaits = async (handoffId: string) => {
    const fact = await facts.handoff(handoffId);
    const assigned = Object.values(fact.routing).some((u) => u.status === 'assigned');
    if (fact.request && assigned && (await facts.claimOnce(`waits:${handoffId}`, new Date()))) live.assigned(fact);
  };
  return {
    conversationEvent: async (event: ConversationEvent, meta: EventMeta) => {
      await facts.recordConversationEvent(event, meta.time);
    },
    signals: async (signals: ConversationSignals, meta: EventMeta) => {
      await facts.recordSignals(signals, meta.time);
    },
    offered: async (offer: HandoffOffered, meta: EventMeta) => {
      await facts.recordOffer(offer, meta.time);
    },
    context: async (pkg: ContextPackage, meta: EventMeta) => {
      await facts.recordContext(pkg, meta.time);
    },
    requested: async (request: HandoffRequested, meta: EventMeta) => {
      if (!(await facts.recordRequest(request, meta.time))) return;
      live.handoffRequested({ reason: reasonCode(request.reason), category: request.category || 'other', tier: request.customerTier || 'unknown' });
      // The assignment may have arrived first: the waits are complete only now.
      await recordWaits(request.handoffId);
    },
    routing: async (update: RoutingUpdate, meta: EventMeta) => {
      const isNew = await facts.recordRouting(update, meta.time);
      if (isNew && update.agent?.agentId && update.status === RoutingStatus.ROUTING_STATUS_ASSIGNED) await recordWaits(update.handoffId);
    },
    outcome: async (outcome: ConversationOutcome) => {
      if (await facts.recordOutcome(outcome)) live.outcome(ResolvedBy[outcome.resolvedBy] ?? 'unknown');
    },
  };
}
