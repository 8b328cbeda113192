import { ContextPackage, EscalationReason, Presence, RoutingStatus, Severity, TriggerMode, type RoutingUpdate } from '@handoff/contracts';
import { ManualClock, handoffIdFor } from '@handoff/core';
import { HandoffError } from '@handoff/errors';
import type { EventPublisher, TopicDefinition } from '@handoff/messaging';
import { connectStore, ensureIndexes, type Store } from '@handoff/store';
import { infraEnv, testLogger, uniqueName } from '@handoff/testing';
import { AgentRepository, agentIndexes } from '../src/adapters/agent-repository';
import { HandoffRepository, handoffIndexes } from '../src/adapters/handoff-repository';
import { defaultPolicyFile, loadRoutingPolicy } from '../src/adapters/policy-file';
import { QueueStats } from '../src/adapters/queue-stats';
import { Router } from '../src/adapters/router';
import { availableAgent } from './fixtures';

class CapturingPublisher {
  readonly updates: RoutingUpdate[] = [];
  async publish<T>(_topic: TopicDefinition<T>, message: T): Promise<void> {
    this.updates.push(message as RoutingUpdate);
  }
}

const policy = loadRoutingPolicy(defaultPolicyFile());
/** Handoff ids derive from the conversation id and escalation sequence, as detection makes them. */
const id = (name: string) => handoffIdFor(`conv-${name}`, 1);
const pkg = (name: string) =>
  ContextPackage.fromPartial({
    handoffId: id(name),
    conversationId: `conv-${name}`,
    request: { handoffId: id(name), conversationId: `conv-${name}`, escalationSequence: 1, reason: EscalationReason.ESCALATION_REASON_HARD_CATEGORY, mode: TriggerMode.TRIGGER_MODE_HARD, category: 'refund', severity: Severity.SEVERITY_NORMAL, customerTier: 'standard', language: 'en' },
    language: 'en',
  });

