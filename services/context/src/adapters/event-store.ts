// Every conversation event, kept by context to build transcripts. Everything is read and written by `_id`, the one
// lookup FerretDB answers without scanning the collection (a transcript query by conversation id took 22 s at
// 100,000 stored events):
// each event is stored at the next free slot of its conversation, `<conversation>#<n>`. The unique _id is the guard,
// so two writers never share a slot, and a conversation's slots are numbered without gaps. An append is one insert.
// A replayed event may take a second slot; reading drops the repeat by event id. (Builds before 2da5c7d also
// wrote a receipt per event id to `conversation_event_receipts`; nothing reads or writes that collection now.)
import { ConversationEvent } from '@handoff/contracts';
import { isDuplicateKeyError, type Collection, type Db, type IndexPlan } from '@handoff/store';

interface SlotDocument {
  _id: string;
  conversationId: string;
  eventId: string;
  occurredAt: Date;
  event: unknown;
}

/** Every lookup is by _id: no secondary index is needed. */
export const eventStoreIndexes: IndexPlan = {};

const slotId = (conversationId: string, n: number) => `${conversationId}#${n}`;
/** Slots read at once while reading a transcript this replica does not know the length of. */
const READ_AHEAD = 8;
/** Slots read past the last one this replica wrote (another replica may have written a few since). */
const READ_PAST_KNOWN = 2;
/** Conversations whose next free slot this replica remembers. */
const REMEMBERED = 20_000;

export class ConversationEventStore {
  private readonly slots: Collection<SlotDocument>;
  /** The next free slot per conversation, as this replica last wrote it (a hint: the insert is the guard). */
  private readonly nextSlot = new Map<string, number>();

  constructor(db: Db) {
    this.slots = db.collection<SlotDocument>('conversation_events');
  }

  /** Stores the event in its conversation's next free slot. */
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
  }

  /** The conversation's events in the order they happened. */
  async ofConversation(conversationId: string): Promise<ConversationEvent[]> {
    return transcriptOf(await this.read(conversationId, 1));
  }

  /**
   * The conversation's events once the one with `eventId` is among them, or as they are after `waitMs`: the event may
   * still be on its way to this store. Waits with growing pauses and reads only the slots after those already read.
   */
  async ofConversationIncluding(conversationId: string, eventId: string, waitMs: number): Promise<ConversationEvent[]> {
    const deadline = Date.now() + waitMs;
    const documents = await this.read(conversationId, 1);
    for (let pause = 10; !documents.some((d) => d.eventId === eventId) && Date.now() < deadline; pause = Math.min(pause * 2, 200)) {
      await sleep(pause);
      documents.push(...(await this.read(conversationId, documents.length + 1)));
    }
    return transcriptOf(documents);
  }

  /**
   * The conversation's slots from `first` on, read in parallel until the first free one: at first those this replica
   * wrote plus READ_PAST_KNOWN (another replica may have written more), then READ_AHEAD at a time. A conversation this
   * replica never wrote starts with READ_AHEAD.
   */
  private async read(conversationId: string, first: number): Promise<SlotDocument[]> {
    const documents: SlotDocument[] = [];
    const known = (this.nextSlot.get(conversationId) ?? 1) - first;
    for (let size = known > 0 || first > 1 ? Math.max(known, 0) + READ_PAST_KNOWN : READ_AHEAD; ; first += size, size = READ_AHEAD) {
      const batch = await Promise.all(Array.from({ length: size }, (_, i) => this.slots.findOne({ _id: slotId(conversationId, first + i) })));
      const free = batch.indexOf(null);
      documents.push(...(batch.slice(0, free === -1 ? size : free) as SlotDocument[]));
      if (free !== -1) return documents;
    }
  }
}

/** The events of a conversation's slots in the order they happened, each once. */
function transcriptOf(documents: SlotDocument[]): ConversationEvent[] {
  const seen = new Set<string>();
  return documents
    .filter((d) => !seen.has(d.eventId) && seen.add(d.eventId))
    .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime())
    .map((d) => ConversationEvent.fromJSON(d.event));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
