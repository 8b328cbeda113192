// Routing's own time from a context package to the offer when agents are free, and offers per second, against the
// real MongoDB-wire server (MONGO_URL; scripts/bench.sh starts the local one). The publisher only records: Kafka's
// share of the end-to-end latency is measured separately (issue: whole-system benchmark).
//   MONGO_URL=mongodb://127.0.0.1:27018/ npx tsx services/routing/bench/routing-latency.bench.ts [handoffs]
import os from 'node:os';
import { ContextPackage, EscalationReason, Presence, Severity, TriggerMode } from '@handoff/contracts';
import { systemClock } from '@handoff/core';
import { createLogger } from '@handoff/logging';
import type { EventPublisher } from '@handoff/messaging';
import { connectStore, ensureIndexes } from '@handoff/store';
import { AgentRepository, agentIndexes } from '../src/adapters/agent-repository';
import { HandoffRepository, handoffIndexes } from '../src/adapters/handoff-repository';
import { defaultPolicyFile, loadRoutingPolicy } from '../src/adapters/policy-file';
import { QueueStats } from '../src/adapters/queue-stats';
import { Router } from '../src/adapters/router';

const HANDOFFS = Number(process.argv[2] ?? 400);
const CATEGORIES = ['billing_dispute', 'refund', 'payment', 'account_access', 'security', 'technical_issue', 'order_delivery', 'cancellation'];
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function main(): Promise<void> {
  const url = process.env.MONGO_URL;
  if (!url) throw new Error('MONGO_URL must point at a MongoDB-wire server (npm run bench starts the local one)');
  const store = await connectStore({ url, database: `bench_routing_${Date.now().toString(36)}`, appName: 'bench' });
  await ensureIndexes(store.db, { ...agentIndexes, ...handoffIndexes });
  const policy = loadRoutingPolicy(defaultPolicyFile());
  const agents = new AgentRepository(store.db);
  let offers = 0;
  let offeredAt: number | undefined;
  const publisher = {
    publish: async () => {
      offers += 1;
      offeredAt = performance.now();
    },
  } as unknown as EventPublisher;
  const router = new Router({ policy, agents, handoffs: new HandoffRepository(store.db, policy.policy.version), queueStats: new QueueStats(store.db, policy.policy.eta), publisher, clock: systemClock, logger: createLogger({ service: 'bench', level: 'silent' }) });

  // Enough free capacity that every handoff is offered at once: 40 agents × 20 chats, every skill.
  for (let i = 0; i < 40; i++) {
    await agents.upsert(
      {
        agentId: `agent-${i}`, displayName: `Agent ${i}`, skills: [...CATEGORIES, 'general'].map((name) => ({ name, level: 1 + ((i + name.length) % 5) })), languages: ['en'], teams: [],
        chatCapacity: 20, presence: Presence.PRESENCE_AVAILABLE, activeHandoffs: 0, presenceChangedAt: undefined, onCall: false, autoAccept: false, pendingOffers: [], lastHeartbeatAt: undefined, channelCapacities: [],
      },
      new Date(),
    );
  }
  const pkg = (i: number) =>
    ContextPackage.fromPartial({
      handoffId: `bench-${i}`, conversationId: `bench-conv-${i}`, language: 'en',
      request: { handoffId: `bench-${i}`, conversationId: `bench-conv-${i}`, escalationSequence: 1, reason: EscalationReason.ESCALATION_REASON_HARD_CATEGORY, mode: TriggerMode.TRIGGER_MODE_HARD, category: CATEGORIES[i % CATEGORIES.length]!, severity: Severity.SEVERITY_NORMAL, customerTier: 'standard', language: 'en' },
    });

  for (let i = 0; i < 20; i++) await router.route(pkg(-1 - i)); // warm-up
  const latencies: number[] = [];
  const untilReturn: number[] = [];
  const started = performance.now();
  for (let i = 0; i < HANDOFFS; i++) {
    const t0 = performance.now();
    offeredAt = undefined;
    await router.route(pkg(i));
    untilReturn.push(performance.now() - t0);
    latencies.push((offeredAt ?? performance.now()) - t0);
  }
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  untilReturn.sort((a, b) => a - b);
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  console.log(`machine: ${os.cpus()[0]?.model}, ${os.cpus().length} cores, Node ${process.version}; MongoDB-wire server at ${url}`);
  console.log(`command: MONGO_URL=… npx tsx services/routing/bench/routing-latency.bench.ts ${HANDOFFS}`);
  console.log(`handoffs routed one after another: ${HANDOFFS} (${offers - 20} offers), 40 free agents`);
  console.log(`routing time per handoff (context package in → offer handed to the producer): p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(latencies.at(-1)!)}`);
  console.log(`  … until route() returns (the handoff document's projection done too): p50 ${ms(percentile(untilReturn, 50))}, p99 ${ms(percentile(untilReturn, 99))}`);
  console.log(`offers per second (one routing instance, sequential): ${(HANDOFFS / elapsed).toFixed(0)}`);
  console.log(percentile(latencies, 99) <= 50 ? 'target p99 ≤ 50 ms: met' : `target p99 ≤ 50 ms: MISSED (p99 ${ms(percentile(latencies, 99))})`);
  await store.db.dropDatabase();
  await store.close();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
