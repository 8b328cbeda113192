import { useTestDatabase } from '@handoff/testing';
import { TimerStore, timerIndexes } from '../src/adapters/timer-store';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 21, 10, minute));

describe('durable timers on a real MongoDB-wire server', () => {
  const database = useTestDatabase('timers', timerIndexes);

  it('knows its own timers at once and other replicas’ after a re-read, earliest first', async () => {
    const mine = new TimerStore(database.db, 60_000);
    const other = new TimerStore(database.db, 60_000);
    expect(await mine.due(at(30), 10)).toEqual([]); // the first call reads everything (nothing yet)
    await mine.set('c-late', at(5));
    await mine.set('c-early', at(1));
    await mine.set('c-future', at(50));
    await other.set('c-other', at(2));
    expect((await mine.due(at(30), 10)).map((t) => t.conversationId)).toEqual(['c-early', 'c-late']);
    // A restarted replica (or one past its re-read interval) sees every replica's timers.
    const restarted = new TimerStore(database.db, 60_000);
    expect(await restarted.due(at(30), 2)).toEqual([
      { conversationId: 'c-early', dueAt: at(1) },
      { conversationId: 'c-other', dueAt: at(2) },
    ]);
    await mine.set('c-early', undefined);
    const rereading = new TimerStore(database.db, 0);
    expect((await rereading.due(at(30), 10)).map((t) => t.conversationId)).toEqual(['c-other', 'c-late']);
  });

  it('does not write an unchanged timer again once it has read them all, and writes every change', async () => {
    const replica = new TimerStore(database.db, 60_000);
    await replica.set('c-same', at(7)); // before any full read: always written
    await replica.due(at(0), 10); // the full read
    await database.db.collection('timers').deleteOne({ _id: 'c-same' as never }); // as if another replica cleared it
    await replica.set('c-same', at(7)); // unchanged as far as this replica knows: skipped
    expect(await new TimerStore(database.db).due(at(30), 100)).not.toContainEqual({ conversationId: 'c-same', dueAt: at(7) });
    await replica.set('c-same', at(8)); // a change is written
    expect(await new TimerStore(database.db).due(at(30), 100)).toContainEqual({ conversationId: 'c-same', dueAt: at(8) });
  });

  it('lets exactly one replica claim a firing', async () => {
    const [a, b] = [new TimerStore(database.db), new TimerStore(database.db)];
    const claims = await Promise.all([a.claim('c-x', at(3), at(4)), b.claim('c-x', at(3), at(4))]);
    expect(claims.filter(Boolean)).toHaveLength(1);
  });
});
