// Conversation state and recent decisions, in detection's own MongoDB database.
import { HandoffOffered, HandoffRequested } from '@handoff/contracts';
import { unavailable } from '@handoff/errors';
import { isDuplicateKeyError, type Collection, type Db, type IndexPlan } from '@handoff/store';
import type { ConversationState } from '../domain/state';

/** A decision kept so that a replayed triggering event republishes exactly what was decided. */
export interface StoredDecision {
  eventId: string;
  handoff: HandoffRequested | undefined;
  offer: HandoffOffered | undefined;
}

/** Where an event sits in Kafka (one conversation's events are in one partition, in order), and when it happened. */
export interface EventPosition {
  partition: number;
  offset: string;
  /** The event's occurred_at, when it has one. */
  occurredAt?: Date;
}

/**
 * Which inputs a conversation's state already includes. Stored in the same document as the state, in the same write,
 * so an input is applied exactly once: a redelivered event (a crash before the offset commit) or a replayed one
 * (offsets reset) changes nothing.
 */
export interface AppliedInputs {
  /** Ids of the last APPLIED_IDS events applied: catches a duplicate published twice. */
  recent: string[];
  /** Position of the last event applied. */
  position?: EventPosition;
}

export const APPLIED_IDS = 64;
export const NOTHING_APPLIED: AppliedInputs = { recent: [] };

/**
 * An input already applied: one of the recent ids, or a replay, that is an event at or before the last applied
 * position of the same partition that also happened no later than the last applied event. Both conditions, so that
 * after a topic is deleted and created again (offsets restart at 0) new events still count.
 */
export function isApplied(applied: AppliedInputs, inputId: string, position?: EventPosition): boolean {
  if (applied.recent.includes(inputId)) return true;
  const last = applied.position;
  if (!position?.occurredAt || !last?.occurredAt || position.partition !== last.partition) return false;
  return BigInt(position.offset) <= BigInt(last.offset) && position.occurredAt.getTime() <= last.occurredAt.getTime();
}

export function withApplied(applied: AppliedInputs, inputId: string, position?: EventPosition): AppliedInputs {
  return { recent: [...applied.recent, inputId].slice(-APPLIED_IDS), position: position ?? applied.position };
}

export interface ConversationDocument {
  _id: string;
  version: number;
  state: Omit<ConversationState, 'conversationId'>;
  decisions: Array<{ eventId: string; handoff: unknown; offer: unknown }>;
  /** Absent in documents written before it existed: nothing recorded as applied. */
  applied?: AppliedInputs;
  updatedAt: Date;
}

export interface StoredConversation {
  state: ConversationState;
  version: number;
  decisions: StoredDecision[];
  applied: AppliedInputs;
}

const KEPT_DECISIONS = 5;

export const conversationIndexes: IndexPlan = {
  conversations: [{ key: { updatedAt: 1 }, name: 'updatedAt' }],
  shadow_conversations: [{ key: { updatedAt: 1 }, name: 'updatedAt' }],
};

/** The stored form of a conversation (also used by the memory benchmark to store many conversations at once). */
export function conversationDocumentOf(state: ConversationState, version: number, decisions: StoredDecision[], applied: AppliedInputs, now: Date): ConversationDocument {
  const { conversationId, ...rest } = state;
  const kept = decisions.slice(-KEPT_DECISIONS).map((d) => ({
    eventId: d.eventId,
    handoff: d.handoff ? HandoffRequested.toJSON(d.handoff) : null,
    offer: d.offer ? HandoffOffered.toJSON(d.offer) : null,
  }));
  return { _id: conversationId, version, state: rest, decisions: kept, applied, updatedAt: now };
}

export class ConversationRepository {
  private readonly collection: Collection<ConversationDocument>;
  /**
   * The last state this replica read or wrote per conversation, least recently used first. It saves the read before
   * each event: a conversation's events all reach the replica that owns its partition, so its own last write is
   * current. When another replica wrote since (a rebalance overlap), the save, conditional on the version, fails; the
   * entry is dropped and the retry reads the database.
   */
  private readonly recent = new Map<string, StoredConversation>();