async function rejection(promise: Promise<unknown>): Promise<HandoffError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HandoffError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('reservations: offers that agents accept, decline or let lapse', () => {
  let store: Store;
  const clock = new ManualClock('2026-11-21T10:00:00Z');
  const published = new CapturingPublisher();
  let router: Router;
  let agents: AgentRepository;
  const updatesOf = (id: string) => published.updates.filter((u) => u.handoffId === id);
  const person = (id: string, level: number) => ({ ...availableAgent(id, 2, 'refund'), skills: [{ name: 'refund', level }], autoAccept: false });

  beforeAll(async () => {
    store = await connectStore({ url: infraEnv().mongoUrl, database: uniqueName('res').replace(/-/g, '_'), appName: 'test' });
    await ensureIndexes(store.db, { ...agentIndexes, ...handoffIndexes });
    agents = new AgentRepository(store.db);
    router = new Router({ policy, agents, handoffs: new HandoffRepository(store.db, policy.policy.version), queueStats: new QueueStats(store.db, policy.policy.eta), publisher: published as unknown as EventPublisher, clock, logger: testLogger() });
    await agents.upsert(person('ana', 5), clock.now());
    await agents.upsert(person('ben', 3), clock.now());
  });

  afterAll(async () => {
    await store.db.dropDatabase();
    await store.close();
  });

  it('offers to the best agent, holding their capacity, and assigns when they accept', async () => {
    await router.route(pkg('h1'));
    expect(updatesOf(id('h1')).at(-1)).toMatchObject({ status: RoutingStatus.ROUTING_STATUS_OFFERED, agent: { agentId: 'ana' } });
    expect((await agents.get('ana'))!).toMatchObject({ activeHandoffs: 1, pendingOffers: [id('h1')] });
    await router.accept(id('h1'), 'ana');
    expect(updatesOf(id('h1')).at(-1)).toMatchObject({ status: RoutingStatus.ROUTING_STATUS_ASSIGNED, agent: { agentId: 'ana' } });
    expect((await agents.get('ana'))!).toMatchObject({ activeHandoffs: 1, pendingOffers: [] });
    // Accepting again is harmless.
    expect((await router.accept(id('h1'), 'ana')).status).toBe(RoutingStatus.ROUTING_STATUS_ASSIGNED);
  });

  it('refuses another agent\'s offer or handoff (PERMISSION_DENIED) and a stale one (FAILED_PRECONDITION)', async () => {
    await router.route(pkg('h2'));
    expect(updatesOf(id('h2')).at(-1)).toMatchObject({ status: RoutingStatus.ROUTING_STATUS_OFFERED, agent: { agentId: 'ana' } });
    expect((await rejection(router.accept(id('h2'), 'ben'))).code).toBe('PERMISSION_DENIED');
    expect((await rejection(router.decline(id('h1'), 'ana'))).code).toBe('FAILED_PRECONDITION'); // she already accepted it
    expect((await rejection(router.accept(id('h1'), 'ben'))).code).toBe('PERMISSION_DENIED'); // it is ana's
  });

  it('gives a declined handoff to the next agent, never back to the one who declined', async () => {
    await router.decline(id('h2'), 'ana');
    await router.drainQueue();
    const statuses = updatesOf(id('h2')).map((u) => [u.status, u.agent?.agentId ?? '']);
    expect(statuses).toEqual([
      [RoutingStatus.ROUTING_STATUS_OFFERED, 'ana'],
      [RoutingStatus.ROUTING_STATUS_QUEUED, ''],
      [RoutingStatus.ROUTING_STATUS_OFFERED, 'ben'],
    ]);
    expect((await agents.get('ana'))!.pendingOffers).toEqual([]);
  });

  it('moves a lapsed offer to the next agent and sets the silent agent to away', async () => {
    clock.advance(31_000);
    expect(await router.expireOffers()).toBe(1);
    expect((await agents.get('ben'))!).toMatchObject({ presence: Presence.PRESENCE_AWAY, activeHandoffs: 0 });
    await router.drainQueue();
    // ana holds h1 and has room for one more; she declined h2, so nobody else can take it: it waits.
    expect(updatesOf(id('h2')).at(-1)).toMatchObject({ status: RoutingStatus.ROUTING_STATUS_QUEUED });
  });

  it('treats an agent whose heartbeats stopped as offline', async () => {
    await agents.upsert(person('cam', 5), clock.now());
    await agents.heartbeat('cam', clock.now());
    clock.advance(121_000);
    await router.route(pkg('h3'));
    expect(updatesOf(id('h3')).at(-1)!.agent?.agentId).not.toBe('cam');
    await agents.heartbeat('cam', clock.now());
    await router.drainQueue();
    expect(updatesOf(id('h2')).concat(updatesOf(id('h3'))).some((u) => u.status === RoutingStatus.ROUTING_STATUS_OFFERED && u.agent?.agentId === 'cam')).toBe(true);
  });

  it('transfers an assigned handoff to another queue with a note, never back to the transferring agent', async () => {
    await agents.upsert({ ...availableAgent('gus', 2, 'general'), autoAccept: true }, clock.now());
    const update = await router.transfer(id('h1'), 'ana', 'general', 'needs a refund above my limit');
    expect(update).toMatchObject({ status: RoutingStatus.ROUTING_STATUS_TRANSFERRED, queueId: 'general', team: 'Support', transferNote: 'needs a refund above my limit' });
    await router.drainQueue();
    expect(updatesOf(id('h1')).at(-1)).toMatchObject({ status: RoutingStatus.ROUTING_STATUS_ASSIGNED, agent: { agentId: 'gus' }, queueId: 'general' });
    expect((await agents.get('ana'))!.activeHandoffs).toBeLessThanOrEqual(1);
    expect((await rejection(router.transfer(id('h1'), 'ana', 'general', ''))).code).toBe('PERMISSION_DENIED');
    expect((await rejection(router.transfer(id('h1'), 'gus', 'nowhere', ''))).code).toBe('INVALID_ARGUMENT');
  });

  it('marks a waiting handoff abandoned when the customer leaves, and frees the agent when an assigned conversation closes', async () => {
    await agents.setPresence('gus', Presence.PRESENCE_OFFLINE, clock.now());
    await agents.setPresence('cam', Presence.PRESENCE_OFFLINE, clock.now());
    await agents.setPresence('ana', Presence.PRESENCE_OFFLINE, clock.now());
    await router.route(pkg('h4'));
    expect(updatesOf(id('h4')).at(-1)!.status).toBe(RoutingStatus.ROUTING_STATUS_QUEUED);
    await router.conversationClosed('conv-h4');
    expect(updatesOf(id('h4')).at(-1)!.status).toBe(RoutingStatus.ROUTING_STATUS_ABANDONED);

    const before = (await agents.get('gus'))!.activeHandoffs;
    await router.conversationClosed('conv-h1');
    expect(updatesOf(id('h1')).at(-1)).toMatchObject({ status: RoutingStatus.ROUTING_STATUS_COMPLETED, agent: { agentId: 'gus' } });
    expect((await agents.get('gus'))!.activeHandoffs).toBe(before - 1);
  });

  it('offers nothing to an agent outside their working hours, whatever their presence', async () => {
    // 10:00 UTC on a Saturday: Tokyo is at 19:00, after Tomoko's hours; Lisbon is at 10:00, within Luis's.
    clock.set('2026-11-21T10:00:00Z');
    const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((day) => ({ day, ranges: ['09:00-17:00'] }));
    await agents.upsert({ ...person('tomoko', 5), workingHours: { timeZone: 'Asia/Tokyo', days: weekdays } }, clock.now());
    await agents.upsert({ ...person('luis', 5), workingHours: { timeZone: 'Europe/Lisbon', days: weekdays } }, clock.now());
    await router.route(pkg('h9'));
    expect(updatesOf(id('h9')).at(-1)).toMatchObject({ status: RoutingStatus.ROUTING_STATUS_OFFERED, agent: { agentId: 'luis' } });
    expect((await agents.get('tomoko'))!.workingHours).toEqual({ timeZone: 'Asia/Tokyo', days: weekdays });
  });
});
