// Per-message sentiment from handoff.signals.v1, kept to show how the customer's mood moved. One document per
// conversation, read and written by `_id` (the one lookup FerretDB answers without scanning the collection); a
// redelivered signal is the same list entry, so `$addToSet` keeps it once.
import type { ConversationSignals } from '@handoff/contracts';
import { upsertRacing, type Collection, type Db, type IndexPlan } from '@handoff/store';

interface MessageSentiment {
  eventId: string;
  score: number;
}

interface SignalsDocument {
  _id: string;
  messages: MessageSentiment[];
}

/** Every lookup is by _id: no secondary index is needed. */
export const signalIndexes: IndexPlan = {};

export class SignalStore {
  private readonly collection: Collection<SignalsDocument>;

  constructor(private readonly db: Db) {
    this.collection = db.collection<SignalsDocument>('conversation_signals');
  }

  record(signals: Pick<ConversationSignals, 'conversationId' | 'eventId' | 'sentimentScore'>): Promise<void> {
    return this.recordAll([signals]);
  }

  /** Signals of one conversation, with one write. */
  async recordAll(signals: Array<Pick<ConversationSignals, 'conversationId' | 'eventId' | 'sentimentScore'>>): Promise<void> {
    if (signals.length === 0) return;
    const { conversationId } = signals[0]!;
    if (signals.some((s) => s.conversationId !== conversationId)) throw new Error('recordAll: signals of more than one conversation');
    const entries = signals.map((s) => ({ eventId: s.eventId, score: s.sentimentScore }));
    await upsertRacing(() => this.collection.updateOne({ _id: conversationId }, { $addToSet: { messages: { $each: entries } } }, { upsert: true }));
  }

  /** Copies signals stored one document per message (before this layout) into the per-conversation lists. */
  async backfillFromPerMessage(): Promise<number> {
    let count = 0;
    for await (const d of this.db.collection<{ _id: string; conversationId: string; sentiment: number }>('message_signals').find({})) {
      await this.record({ eventId: d._id, conversationId: d.conversationId, sentimentScore: d.sentiment });
      count++;
    }
    return count;
  }

  /** Forgets the conversations' signals (the retention sweep). */
  async forget(conversationIds: string[]): Promise<void> {
    for (const id of conversationIds) await this.collection.deleteOne({ _id: id });
  }

  async sentimentByEvent(conversationId: string): Promise<Map<string, number>> {
    const doc = await this.collection.findOne({ _id: conversationId });
    return new Map((doc?.messages ?? []).map((m) => [m.eventId, m.score]));
  }
}
