// Every conversation event, kept by context to build transcripts. Everything is read and written by `_id`, the one
// lookup FerretDB answers without scanning the collection (a transcript query by conversation id took 22 s at
// 100,000 stored events):
// each event is stored at the next free slot of its conversation, `<conversation>#<n>`. The unique _id is the guard,
// so two writers never share a slot, and a conversation's slots are numbered without gaps. An append is one insert,
// also of several events of a conversation that arrive together.
// A replayed event may take a second slot; reading drops the repeat by event id. (Builds before 2da5c7d also
// wrote a receipt per event id to `conversation_event_receipts`; nothing reads or writes that collection now.)
//
// Retention (`forgetIdleSince`) deletes whole conversations only, those with nothing stored since the cutoff, so that
// the slots left always start at 1. A replica remembers where a conversation's next slot is for at most HINT_FRESH_MS
// (far less than any retention), so a conversation that comes back after being forgotten starts again at slot 1.
import { ConversationEvent } from '@handoff/contracts';
import { systemClock, type Clock } from '@handoff/core';
import { insertedBeforeDuplicateKey, type Collection, type Db, type IndexPlan } from '@handoff/store';

interface SlotDocument {
  _id: string;
  conversationId: string;
  eventId: string;
  occurredAt: Date;
  /** When it was stored: retention counts from the conversation's last stored event. */
  storedAt: Date;
  event: unknown;
}

/** Every lookup is by _id; the retention sweep looks for old slots by storedAt. */
export const eventStoreIndexes: IndexPlan = { conversation_events: [{ key: { storedAt: 1 }, name: 'storedAt' }] };

const slotId = (conversationId: string, n: number) => `${conversationId}#${n}`;
/** Slots read at once while reading a transcript this replica does not know the length of. */
const READ_AHEAD = 8;
/** Slots read past the last one this replica wrote (another replica may have written a few since). */
const READ_PAST_KNOWN = 2;
/** Conversations whose next free slot this replica remembers. */
const REMEMBERED = 20_000;
/** How long a remembered next slot is trusted; retention is whole days, so a trusted hint never points past a gap. */
const HINT_FRESH_MS = 3_600_000;

export class ConversationEventStore {
  private readonly slots: Collection<SlotDocument>;
  /** The next free slot per conversation as this replica last wrote it, and when (a hint: the insert is the guard). */
  private readonly nextSlot = new Map<string, { slot: number; at: number }>();
  private readonly clock: Clock;

  constructor(db: Db, { clock = systemClock }: { clock?: Clock } = {}) {
    this.slots = db.collection<SlotDocument>('conversation_events');
    this.clock = clock;
  }

  /** Stores the event in its conversation's next free slot. */
  append(event: ConversationEvent): Promise<void> {
    return this.appendAll([event]);
  }

  /** Stores events of one conversation, in order, in its next free slots: one insert when nothing is in the way. */
  async appendAll(events: ConversationEvent[]): Promise<void> {
    if (events.length === 0) return;
    const { conversationId } = events[0]!;
    if (events.some((e) => e.conversationId !== conversationId)) throw new Error('appendAll: events of more than one conversation');
    const storedAt = this.clock.now();
    await this.insertInFreeSlots(conversationId, events.map((event) => ({ conversationId, eventId: event.eventId, occurredAt: event.occurredAt ?? new Date(0), storedAt, event: ConversationEvent.toJSON(event) })));
  }

  /**
   * Inserts the documents, in order, at the conversation's next free slots. Unknown here (a new conversation, mostly):
   * start at slot 1. A slot someone else took moves the documents not yet in up past it (a failed insert is cheap).
   */
  private async insertInFreeSlots(conversationId: string, documents: Array<Omit<SlotDocument, '_id'>>): Promise<void> {
    let rest = documents;
    let n = this.knownNextSlot(conversationId);
    while (rest.length > 0) {
      try {
        await this.slots.insertMany(rest.map((document, i) => ({ _id: slotId(conversationId, n + i), ...document })));
        n += rest.length;
        rest = [];
      } catch (error) {
        const inserted = insertedBeforeDuplicateKey(error);
        if (inserted === undefined) throw error;
        rest = rest.slice(inserted);
        n += inserted + 1;
      }
    }
    this.nextSlot.delete(conversationId);
    this.nextSlot.set(conversationId, { slot: n, at: this.clock.now().getTime() });
    if (this.nextSlot.size > REMEMBERED) this.nextSlot.delete(this.nextSlot.keys().next().value!);
  }

  /** The next free slot as this replica wrote it within HINT_FRESH_MS, else 1. */
  private knownNextSlot(conversationId: string): number {
    const hint = this.nextSlot.get(conversationId);
    return hint && this.clock.now().getTime() - hint.at < HINT_FRESH_MS ? hint.slot : 1;
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

  /** Gives slots stored before retention existed their storedAt: when the event happened (run once, migrations.ts). */
  async backfillStoredAt(): Promise<number> {
    let count = 0;
    for await (const d of this.slots.find({ storedAt: { $exists: false } }, { projection: { occurredAt: 1 } })) {
      await this.slots.updateOne({ _id: d._id }, { $set: { storedAt: d.occurredAt } });
      count++;
    }
    return count;
  }

  /**
   * Forgets every conversation with nothing stored since `cutoff` (the retention sweep); returns their ids. Slots are
   * numbered from 1 without gaps, so a conversation's slots are all old when none follows its old ones.
   */
  async forgetIdleSince(cutoff: Date): Promise<string[]> {
    const oldSlots = new Map<string, number>();
    for await (const d of this.slots.find({ storedAt: { $lt: cutoff } }, { projection: { conversationId: 1 } })) oldSlots.set(d.conversationId, (oldSlots.get(d.conversationId) ?? 0) + 1);
    const forgotten: string[] = [];
    for (const [conversationId, count] of oldSlots) {
      if (await this.slots.findOne({ _id: slotId(conversationId, count + 1) }, { projection: { _id: 1 } })) continue;
      await this.forgetSlots(conversationId, count);
      forgotten.push(conversationId);
    }
    return forgotten;
  }

  /**
   * Deletes the conversation's slots 1..count. An event stored meanwhile after them (the conversation came back
   * during the sweep) would then sit past a gap, where no reader looks: it is stored again from slot 1 on.
   */
  async forgetSlots(conversationId: string, count: number): Promise<void> {
    await Promise.all(Array.from({ length: count }, (_, i) => this.slots.deleteOne({ _id: slotId(conversationId, i + 1) })));
    this.nextSlot.delete(conversationId);
    for (const { _id, ...document } of await this.read(conversationId, count + 1)) {
      await this.insertInFreeSlots(conversationId, [document]);
      await this.slots.deleteOne({ _id });
    }
  }

  /**
   * The conversation's slots from `first` on, read in parallel until the first free one: at first those this replica
   * wrote plus READ_PAST_KNOWN (another replica may have written more), then READ_AHEAD at a time. A conversation this
   * replica never wrote starts with READ_AHEAD.
   */
  private async read(conversationId: string, first: number): Promise<SlotDocument[]> {
    const documents: SlotDocument[] = [];
    const known = Math.max(this.knownNextSlot(conversationId) - first, 0);
    const unknownConversation = first === 1 && known === 0;
    for (let size = unknownConversation ? READ_AHEAD : known + READ_PAST_KNOWN; ; first += size, size = READ_AHEAD) {
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
