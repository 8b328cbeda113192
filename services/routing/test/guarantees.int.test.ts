import { ContextPackage, EscalationReason, Presence, Severity, TriggerMode, type RoutingUpdate } from '@handoff/contracts';
import { ManualClock, handoffIdFor } from '@handoff/core';
import type { EventPublisher, TopicDefinition } from '@handoff/messaging';
import { connectStore, ensureIndexes } from '@handoff/store';
import { infraEnv, testLogger, uniqueName } from '@handoff/testing';
import fc from 'fast-check';
import { AgentRepository, agentIndexes } from '../src/adapters/agent-repository';
import { HandoffRepository, handoffIndexes } from '../src/adapters/handoff-repository';
import { defaultPolicyFile, loadRoutingPolicy } from '../src/adapters/policy-file';
import { QueueStats } from '../src/adapters/queue-stats';
import { Router } from '../src/adapters/router';
import { availableAgent } from './fixtures';

const policy = loadRoutingPolicy(defaultPolicyFile());
const CATEGORIES = ['refund', 'billing_dispute', 'other'];
const PRESENCES = [Presence.PRESENCE_AVAILABLE, Presence.PRESENCE_AVAILABLE, Presence.PRESENCE_AWAY, Presence.PRESENCE_DO_NOT_DISTURB, Presence.PRESENCE_OFFLINE];

