import { ConversationEvent, Role } from '@handoff/contracts';
import { useTestDatabase } from '@handoff/testing';
import { ConversationEventStore } from '../src/adapters/event-store';

const message = (conversationId: string, i: number): ConversationEvent =>
  ConversationEvent.fromPartial({
    eventId: `${conversationId}-e${i}`,
    conversationId,
    occurredAt: new Date(Date.UTC(2026, 10, 21, 10, 0, i)),
    payload: { $case: 'messagePosted', value: { messageId: `m${i}`, role: Role.ROLE_CUSTOMER, text: `message ${i}` } },
  });

describe('conversation events on a real MongoDB-wire server', () => {
  const database = useTestDatabase('events');

  it('keeps every event of a conversation once, in the order they happened, with two writers and replays', async () => {
    const [a, b] = [new ConversationEventStore(database.db), new ConversationEventStore(database.db)];
    const events = Array.from({ length: 12 }, (_, i) => message('c1', i + 1));
    // Two replicas (a rebalance overlap) append interleaved and overlapping halves at once, then one replays all.
    await Promise.all([...events.slice(0, 8).map((e) => a.append(e)), ...events.slice(4).map((e) => b.append(e))]);
    for (const e of events) await a.append(e);
    await a.append(message('c2', 1));

    const transcript = await b.ofConversation('c1');
    expect(transcript.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
    expect((await a.ofConversation('c2')).map((e) => e.eventId)).toEqual(['c2-e1']);
    expect(await a.ofConversation('nobody')).toEqual([]);
    // A replica that wrote none of it reads it all too.
    expect((await new ConversationEventStore(database.db).ofConversation('c1')).map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
  });

  it('reads past the slots a replica wrote itself when another replica has written more since', async () => {
    const [a, b] = [new ConversationEventStore(database.db), new ConversationEventStore(database.db)];
    const events = Array.from({ length: 25 }, (_, i) => message('c3', i + 1));
    for (const e of events.slice(0, 3)) await a.append(e);
    expect((await a.ofConversation('c3')).map((e) => e.eventId)).toEqual(events.slice(0, 3).map((e) => e.eventId));
    for (const e of events.slice(3)) await b.append(e);
    expect((await a.ofConversation('c3')).map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
  });

  it('waits for an event still on its way, and gives up after the wait with what is there', async () => {
    const [reader, writer] = [new ConversationEventStore(database.db), new ConversationEventStore(database.db)];
    const events = Array.from({ length: 12 }, (_, i) => message('c4', i + 1));
    for (const e of events.slice(0, 10)) await writer.append(e);
    const late = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      for (const e of events.slice(10)) await writer.append(e);
    })();
    expect((await reader.ofConversationIncluding('c4', 'c4-e12', 10_000)).map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
    await late;
    expect((await reader.ofConversationIncluding('c4', 'never-sent', 100)).map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
  });

  it('stores events that arrive together with one insert, past slots another writer took, in order', async () => {
    const [a, b] = [new ConversationEventStore(database.db), new ConversationEventStore(database.db)];
    const events = Array.from({ length: 9 }, (_, i) => message('c5', i + 1));
    await a.appendAll(events.slice(0, 2));
    // Another writer, which knows nothing of this conversation, starts at slot 1 and lands at slot 3.
    await b.appendAll(events.slice(2, 3));
    // A replica that remembers the next slot as 5 took it meanwhile: the insert stops there and the rest go on after it.
    const taken = message('c5', 99);
    await database.db.collection('conversation_events').insertOne({ _id: 'c5#5' as never, conversationId: 'c5', eventId: taken.eventId, occurredAt: new Date(Date.UTC(2026, 10, 21, 10, 0, 4, 500)), storedAt: new Date(), event: ConversationEvent.toJSON(taken) });
    await a.appendAll(events.slice(3, 9)); // slot 3 is taken: 4, then 5 is taken: 6..10
    const ids = (await new ConversationEventStore(database.db).ofConversation('c5')).map((e) => e.eventId);
    expect(ids).toEqual([...events.slice(0, 4).map((e) => e.eventId), taken.eventId, ...events.slice(4).map((e) => e.eventId)]);
    expect(await database.db.collection('conversation_events').countDocuments({ conversationId: 'c5' })).toBe(10);
    await expect(a.appendAll([message('c5', 10), message('c6', 1)])).rejects.toThrow('more than one conversation');
  });
});
