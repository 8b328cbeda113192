// Live numbers as OpenTelemetry metrics, so they reach any Prometheus or OTLP backend: handoffs (a counter whose rate
// is handoffs/s), queue wait and time to agent (histograms in seconds), outcomes and flags. Each is recorded once per
// handoff: when the fact that completes it is first stored, never on a redelivery.
import type { Meter } from '@opentelemetry/api';
import type { HandoffFact, Verdict } from '../domain/facts';
import { secondsBetween } from '../domain/time';

export class LiveMetrics {
  private readonly handoffs;
  private readonly queueWait;
  private readonly timeToAgent;
  private readonly outcomes;
  private readonly flags;

  constructor(meter: Meter) {
    this.handoffs = meter.createCounter('handoff.analytics.handoffs', { description: 'Handoffs requested, by reason, category and tier' });
    this.queueWait = meter.createHistogram('handoff.analytics.queue_wait', { description: 'Seconds a handoff waited in its queue before an agent took it', unit: 's' });
    this.timeToAgent = meter.createHistogram('handoff.analytics.time_to_agent', { description: 'Seconds from the handoff request to an assigned agent', unit: 's' });
    this.outcomes = meter.createCounter('handoff.analytics.outcomes', { description: 'Conversation outcomes received, by who resolved them' });
    this.flags = meter.createCounter('handoff.analytics.flags', { description: 'Agents\' "could the AI have resolved this?" answers' });
  }

  handoffRequested(attributes: { reason: string; category: string; tier: string }): void {
    this.handoffs.add(1, attributes);
  }

  /** Records the waits of a handoff whose assignment and request are both known, the first time they are. */
  assigned(fact: HandoffFact): void {
    const request = fact.request;
    const updates = Object.values(fact.routing).sort((a, b) => a.sequence - b.sequence);
    const assigned = updates.find((u) => u.status === 'assigned');
    if (!request || !assigned) return;
    this.timeToAgent.record(secondsBetween(request.at, assigned.at), { category: request.category || 'other' });
    const queued = updates.find((u) => (u.status === 'queued' || u.status === 'step_fallback') && u.sequence < assigned.sequence);
    if (queued) this.queueWait.record(secondsBetween(queued.at, assigned.at), { queue: queued.queueId });
  }

  outcome(resolvedBy: string): void {
    this.outcomes.add(1, { resolved_by: resolvedBy });
  }

  flag(verdict: Verdict): void {
    this.flags.add(1, { verdict });
  }
}
