// Kafka handlers: every handoff topic and handoff.outcomes.v1 into facts. Duplicates and reordering are harmless
// (see FactStore); the live metrics are recorded only when a fact is first completed.
import { ResolvedBy, type ContextPackage, type ConversationEvent, type ConversationOutcome, type ConversationSignals, type HandoffRequested, type RoutingUpdate } from '@handoff/contracts';
import type { EventMeta } from '@handoff/messaging';
import type { HandoffFact } from '../domain/facts';
import { reasonCode } from '../domain/reasons';
import type { FactStore } from './fact-store';
import type { LiveMetrics } from './live-metrics';

const hasAssignment = (f: HandoffFact | undefined) => Object.values(f?.routing ?? {}).some((u) => u.status === 'assigned');

export function analyticsHandlers(facts: FactStore, live: LiveMetrics) {
  return {
    conversationEvent: (event: ConversationEvent, meta: EventMeta) => facts.recordConversationEvent(event, meta.time),
    signals: (signals: ConversationSignals, meta: EventMeta) => facts.recordSignals(signals, meta.time),
    context: (pkg: ContextPackage, meta: EventMeta) => facts.recordContext(pkg, meta.time),
    requested: async (request: HandoffRequested, meta: EventMeta) => {
      const { first, before } = await facts.recordRequest(request, meta.time);
      if (!first) return;
      live.handoffRequested({ reason: reasonCode(request.reason), category: request.category || 'other', tier: request.customerTier || 'unknown' });
      // The assignment arrived first: the waits are complete only now.
      if (hasAssignment(before)) {
        const fact = await facts.handoff(request.handoffId);
        if (fact) live.assigned(fact);
      }
    },
    routing: async (update: RoutingUpdate, meta: EventMeta) => {
      const before = await facts.recordRouting(update, meta.time);
      if (hasAssignment(before) || !before?.request) return;
      const fact = await facts.handoff(update.handoffId);
      if (hasAssignment(fact)) live.assigned(fact!);
    },
    outcome: async (outcome: ConversationOutcome) => {
      await facts.recordOutcome(outcome);
      live.outcome(ResolvedBy[outcome.resolvedBy] ?? 'unknown');
    },
  };
}
