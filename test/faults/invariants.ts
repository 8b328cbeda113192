// The whole-system invariant, checked by reading every output topic from the beginning after a fault: every
// conversation that should escalate has exactly one handoff, one final routing outcome and one transition message;
// none that should not has any; no agent is ever over capacity.
import { OutboundKind, RoutingStatus, type RoutingUpdate } from '@handoff/contracts';
import { Messaging, Topics, dlqNameOf, type RawMessage } from '@handoff/messaging';
import { TopicRecorder, uniqueName } from '@handoff/testing';
import type { ConversationPlan } from '../load/conversations';

const FINAL = new Set([RoutingStatus.ROUTING_STATUS_ASSIGNED, RoutingStatus.ROUTING_STATUS_ASYNC_FALLBACK, RoutingStatus.ROUTING_STATUS_ABANDONED]);
const FIRST_WORD = new Set([OutboundKind.OUTBOUND_KIND_TRANSITION, OutboundKind.OUTBOUND_KIND_ASYNC_NOTICE]);
const RELEASES = new Set([RoutingStatus.ROUTING_STATUS_COMPLETED, RoutingStatus.ROUTING_STATUS_ABANDONED, RoutingStatus.ROUTING_STATUS_TRANSFERRED]);

export interface InvariantReport {
  violations: string[];
  conversations: number;
  escalations: number;
  handoffs: number;
  /** Messages seen more than once on a topic (at-least-once redeliveries; harmless when ids repeat). */
  redeliveries: Record<string, number>;
  /** Every DLQ entry of the conversation and handoff topics, with the consumer group and reason. */
  deadLetters: Array<{ topic: string; group: string; kind: string; error: string; key: string | null }>;
  maxAgentLoad: Record<string, number>;
}

const DLQ_TOPICS = [Topics.conversationEvents, Topics.handoffRequested, Topics.handoffContext, Topics.handoffRouting, Topics.handoffSignals, Topics.handoffOffered];

function countBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    map.set(k, [...(map.get(k) ?? []), item]);
  }
  return map;
}

/** The highest number of handoffs each agent held at once, from ASSIGNED and the updates that release them. */
export function agentLoads(updates: RoutingUpdate[]): Record<string, number> {
  const byHandoff = new Map<string, string>();
  const changes: Array<{ at: number; agent: string; delta: number; handoff: string }> = [];
  const seen = new Set<string>();
  for (const u of updates) {
    if (seen.has(u.updateId)) continue;
    seen.add(u.updateId);
    const at = u.at?.getTime() ?? 0;
    if (u.status === RoutingStatus.ROUTING_STATUS_ASSIGNED && u.agent?.agentId) {
      byHandoff.set(u.handoffId, u.agent.agentId);
      changes.push({ at, agent: u.agent.agentId, delta: 1, handoff: u.handoffId });
    } else if (RELEASES.has(u.status)) {
      changes.push({ at, agent: '', delta: -1, handoff: u.handoffId });
    }
  }
  // Releases at the same millisecond go first: the order inside one millisecond is not observable.
  changes.sort((a, b) => a.at - b.at || a.delta - b.delta);
  const load = new Map<string, number>();
  const max: Record<string, number> = {};
  const holding = new Set<string>();
  for (const change of changes) {
    const agent = change.agent || byHandoff.get(change.handoff);
    if (!agent) continue;
    if (change.delta < 0 && !holding.has(change.handoff)) continue;
    if (change.delta > 0) holding.add(change.handoff);
    else holding.delete(change.handoff);
    const now = (load.get(agent) ?? 0) + change.delta;
    load.set(agent, now);
    max[agent] = Math.max(max[agent] ?? 0, now);
  }
  return max;
}

/**
 * Reads every output topic from the beginning with a fresh consumer group until nothing new arrives for `quietMs`,
 * then checks the invariant for `plans`. `capacity` is each agent's chat capacity.
 */
