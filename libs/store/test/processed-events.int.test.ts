import { infraEnv, uniqueName } from '@handoff/testing';
import { ProcessedEvents, connectStore, ensureIndexes, processedEventsIndexes, type Store } from '../src';

describe('ProcessedEvents on a real MongoDB-wire server', () => {
  let store: Store;

  beforeAll(async () => {
    store = await connectStore({ url: infraEnv().mongoUrl, database: uniqueName('store').replace(/-/g, '_'), appName: 'test' });
    await ensureIndexes(store.db, processedEventsIndexes);
  });

  afterAll(async () => {
    await store.db.dropDatabase();
    await store.close();
  });

  it('runs an effect once per event id, however often the event is replayed', async () => {
    const processed = new ProcessedEvents(store.db);
    let effects = 0;
    const at = new Date('2026-11-21T10:00:00Z');
    const runs = await Promise.all([1, 2, 3].map(() => processed.once('ev-1', at, async () => void (effects += 1))));
    // Concurrent first deliveries may each run the effect (hence effects must be idempotent); later replays never do.
    expect(runs.filter(Boolean).length).toBeGreaterThanOrEqual(1);
    const before = effects;
    expect(await processed.once('ev-1', at, async () => void (effects += 1))).toBe(false);
    expect(effects).toBe(before);
  });

  it('forgets old event ids in the cleanup job (no TTL index on FerretDB)', async () => {
    const processed = new ProcessedEvents(store.db);
    await processed.markProcessed('old', new Date('2026-01-01T00:00:00Z'));
    await processed.markProcessed('new', new Date('2026-11-21T00:00:00Z'));
    expect(await processed.purgeBefore(new Date('2026-06-01T00:00:00Z'))).toBe(1);
    expect(await processed.has('old')).toBe(false);
    expect(await processed.has('new')).toBe(true);
  });

  it('answers ping', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });
});
