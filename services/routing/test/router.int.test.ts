import { AsyncReason, ContextPackage, EscalationReason, FollowUpChannel, Presence, RoutingStatus, RoutingUpdate, Severity, TriggerMode } from '@handoff/contracts';
import { ManualClock } from '@handoff/core';
import type { EventPublisher, TopicDefinition } from '@handoff/messaging';
import { connectStore, ensureIndexes, type Store } from '@handoff/store';
import { infraEnv, testLogger, uniqueName } from '@handoff/testing';
import { availableAgent } from './fixtures';
import { AgentRepository, agentIndexes } from '../src/adapters/agent-repository';
import { HandoffRepository, handoffIndexes } from '../src/adapters/handoff-repository';
import { defaultPolicyFile, loadRoutingPolicy } from '../src/adapters/policy-file';
import { QueueStats } from '../src/adapters/queue-stats';
import { Router } from '../src/adapters/router';
import { channelDefaultsOf } from '../src/domain/policy/compile';

const policy = loadRoutingPolicy(defaultPolicyFile());

/** Captures what the router publishes; the Kafka side is covered by the end-to-end suite. */
class CapturingPublisher {
  readonly updates: RoutingUpdate[] = [];
  async publish<T>(_topic: TopicDefinition<T>, message: T): Promise<void> {
    this.updates.push(message as RoutingUpdate);
  }
}


const pkg = (handoffId: string, channel = ''): ContextPackage =>
  ContextPackage.fromPartial({
    handoffId,
    conversationId: `conv-${handoffId}`,
    request: {
      handoffId, conversationId: `conv-${handoffId}`, escalationSequence: 1, reason: EscalationReason.ESCALATION_REASON_EXPLICIT_REQUEST, mode: TriggerMode.TRIGGER_MODE_HARD,
      requestedAt: new Date('2026-11-21T10:00:00Z'), category: 'refund', severity: Severity.SEVERITY_NORMAL, customerTier: 'standard', language: 'en', channel,
    },
    language: 'en',
  });