  /**
   * `collection`: "conversations" for the acting policy, "shadow_conversations" for a shadow candidate's own state.
   * `remembered`: how many conversations' states to keep in memory (0: read the database every time).
   */
  constructor(
    db: Db,
    collection = 'conversations',
    private readonly remembered = 0,
  ) {
    this.collection = db.collection<ConversationDocument>(collection);
  }

  async load(conversationId: string): Promise<StoredConversation | undefined> {
    const known = this.recent.get(conversationId);
    if (known) {
      this.remember(conversationId, known);
      return known;
    }
    const stored = await this.read(conversationId);
    if (stored) this.remember(conversationId, stored);
    return stored;
  }

  private remember(conversationId: string, stored: StoredConversation): void {
    if (this.remembered === 0) return;
    this.recent.delete(conversationId);
    this.recent.set(conversationId, stored);
    if (this.recent.size > this.remembered) this.recent.delete(this.recent.keys().next().value!);
  }

  private async read(conversationId: string): Promise<StoredConversation | undefined> {
    const doc = await this.collection.findOne({ _id: conversationId });
    if (!doc) return undefined;
    return {
      state: { ...doc.state, conversationId },
      version: doc.version,
      decisions: doc.decisions.map((d) => ({
        eventId: d.eventId,
        handoff: d.handoff ? HandoffRequested.fromJSON(d.handoff) : undefined,
        offer: d.offer ? HandoffOffered.fromJSON(d.offer) : undefined,
      })),
      applied: doc.applied ?? NOTHING_APPLIED,
    };
  }

  /**
   * Saves the new state, with the inputs it now includes, if nobody saved since `expectedVersion` was read (0: not
   * stored yet). One conversation's events come from one partition and are serialised in-process with its timer, so
   * a conflict means a rebalance overlap: the error is transient and the retry re-reads.
   */
  async save(state: ConversationState, expectedVersion: number, decisions: StoredDecision[], applied: AppliedInputs, now: Date): Promise<void> {
    const conversationId = state.conversationId;
    // Whatever happens to the write, the remembered state is no longer known to be current until it succeeds.
    this.recent.delete(conversationId);
    await this.write(state, expectedVersion, decisions, applied, now);
    this.remember(conversationId, { state, version: expectedVersion + 1, decisions: decisions.slice(-KEPT_DECISIONS), applied });
  }

  private async write(state: ConversationState, expectedVersion: number, decisions: StoredDecision[], applied: AppliedInputs, now: Date): Promise<void> {
    const document = conversationDocumentOf(state, expectedVersion + 1, decisions, applied, now);
    const conversationId = document._id;
    if (expectedVersion === 0) {
      try {
        await this.collection.insertOne(document);
        return;
      } catch (error) {
        if (isDuplicateKeyError(error)) throw unavailable(`conversation ${conversationId} was created concurrently; retrying`, error);
        throw error;
      }
    }
    // One conditional write (atomic on MongoDB; the local FerretDB finds it by the _id index, see
    // scripts/infra.d/ferretdb/patch-ferretdb.sh, but does not make it atomic: a conversation's writes are serialised
    // anyway, by one partition and one queue per conversation in the processor).
    const { _id, ...fields } = document;
    const { matchedCount } = await this.collection.updateOne({ _id, version: expectedVersion }, { $set: fields });
    if (matchedCount === 0) throw unavailable(`conversation ${conversationId} changed concurrently; retrying`);
  }

  /**
   * Forgets conversations not updated since `cutoff` (the retention sweep; FerretDB has no TTL index). A replay of such
   * a conversation's old events afterwards starts it afresh, so the retention must exceed any replay window.
   */
  async purgeNotUpdatedSince(cutoff: Date): Promise<number> {
    this.recent.clear();
    return (await this.collection.deleteMany({ updatedAt: { $lt: cutoff } })).deletedCount;
  }
}
