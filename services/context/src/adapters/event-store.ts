// Every conversation event, kept by context to build transcripts. Everything is read and written by `_id`, the one
// lookup FerretDB answers without scanning the collection (a transcript query by conversation id took 22 s at
// 100,000 stored events):
// - each event is stored at the next free slot of its conversation, `<conversation>#<n>`: the unique _id is the
//   guard, so two writers never share a slot, and a conversation's slots are numbered without gaps;
// - a receipt per event id (`event:<id>`) answers "has this event arrived?".
// An append is two inserts. A replayed event may take a second slot; reading drops the repeat by event id.
import { ConversationEvent } from '@handoff/contracts';
import { isDuplicateKeyError, type Collection, type Db, type IndexPlan } from '@handoff/store';

interface SlotDocument {
  _id: string;
  conversationId: string;
  eventId: string;
  occurredAt: Date;
  event: unknown;
}

interface ReceiptDocument {
  _id: string;
  slot: string;
}

/** Every lookup is by _id: no secondary index is needed. */
export const eventStoreIndexes: IndexPlan = {};

const slotId = (conversationId: string, n: number) => `${conversationId}#${n}`;
const receiptId = (eventId: string) => `event:${eventId}`;
/** Slots read at once while reading a transcript. */
const READ_AHEAD = 8;
/** Conversations whose next free slot this replica remembers. */
const REMEMBERED = 20_000;

export class ConversationEventStore {
  private readonly slots: Collection<SlotDocument>;
  private readonly receipts: Collection<ReceiptDocument>;
  /** The next free slot per conversation, as this replica last wrote it (a hint: the insert is the guard). */
  private readonly nextSlot = new Map<string, number>();

  constructor(db: Db) {
    this.slots = db.collection<SlotDocument>('conversation_events');
    this.receipts = db.collection<ReceiptDocument>('conversation_event_receipts');
  }

  /** Stores the event in its conversation's next free slot, then its receipt. */
  async append(event: ConversationEvent): Promise<void> {
    const { conversationId } = event;
    // Unknown here (a new conversation, mostly): start at slot 1 and move up past taken ones (a failed insert is cheap).
    let n = this.nextSlot.get(conversationId) ?? 1;
    const document = { conversationId, eventId: event.eventId, occurredAt: event.occurredAt ?? new Date(0), event: ConversationEvent.toJSON(event) };
    for (;; n++) {
      try {
        await this.slots.insertOne({ _id: slotId(conversationId, n), ...document });
        break;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    this.nextSlot.delete(conversationId);
    this.nextSlot.set(conversationId, n + 1);
    if (this.nextSlot.size > REMEMBERED) this.nextSlot.delete(this.nextSlot.keys().next().value!);
    await this.receipts.insertOne({ _id: receiptId(event.eventId), slot: slotId(conversationId, n) }).catch((error: unknown) => {
      if (!isDuplicateKeyError(error)) throw error;
    });
  }

  async has(eventId: string): Promise<boolean> {
    return (await this.receipts.findOne({ _id: receiptId(eventId) }, { projection: { _id: 1 } })) !== null;
  }

  /** The conversation's events in the order they happened. */
  async ofConversation(conversationId: string): Promise<ConversationEvent[]> {
    const seen = new Set<string>();
    return (await this.read(conversationId))
      .filter((d) => !seen.has(d.eventId) && seen.add(d.eventId))
      .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime())
      .map((d) => ConversationEvent.fromJSON(d.event));
  }

  /** Every slot of the conversation, READ_AHEAD at a time until the first free one. */
  private async read(conversationId: string): Promise<SlotDocument[]> {
    const documents: SlotDocument[] = [];
    for (let first = 1; ; first += READ_AHEAD) {
      const batch = await Promise.all(Array.from({ length: READ_AHEAD }, (_, i) => this.slots.findOne({ _id: slotId(conversationId, first + i) })));
      const free = batch.indexOf(null);
      documents.push(...(batch.slice(0, free === -1 ? READ_AHEAD : free) as SlotDocument[]));
      if (free !== -1) return documents;
    }
  }
}