export async function checkInvariants(
  messaging: Messaging,
  plans: ConversationPlan[],
  capacity: Record<string, number>,
  options: { quietMs?: number; timeoutMs?: number } = {},
): Promise<InvariantReport> {
  const recorder = new TopicRecorder(messaging, uniqueName('invariants'))
    .record(Topics.handoffRequested)
    .record(Topics.handoffContext)
    .record(Topics.handoffRouting)
    .record(Topics.conversationOutbound);
  for (const topic of DLQ_TOPICS) recorder.recordRaw(dlqNameOf(messaging.topicName(topic)));
  await recorder.start();
  const total = () =>
    recorder.of(Topics.handoffRequested).length +
    recorder.of(Topics.handoffContext).length +
    recorder.of(Topics.handoffRouting).length +
    recorder.of(Topics.conversationOutbound).length +
    DLQ_TOPICS.reduce((n, t) => n + recorder.rawOf(dlqNameOf(messaging.topicName(t))).length, 0);
  const quietMs = options.quietMs ?? 4000;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let last = -1;
  let lastChange = Date.now();
  while (Date.now() < deadline) {
    const now = total();
    if (now !== last) {
      last = now;
      lastChange = Date.now();
    } else if (now > 0 && Date.now() - lastChange >= quietMs) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await recorder.stop();

  const ours = new Set(plans.map((p) => p.conversationId));
  const requested = recorder.of(Topics.handoffRequested).filter((r) => ours.has(r.event.conversationId));
  const packages = recorder.of(Topics.handoffContext).filter((r) => ours.has(r.event.conversationId));
  const routing = recorder.of(Topics.handoffRouting).filter((r) => ours.has(r.event.conversationId));
  const outbound = recorder.of(Topics.conversationOutbound).filter((r) => ours.has(r.event.conversationId));

  const violations: string[] = [];
  const requestedBy = countBy(requested, (r) => r.event.conversationId);
  const routingBy = countBy(routing, (r) => r.event.conversationId);
  const outboundBy = countBy(outbound, (r) => r.event.conversationId);
  const packagesBy = countBy(packages, (r) => r.event.conversationId);
  for (const plan of plans) {
    const id = plan.conversationId;
    const handoffs = new Set((requestedBy.get(id) ?? []).map((r) => r.event.handoffId));
    const finals = new Set((routingBy.get(id) ?? []).filter((r) => FINAL.has(r.event.status)).map((r) => r.event.updateId));
    const words = new Set((outboundBy.get(id) ?? []).filter((r) => FIRST_WORD.has(r.event.kind)).map((r) => r.event.messageId));
    const contexts = new Set((packagesBy.get(id) ?? []).map((r) => r.event.handoffId));
    if (plan.expectsHandoff) {
      if (handoffs.size !== 1) violations.push(`${id} (${plan.kind}): ${handoffs.size} handoffs, expected 1`);
      if (contexts.size !== 1) violations.push(`${id} (${plan.kind}): ${contexts.size} context packages, expected 1`);
      if (finals.size !== 1) violations.push(`${id} (${plan.kind}): ${finals.size} final routing outcomes, expected 1`);
      if (words.size !== 1) violations.push(`${id} (${plan.kind}): ${words.size} transition messages, expected 1`);
    } else if (handoffs.size + finals.size + words.size > 0) {
      violations.push(`${id} (${plan.kind}): should not escalate, has ${handoffs.size} handoffs, ${finals.size} routing outcomes, ${words.size} transition messages`);
    }
  }

  const maxAgentLoad = agentLoads(routing.map((r) => r.event));
  for (const [agent, load] of Object.entries(maxAgentLoad)) {
    if (capacity[agent] !== undefined && load > capacity[agent]) violations.push(`agent ${agent} held ${load} handoffs at once, capacity ${capacity[agent]}`);
  }

  const redeliveries: Record<string, number> = {
    [Topics.handoffRequested.name]: requested.length - new Set(requested.map((r) => r.meta.id)).size,
    [Topics.handoffContext.name]: packages.length - new Set(packages.map((r) => r.meta.id)).size,
    [Topics.handoffRouting.name]: routing.length - new Set(routing.map((r) => r.event.updateId)).size,
    [Topics.conversationOutbound.name]: outbound.length - new Set(outbound.map((r) => r.event.messageId)).size,
  };
  const deadLetters = DLQ_TOPICS.flatMap((t) =>
    recorder.rawOf(dlqNameOf(messaging.topicName(t))).map((m: RawMessage) => ({
      topic: t.name,
      group: m.meta.headers.dlq_consumer_group ?? '',
      kind: m.meta.headers.dlq_error_kind ?? '',
      error: m.meta.headers.dlq_error ?? '',
      key: m.key,
    })),
  );
  return {
    violations,
    conversations: plans.length,
    escalations: plans.filter((p) => p.expectsHandoff).length,
    handoffs: new Set(requested.map((r) => r.event.handoffId)).size,
    redeliveries,
    deadLetters,
    maxAgentLoad,
  };
}
