import { Presence } from '@handoff/contracts';
import { infraEnv, uniqueName } from '@handoff/testing';
import { connectStore, type Store } from '@handoff/store';
import { availableAgent } from './fixtures';
import { AgentRepository } from '../src/adapters/agent-repository';

const now = new Date('2026-11-21T10:00:00Z');

describe('agent capacity on a real MongoDB-wire server', () => {
  let store: Store;
  let agents: AgentRepository;

  beforeAll(async () => {
    store = await connectStore({ url: infraEnv().mongoUrl, database: uniqueName('routing').replace(/-/g, '_'), appName: 'test' });
    agents = new AgentRepository(store.db);
  });

  afterAll(async () => {
    await store.db.dropDatabase();
    await store.close();
  });

  it('never exceeds capacity when many handoffs race for the same agent', async () => {
    await agents.upsert(availableAgent('racer', 3), now);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => agents.reserveCapacity('racer', `ho_${i}`, now)));
    expect(results.filter(Boolean)).toHaveLength(3);
    expect((await agents.get('racer'))?.activeHandoffs).toBe(3);
  });

  it('reserves a handoff with the same agent only once, and frees the slot when released', async () => {
    await agents.upsert(availableAgent('single', 2), now);
    expect(await agents.reserveCapacity('single', 'ho_x', now)).toBe('single#0');
    expect(await agents.reserveCapacity('single', 'ho_x', now)).toBeUndefined();
    await agents.releaseCapacity('single', 'ho_x');
    await agents.releaseCapacity('single', 'ho_x');
    expect((await agents.get('single'))?.activeHandoffs).toBe(0);
    expect(await agents.availableCandidates(now, 120_000)).toEqual(expect.arrayContaining([expect.objectContaining({ agentId: 'single', activeHandoffs: 0 })]));
  });

  it('gives nothing to an agent who is not available', async () => {
    await agents.upsert(availableAgent('dnd', 3), now);
    await agents.setPresence('dnd', Presence.PRESENCE_DO_NOT_DISTURB, now);
    expect(await agents.reserveCapacity('dnd', 'ho_y', now)).toBeUndefined();
  });

  it('keeps current handoffs when the profile changes, and recomputes free slots', async () => {
    await agents.upsert(availableAgent('resize', 3), now);
    await agents.reserveCapacity('resize', 'ho_1', now);
    await agents.reserveCapacity('resize', 'ho_2', now);
    await agents.upsert(availableAgent('resize', 2), now);
    expect(await agents.reserveCapacity('resize', 'ho_3', now)).toBeUndefined();
    expect((await agents.get('resize'))?.activeHandoffs).toBe(2);
  });
});