type Op =
  | { kind: 'route'; category: number }
  | { kind: 'accept' | 'decline' | 'complete' | 'wrongAccept'; pick: number }
  | { kind: 'presence'; agent: number; presence: number }
  | { kind: 'time'; seconds: number }
  | { kind: 'drain' };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('route' as const), category: fc.nat({ max: 2 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('accept' as const, 'decline' as const, 'complete' as const, 'wrongAccept' as const), pick: fc.nat({ max: 20 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('presence' as const), agent: fc.nat({ max: 4 }), presence: fc.nat({ max: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('time' as const), seconds: fc.integer({ min: 5, max: 40 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('drain' as const) }) },
);

describe('routing guarantees with two replicas, random agents, presence changes, accepts and declines', () => {
  it('never exceeds capacity, never assigns a handoff twice, never offers to an agent who is not available', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ capacity: fc.integer({ min: 1, max: 3 }), autoAccept: fc.boolean(), refund: fc.boolean() }), { minLength: 2, maxLength: 5 }),
        fc.array(fc.tuple(op, op), { minLength: 10, maxLength: 25 }),
        async (agentSpecs, steps) => {
          const store = await connectStore({ url: infraEnv().mongoUrl, database: uniqueName('prop').replace(/-/g, '_'), appName: 'test' });
          try {
            await ensureIndexes(store.db, { ...agentIndexes, ...handoffIndexes });
            const clock = new ManualClock('2026-11-21T10:00:00Z');
            const updates: RoutingUpdate[] = [];
            const publisher = { publish: async <T>(_t: TopicDefinition<T>, m: T) => void updates.push(m as RoutingUpdate) } as unknown as EventPublisher;
            const agents = new AgentRepository(store.db);
            const handoffs = new HandoffRepository(store.db, policy.policy.version);
            const replicas = [0, 1].map(() => new Router({ policy, agents, handoffs, queueStats: new QueueStats(store.db, policy.policy.eta), publisher, clock, logger: testLogger() }));
            const ids = agentSpecs.map((_, i) => `agent${i}`);
            for (const [i, spec] of agentSpecs.entries()) {
              await agents.upsert({ ...availableAgent(ids[i]!, spec.capacity, spec.refund ? 'refund' : 'billing_dispute'), autoAccept: spec.autoAccept }, clock.now());
            }
            let routed = 0;
            const presenceAt = new Map(ids.map((id) => [id, Presence.PRESENCE_AVAILABLE]));

            const run = async (step: Op, replica: Router): Promise<void> => {
              const offered = updates.filter((u) => u.status === 2);
              const assigned = updates.filter((u) => u.status === 3);
              switch (step.kind) {
                case 'route': {
                  routed += 1;
                  const conversationId = `conv-${routed}`;
                  const handoffId = handoffIdFor(conversationId, 1);
                  await replica.route(
                    ContextPackage.fromPartial({
                      handoffId, conversationId, language: 'en',
                      request: { handoffId, conversationId, escalationSequence: 1, reason: EscalationReason.ESCALATION_REASON_HARD_CATEGORY, mode: TriggerMode.TRIGGER_MODE_HARD, category: CATEGORIES[step.category]!, severity: Severity.SEVERITY_NORMAL, customerTier: 'standard', language: 'en' },
                    }),
                  );
                  break;
                }
                case 'accept':
                case 'decline':
                case 'wrongAccept': {
                  const u = offered[step.pick % Math.max(1, offered.length)];
                  if (!u) break;
                  const agentId = step.kind === 'wrongAccept' ? ids[(ids.indexOf(u.agent!.agentId) + 1) % ids.length]! : u.agent!.agentId;
                  await (step.kind === 'decline' ? replica.decline(u.handoffId, agentId) : replica.accept(u.handoffId, agentId)).catch(() => undefined);
                  break;
                }
                case 'complete': {
                  const u = assigned[step.pick % Math.max(1, assigned.length)];
                  if (u) await replica.complete(u.handoffId, u.agent!.agentId).catch(() => undefined);
                  break;
                }
                case 'presence':
                  presenceAt.set(ids[step.agent % ids.length]!, PRESENCES[step.presence]!);
                  await agents.setPresence(ids[step.agent % ids.length]!, PRESENCES[step.presence]!, clock.now());
                  break;
                case 'time':
                  clock.advance(step.seconds * 1000);
                  await replica.expireOffers();
                  break;
                case 'drain':
                  await replica.drainQueue();
                  break;
              }
            };

            for (const [a, b] of steps) {
              const before = updates.length;
              // Presence as stored before the step (lapsed offers set agents to away behind the test's back).
              for (const agent of await agents.list()) presenceAt.set(agent.agentId, agent.presence);
              // The two replicas act at the same time, as two pods would.
              await Promise.all([run(a, replicas[0]!), run(b, replicas[1]!)]);
              await Promise.all(replicas.map((r) => r.drainQueue()));

              // Capacity is never exceeded, and a handoff is held by at most one agent.
              const slots = await store.db.collection<{ agentId: string; handoffId: string }>('agent_slots').find({}).toArray();
              for (const [i, spec] of agentSpecs.entries()) expect(slots.filter((s) => s.agentId === ids[i]).length).toBeLessThanOrEqual(spec.capacity);
              const holders = new Map<string, Set<string>>();
              for (const s of slots) holders.set(s.handoffId, new Set([...(holders.get(s.handoffId) ?? []), s.agentId]));
              for (const agentsHolding of holders.values()) expect(agentsHolding.size).toBe(1);
              // Every assigned or offered handoff is held by exactly its agent.
              for (const doc of await store.db.collection<{ _id: string; status: string; agentId: string | null }>('handoffs').find({ status: { $in: ['assigned', 'offered'] } }).toArray()) {
                expect([...(holders.get(doc._id) ?? [])]).toEqual([doc.agentId]);
              }
              // New offers (and auto-accepted assignments) go only to agents who were available for the whole step.
              // Accepting an offer made earlier, after stepping away, is allowed: that offer was made while available.
              const offeredEarlier = (u: RoutingUpdate) => updates.slice(0, before).some((x) => x.status === 2 && x.handoffId === u.handoffId && x.agent?.agentId === u.agent?.agentId);
              for (const u of updates.slice(before).filter((x) => x.status === 2 || (x.status === 3 && !offeredEarlier(x)))) {
                const changedThisStep = [a, b].some((o) => o.kind === 'presence');
                if (!changedThisStep) expect(presenceAt.get(u.agent!.agentId)).toBe(Presence.PRESENCE_AVAILABLE);
              }
            }
          } finally {
            await store.db.dropDatabase();
            await store.close();
          }
        },
      ),
      { numRuns: 4, seed: 20261121, endOnFailure: true },
    );
  }, 600_000);
});
