// Every conversation event, kept by context to build transcripts. Everything is read and written by `_id`, the one
// lookup FerretDB answers without scanning the collection (a transcript query by conversation id took 22 s at
// 100,000 stored events):
// - each event is stored at the next free slot of its conversation, `<conversation>#<n>` (the unique _id is the
//   guard: two writers never share a slot);
// - a counter document per conversation says how many slots there are (it may lag; reading probes past it);
// - a receipt per event id (`event:<id>`) makes replays no-ops and answers "has this event arrived?".
import { ConversationEvent } from '@handoff/contracts';
import { isDuplicateKeyError, type Collection, type Db, type IndexPlan } from '@handoff/store';

interface SlotDocument {
  _id: string;
  conversationId: string;
  eventId: string;
  occurredAt: Date;
  event: unknown;
}

interface CounterDocument {
  _id: string;
  slots: number;
}

interface ReceiptDocument {
  _id: string;
  slot: string;
}

/** Every lookup is by _id: no secondary index is needed. */
export const eventStoreIndexes: IndexPlan = {};

const slotId = (conversationId: string, n: number) => `${conversationId}#${n}`;
const receiptId = (eventId: string) => `event:${eventId}`;

export class ConversationEventStore {
  private readonly slots: Collection<SlotDocument>;
  private readonly counters: Collection<CounterDocument>;
  private readonly receipts: Collection<ReceiptDocument>;

  constructor(db: Db) {
    this.slots = db.collection<SlotDocument>('conversation_events');
    this.counters = db.collection<CounterDocument>('conversation_event_counts');
    this.receipts = db.collection<ReceiptDocument>('conversation_event_receipts');
  }

  /**
   * Stores the event once. The receipt is written last: a crash before it stores the event again on replay, and
   * reading drops the repeat by event id.
   */
  async append(event: ConversationEvent): Promise<void> {
    if (await this.has(event.eventId)) return;
    let n = ((await this.counters.findOne({ _id: event.conversationId }))?.slots ?? 0) + 1;
    const document = { conversationId: event.conversationId, eventId: event.eventId, occurredAt: event.occurredAt ?? new Date(0), event: ConversationEvent.toJSON(event) };
    for (;; n++) {
      try {
        await this.slots.insertOne({ _id: slotId(event.conversationId, n), ...document });
        break;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    await this.counters.updateOne({ _id: event.conversationId }, { $max: { slots: n } }, { upsert: true }).catch((error: unknown) => {
      // Two first events of one conversation at once: the other created the counter; the next append corrects it.
      if (!isDuplicateKeyError(error)) throw error;
    });
    await this.receipts.insertOne({ _id: receiptId(event.eventId), slot: slotId(event.conversationId, n) }).catch((error: unknown) => {
      if (!isDuplicateKeyError(error)) throw error;
    });
  }

  async has(eventId: string): Promise<boolean> {
    return (await this.receipts.findOne({ _id: receiptId(eventId) }, { projection: { _id: 1 } })) !== null;
  }

  /** The conversation's events in the order they happened. */
  async ofConversation(conversationId: string): Promise<ConversationEvent[]> {
    const counted = (await this.counters.findOne({ _id: conversationId }))?.slots ?? 0;
    const documents = (await Promise.all(Array.from({ length: counted }, (_, i) => this.slots.findOne({ _id: slotId(conversationId, i + 1) })))).filter(
      (d): d is SlotDocument => d !== null,
    );
    // The counter may lag behind a write in progress: read on until the first free slot.
    for (let n = counted + 1; ; n++) {
      const next = await this.slots.findOne({ _id: slotId(conversationId, n) });
      if (!next) break;
      documents.push(next);
    }
    const seen = new Set<string>();
    return documents
      .filter((d) => !seen.has(d.eventId) && seen.add(d.eventId))
      .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime())
      .map((d) => ConversationEvent.fromJSON(d.event));
  }
}
