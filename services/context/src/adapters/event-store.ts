// Every conversation event, kept by context to build transcripts (the event id is the _id: replays are no-ops).
import { ConversationEvent } from '@handoff/contracts';
import { isDuplicateKeyError, type Collection, type Db, type IndexPlan } from '@handoff/store';

interface EventDocument {
  _id: string;
  conversationId: string;
  occurredAt: Date;
  event: unknown;
}

export const eventStoreIndexes: IndexPlan = {
  conversation_events: [{ key: { conversationId: 1, occurredAt: 1 }, name: 'conversation_time' }],
};

export class ConversationEventStore {
  private readonly collection: Collection<EventDocument>;

  constructor(db: Db) {
    this.collection = db.collection<EventDocument>('conversation_events');
  }

  async append(event: ConversationEvent): Promise<void> {
    try {
      await this.collection.insertOne({
        _id: event.eventId,
        conversationId: event.conversationId,
        occurredAt: event.occurredAt ?? new Date(0),
        event: ConversationEvent.toJSON(event),
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  async has(eventId: string): Promise<boolean> {
    return (await this.collection.countDocuments({ _id: eventId }, { limit: 1 })) > 0;
  }

  async ofConversation(conversationId: string): Promise<ConversationEvent[]> {
    const docs = await this.collection.find({ conversationId }).sort({ occurredAt: 1 }).toArray();
    return docs.map((d) => ConversationEvent.fromJSON(d.event));
  }
}
