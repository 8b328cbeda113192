import { ConversationEvent, Role } from '@handoff/contracts';
import { connectStore, type Store } from '@handoff/store';
import { infraEnv, uniqueName } from '@handoff/testing';
import { ConversationEventStore } from '../src/adapters/event-store';

const message = (conversationId: string, i: number): ConversationEvent =>
  ConversationEvent.fromPartial({
    eventId: `${conversationId}-e${i}`,
    conversationId,
    occurredAt: new Date(Date.UTC(2026, 10, 21, 10, 0, i)),
    payload: { $case: 'messagePosted', value: { messageId: `m${i}`, role: Role.ROLE_CUSTOMER, text: `message ${i}` } },
  });

describe('conversation events on a real MongoDB-wire server', () => {
  let store: Store;

  beforeAll(async () => {
    store = await connectStore({ url: infraEnv().mongoUrl, database: uniqueName('events').replace(/-/g, '_'), appName: 'test' });
  });

  afterAll(async () => {
    await store.db.dropDatabase();
    await store.close();
  });

  it('keeps every event of a conversation once, in the order they happened, with two writers and replays', async () => {
    const [a, b] = [new ConversationEventStore(store.db), new ConversationEventStore(store.db)];
    const events = Array.from({ length: 12 }, (_, i) => message('c1', i + 1));
    // Two replicas (a rebalance overlap) append interleaved and overlapping halves at once, then one replays all.
    await Promise.all([...events.slice(0, 8).map((e) => a.append(e)), ...events.slice(4).map((e) => b.append(e))]);
    for (const e of events) await a.append(e);
    await a.append(message('c2', 1));

    const transcript = await b.ofConversation('c1');
    expect(transcript.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
    expect((await a.ofConversation('c2')).map((e) => e.eventId)).toEqual(['c2-e1']);
    expect(await a.ofConversation('nobody')).toEqual([]);
    expect(await b.has('c1-e7')).toBe(true);
    expect(await b.has('c1-e99')).toBe(false);
  });
});
