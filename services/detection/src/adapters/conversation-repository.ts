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

export interface ConversationDocument {
  _id: string;
  version: number;
  state: Omit<ConversationState, 'conversationId'>;
  decisions: Array<{ eventId: string; handoff: unknown; offer: unknown }>;
  updatedAt: Date;
}

export interface StoredConversation {
  state: ConversationState;
  version: number;
  decisions: StoredDecision[];
}

const KEPT_DECISIONS = 5;

export const conversationIndexes: IndexPlan = {
  conversations: [{ key: { updatedAt: 1 }, name: 'updatedAt' }],
  shadow_conversations: [{ key: { updatedAt: 1 }, name: 'updatedAt' }],
};

/** The stored form of a conversation (also used by the memory benchmark to store many conversations at once). */
export function conversationDocumentOf(state: ConversationState, version: number, decisions: StoredDecision[], now: Date): ConversationDocument {
  const { conversationId, ...rest } = state;
  const kept = decisions.slice(-KEPT_DECISIONS).map((d) => ({
    eventId: d.eventId,
    handoff: d.handoff ? HandoffRequested.toJSON(d.handoff) : null,
    offer: d.offer ? HandoffOffered.toJSON(d.offer) : null,
  }));
  return { _id: conversationId, version, state: rest, decisions: kept, updatedAt: now };
}

export class ConversationRepository {
  private readonly collection: Collection<ConversationDocument>;

  /** `collection`: "conversations" for the acting policy, "shadow_conversations" for a shadow candidate's own state. */
  constructor(db: Db, collection = 'conversations') {
    this.collection = db.collection<ConversationDocument>(collection);
  }

  async load(conversationId: string): Promise<StoredConversation | undefined> {
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
    };
  }

  /**
   * Saves the new state if nobody saved since `expectedVersion` was read (0: not stored yet). One conversation's
   * events come from one partition and are serialised in-process with its timer, so a conflict means a rebalance
   * overlap: the error is transient and the retry re-reads.
   */
  async save(state: ConversationState, expectedVersion: number, decisions: StoredDecision[], now: Date): Promise<void> {
    const { _id: conversationId, state: rest, decisions: kept } = conversationDocumentOf(state, expectedVersion + 1, decisions, now);
    if (expectedVersion === 0) {
      try {
        await this.collection.insertOne({ _id: conversationId, version: 1, state: rest, decisions: kept, updatedAt: now });
        return;
      } catch (error) {
        if (isDuplicateKeyError(error)) throw unavailable(`conversation ${conversationId} was created concurrently; retrying`, error);
        throw error;
      }
    }
    // Check the version, then write by _id alone: FerretDB takes its fast path only for a filter on _id, and a
    // conversation's writes are already serialised (one partition, one queue per conversation in the processor).
    const current = await this.collection.findOne({ _id: conversationId }, { projection: { version: 1 } });
    if (current?.version !== expectedVersion) throw unavailable(`conversation ${conversationId} changed concurrently; retrying`);
    await this.collection.updateOne({ _id: conversationId }, { $set: { state: rest, decisions: kept, version: expectedVersion + 1, updatedAt: now } });
  }
}
