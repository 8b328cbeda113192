// Per-message sentiment from handoff.signals.v1, kept to show how the customer's mood moved.
import type { ConversationSignals } from '@handoff/contracts';
import type { Collection, Db, IndexPlan } from '@handoff/store';

interface SignalDocument {
  _id: string;
  conversationId: string;
  sentiment: number;
}

export const signalIndexes: IndexPlan = { message_signals: [{ key: { conversationId: 1 }, name: 'conversation' }] };

export class SignalStore {
  private readonly collection: Collection<SignalDocument>;

  constructor(db: Db) {
    this.collection = db.collection<SignalDocument>('message_signals');
  }

  async record(signals: ConversationSignals): Promise<void> {
    await this.collection.replaceOne({ _id: signals.eventId }, { conversationId: signals.conversationId, sentiment: signals.sentimentScore }, { upsert: true });
  }

  async sentimentByEvent(conversationId: string): Promise<Map<string, number>> {
    const docs = await this.collection.find({ conversationId }).toArray();
    return new Map(docs.map((d) => [d._id, d.sentiment]));
  }
}