describe('routing on a real MongoDB-wire server with two replicas', () => {
  let store: Store;
  const clock = new ManualClock('2026-11-21T10:00:00Z');
  const published = new CapturingPublisher();
  let replicas: Router[];
  let agents: AgentRepository;
  let handoffs: HandoffRepository;

  beforeAll(async () => {
    store = await connectStore({ url: infraEnv().mongoUrl, database: uniqueName('router').replace(/-/g, '_'), appName: 'test' });
    await ensureIndexes(store.db, { ...agentIndexes, ...handoffIndexes });
    agents = new AgentRepository(store.db, { channelDefaults: channelDefaultsOf(policy) });
    handoffs = new HandoffRepository(store.db, policy.policy.version);
    const queueStats = new QueueStats(store.db, policy.policy.eta);
    // Two replicas sharing one database, as two pods would.
    replicas = [1, 2].map(() => new Router({ policy, agents, handoffs, queueStats, publisher: published as unknown as EventPublisher, clock, logger: testLogger() }));
  });

  afterAll(async () => {
    await store.db.dropDatabase();
    await store.close();
  });

  it('assigns each handoff exactly once and never beyond capacity when replicas race', async () => {
    await agents.upsert(availableAgent('ann', 2, 'refund'), clock.now());
    await agents.upsert(availableAgent('ben', 1, 'refund'), clock.now());
    const ids = ['h1', 'h2', 'h3', 'h4', 'h5'];
    // Every replica routes every package (a redelivery during a rebalance), all at once.
    await Promise.all(ids.flatMap((id) => replicas.map((r) => r.route(pkg(id)))));
    // Slots given back by the losers of a race are offered to the queue.
    await Promise.all(replicas.map((r) => r.drainQueue()));

    const final = await Promise.all(ids.map(async (id) => (await handoffs.get(id))!));
    expect(final.filter((h) => h.status === 'assigned')).toHaveLength(3);
    expect(final.filter((h) => h.status === 'queued')).toHaveLength(2);
    expect((await agents.get('ann'))!.activeHandoffs).toBe(2);
    expect((await agents.get('ben'))!.activeHandoffs).toBe(1);
    for (const id of ids) {
      const assignedUpdates = new Set(published.updates.filter((u) => u.handoffId === id && u.status === RoutingStatus.ROUTING_STATUS_ASSIGNED).map((u) => u.updateId));
      expect(assignedUpdates.size).toBeLessThanOrEqual(1);
    }
  });

  it('serves the queue in priority order when an agent completes a handoff', async () => {
    const assigned = (await Promise.all(['h1', 'h2', 'h3', 'h4', 'h5'].map((id) => handoffs.get(id)))).find((h) => h!.agentId === 'ben')!;
    await replicas[0]!.complete(assigned._id, 'ben');
    await replicas[0]!.drainQueue();
    expect((await agents.get('ben'))!.activeHandoffs).toBe(1);
    const queued = (await Promise.all(['h1', 'h2', 'h3', 'h4', 'h5'].map((id) => handoffs.get(id)))).filter((h) => h!.status === 'queued');
    expect(queued).toHaveLength(1);
  });

  it('releases a slot orphaned by a crash between reserving and assigning', async () => {
    await agents.upsert(availableAgent('cat', 1, 'refund'), clock.now());
    await agents.reserveCapacity('cat', 'never-assigned', { now: clock.now(), heartbeatTimeoutMs: 120_000 });
    expect((await agents.get('cat'))!.activeHandoffs).toBe(1);
    clock.advance(61_000);
    expect(await replicas[1]!.releaseOrphanedSlots()).toBe(1);
    expect((await agents.get('cat'))!.activeHandoffs).toBe(0);
  });

  it('takes the capacity of the handoff’s channel, so a voice call does not use up chat', async () => {
    // The default policy gives voice 1 per agent; dee's chat capacity is 1 as well. She is the only one available.
    for (const agentId of ['ann', 'ben', 'cat']) await agents.setPresence(agentId, Presence.PRESENCE_AWAY, clock.now());
    await agents.upsert(availableAgent('dee', 1, 'refund'), clock.now());
    await replicas[0]!.route(pkg('v1', 'voice'));
    await replicas[0]!.route(pkg('c1', 'chat'));
    await replicas[0]!.route(pkg('v2', 'VOICE'));
    await replicas[0]!.route(pkg('x1', 'carrier-pigeon')); // not a channel of the policy: routed as chat
    const status = async (id: string) => (await handoffs.get(id))!;
    expect((await status('v1')).agentId).toBe('dee');
    expect((await status('c1')).agentId).toBe('dee');
    expect((await status('v2')).status).toBe('queued'); // dee's one voice slot is taken
    expect((await status('x1')).status).toBe('queued'); // and her one chat slot
    const dee = (await agents.get('dee'))!;
    expect(dee.activeHandoffs).toBe(2);
    expect(dee.channelCapacities).toEqual(expect.arrayContaining([{ channel: 'voice', capacity: 1, activeHandoffs: 1 }]));
  });

  it('turns a waiting handoff into an async ticket when the customer chooses a callback, and ignores the choice once an agent has it', async () => {
    await replicas[1]!.followUpChosen('v2', FollowUpChannel.FOLLOW_UP_CHANNEL_CALLBACK);
    const update = published.updates.filter((u) => u.handoffId === 'v2').at(-1)!;
    expect(update).toMatchObject({ status: RoutingStatus.ROUTING_STATUS_ASYNC_FALLBACK, asyncReason: AsyncReason.ASYNC_REASON_CUSTOMER_CHOSE_FOLLOW_UP, followUpChannel: FollowUpChannel.FOLLOW_UP_CHANNEL_CALLBACK });
    expect(update.slaDescription).not.toBe('');
    expect(update.slaTimeZone).not.toBe('');
    expect(update.slaDescription).toContain(update.slaTimeZone); // the team calendar's zone, also named in the words

    const before = published.updates.length;
    await replicas[1]!.followUpChosen('v1', FollowUpChannel.FOLLOW_UP_CHANNEL_EMAIL); // dee already has it
    await replicas[1]!.followUpChosen('no-such-handoff', FollowUpChannel.FOLLOW_UP_CHANNEL_EMAIL);
    expect(published.updates.slice(before).filter((u) => u.handoffId === 'v1' || u.handoffId === 'no-such-handoff')).toEqual([]);
    expect((await handoffs.get('v1'))!.status).toBe('assigned');
  });

  it('reads a handoff as of its latest claimed transition, even before that transition reached the handoff document', async () => {
    await agents.setPresence('dee', Presence.PRESENCE_AWAY, clock.now());
    await replicas[0]!.route(pkg('p1'));
    const queued = (await handoffs.get('p1'))!;
    expect(queued.status).toBe('queued');
    // A writer claimed the next step and published it, but has not projected it yet (or crashed before it could).
    const claimed = RoutingUpdate.fromPartial({ updateId: 'ru-p1-next', handoffId: 'p1', conversationId: 'conv-p1', sequence: queued.sequence + 1, status: RoutingStatus.ROUTING_STATUS_ABANDONED });
    await store.db.collection('handoff_transitions').insertOne({
      _id: `p1:${queued.sequence + 1}` as never, handoffId: 'p1', sequence: queued.sequence + 1, status: 'abandoned', agentId: null,
      placement: { queue: queued.queue, teamKey: queued.teamKey, team: queued.team, step: queued.step }, position: 0, offerExpiresAt: null, declinedBy: [], transferredTo: null,
      update: RoutingUpdate.toJSON(claimed),
    });
    const seen = (await handoffs.get('p1'))!;
    expect(seen).toMatchObject({ status: 'abandoned', sequence: queued.sequence + 1 });
    expect(handoffs.latestUpdate(seen)?.updateId).toBe('ru-p1-next');
    // …and the document itself was brought up to date.
    expect(await store.db.collection('handoffs').findOne({ _id: 'p1' as never })).toMatchObject({ status: 'abandoned', sequence: queued.sequence + 1 });
  });
});
