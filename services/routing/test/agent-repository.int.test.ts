import { Presence } from '@handoff/contracts';
import { infraEnv, uniqueName } from '@handoff/testing';
import { connectStore, type Store } from '@handoff/store';
import { availableAgent } from './fixtures';
import { AgentRepository } from '../src/adapters/agent-repository';

const now = new Date('2026-11-21T10:00:00Z');
const HEARTBEAT_TIMEOUT_MS = 120_000;

describe('agent capacity on a real MongoDB-wire server', () => {
  let store: Store;
  let agents: AgentRepository;

  beforeAll(async () => {
    store = await connectStore({ url: infraEnv().mongoUrl, database: uniqueName('routing').replace(/-/g, '_'), appName: 'test' });
    agents = new AgentRepository(store.db, { channelDefaults: { messaging: 2 } });
  });

  afterAll(async () => {
    await store.db.dropDatabase();
    await store.close();
  });

  it('never exceeds capacity when many handoffs race for the same agent', async () => {
    await agents.upsert(availableAgent('racer', 3), now);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => agents.reserveCapacity('racer', `ho_${i}`, { now: now, heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS })));
    expect(results.filter(Boolean)).toHaveLength(3);
    expect((await agents.get('racer'))?.activeHandoffs).toBe(3);
  });

  it('frees every slot a handoff holds when it is released (two replicas may each have reserved one)', async () => {
    await agents.upsert(availableAgent('single', 2), now);
    expect(await agents.reserveCapacity('single', 'ho_x', { now: now, heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS })).toBe('single#0');
    expect(await agents.reserveCapacity('single', 'ho_x', { now: now, heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS })).toBe('single#1');
    await agents.releaseCapacity('single', 'ho_x');
    await agents.releaseCapacity('single', 'ho_x');
    expect((await agents.get('single'))?.activeHandoffs).toBe(0);
    expect(await agents.availableCandidates(now, 120_000)).toEqual(expect.arrayContaining([expect.objectContaining({ agentId: 'single', activeHandoffs: 0 })]));
  });

  it('gives nothing to an agent who is not available', async () => {
    await agents.upsert(availableAgent('dnd', 3), now);
    await agents.setPresence('dnd', Presence.PRESENCE_DO_NOT_DISTURB, now);
    expect(await agents.reserveCapacity('dnd', 'ho_y', { now: now, heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS })).toBeUndefined();
  });

  it('keeps current handoffs when the profile changes, and recomputes free slots', async () => {
    await agents.upsert(availableAgent('resize', 3), now);
    await agents.reserveCapacity('resize', 'ho_1', { now: now, heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS });
    await agents.reserveCapacity('resize', 'ho_2', { now: now, heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS });
    await agents.upsert(availableAgent('resize', 2), now);
    expect(await agents.reserveCapacity('resize', 'ho_3', { now: now, heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS })).toBeUndefined();
    expect((await agents.get('resize'))?.activeHandoffs).toBe(2);
  });

  it('re-checks presence, heartbeat and working hours when taking a slot, whatever the snapshot of a replica says', async () => {
    const other = new AgentRepository(store.db, { snapshotRefreshMs: 60_000, snapshotMaxAgeMs: 60_000 });
    await agents.upsert(availableAgent('stale', 2), now);
    expect((await other.availableCandidates(now, HEARTBEAT_TIMEOUT_MS)).map((a) => a.agentId)).toContain('stale');
    await agents.setPresence('stale', Presence.PRESENCE_AWAY, now);
    // The other replica's snapshot still lists the agent as available; the reservation reads the truth.
    expect((await other.availableCandidates(now, HEARTBEAT_TIMEOUT_MS)).map((a) => a.agentId)).toContain('stale');
    expect(await other.reserveCapacity('stale', 'ho_s', { now: now, heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS })).toBeUndefined();

    await agents.upsert(availableAgent('silent', 2), now);
    await agents.heartbeat('silent', now);
    const later = new Date(now.getTime() + HEARTBEAT_TIMEOUT_MS + 1);
    expect(await agents.reserveCapacity('silent', 'ho_t', { now: later, heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS })).toBeUndefined();
    expect(await agents.reserveCapacity('silent', 'ho_t', { now: now, heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS })).toBe('silent#0');
  });

  it('takes nothing new for an agent whose capacity was lowered below their load until the slots above it are released', async () => {
    await agents.upsert(availableAgent('shrink', 3), now);
    for (const h of ['a', 'b', 'c']) await agents.reserveCapacity('shrink', `ho_${h}`, { now: now, heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS });
    await agents.releaseCapacity('shrink', 'ho_a'); // frees slot 0; slots 1 and 2 stay held
    await agents.upsert(availableAgent('shrink', 2), now);
    expect(await agents.reserveCapacity('shrink', 'ho_d', { now: now, heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS })).toBeUndefined();
    await agents.releaseCapacity('shrink', 'ho_c'); // slot 2, above the new capacity
    expect(await agents.reserveCapacity('shrink', 'ho_d', { now: now, heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS })).toBe('shrink#0');
    expect((await agents.get('shrink'))?.activeHandoffs).toBe(2);
  });

  it('holds capacity per channel: the agent’s own, else the policy default', async () => {
    await agents.upsert({ ...availableAgent('multi', 1), channelCapacities: [{ channel: 'voice', capacity: 1, activeHandoffs: 0 }] }, now);
    const at = (channel: string) => ({ now, heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS, channel });
    expect(await agents.reserveCapacity('multi', 'ho_chat', at('chat'))).toBe('multi#0');
    expect(await agents.reserveCapacity('multi', 'ho_chat2', at('chat'))).toBeUndefined();
    expect(await agents.reserveCapacity('multi', 'ho_voice', at('voice'))).toBe('multi#voice#0');
    expect(await agents.reserveCapacity('multi', 'ho_voice2', at('voice'))).toBeUndefined();
    expect(await agents.reserveCapacity('multi', 'ho_m1', at('messaging'))).toBe('multi#messaging#0');
    expect(await agents.reserveCapacity('multi', 'ho_m2', at('messaging'))).toBe('multi#messaging#1');
    expect(await agents.reserveCapacity('multi', 'ho_m3', at('messaging'))).toBeUndefined();
    expect(await agents.reserveCapacity('multi', 'ho_e', at('email'))).toBeUndefined(); // no capacity on a channel without a default

    const agent = (await agents.get('multi'))!;
    expect(agent.activeHandoffs).toBe(4);
    expect(agent.channelCapacities).toEqual([
      { channel: 'messaging', capacity: 2, activeHandoffs: 2 },
      { channel: 'voice', capacity: 1, activeHandoffs: 1 },
    ]);
    const candidate = (await agents.availableCandidates(now, HEARTBEAT_TIMEOUT_MS, 'messaging')).find((a) => a.agentId === 'multi');
    expect(candidate).toMatchObject({ capacity: 2, activeHandoffs: 2 });
  });
});
