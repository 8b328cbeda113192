import { useTestDatabase } from '@handoff/testing';
import { SignalStore } from '../src/adapters/signal-store';

describe('per-message sentiment on a real MongoDB-wire server', () => {
  const database = useTestDatabase('signals');

  it("keeps each message's sentiment once, whether signals come one by one or together, and again", async () => {
    const signals = new SignalStore(database.db);
    const signal = (eventId: string, sentimentScore: number) => ({ conversationId: 'c1', eventId, sentimentScore });
    await signals.record(signal('e1', -0.2));
    await signals.recordAll([signal('e1', -0.2), signal('e2', -0.5), signal('e3', -0.8)]);
    await signals.recordAll([signal('e3', -0.8), signal('e4', 0.1)]);
    expect([...(await signals.sentimentByEvent('c1'))]).toEqual([
      ['e1', -0.2],
      ['e2', -0.5],
      ['e3', -0.8],
      ['e4', 0.1],
    ]);
    const stored = await database.db.collection<{ _id: string; messages: unknown[] }>('conversation_signals').findOne({ _id: 'c1' });
    expect(stored?.messages).toHaveLength(4);
    await expect(signals.recordAll([signal('e5', 0), { conversationId: 'c2', eventId: 'x', sentimentScore: 0 }])).rejects.toThrow('more than one conversation');
  });
});
