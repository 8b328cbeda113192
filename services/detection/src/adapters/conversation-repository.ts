// Conversation state and the handoffs detection decided, in detection's own MongoDB database.
import { HandoffRequested } from '@handoff/contracts';
import { unavailable } from '@handoff/errors';
import type { Collection, Db, IndexPlan } from '@handoff/store';
import type { Category } from '../domain/category';
import type { ConversationState } from '../domain/decide';

interface ConversationDocument {
  _id: string;
  version: number;
  state: Omit<ConversationState, 'conversationId'>;
  /** Every handoff decided for this conversation, kept so a replayed triggering event republishes the same one. */
  handoffs: Array<{ handoffId: string; triggeringEventId: string; request: unknown }>;
  updatedAt: Date;
}

export interface StoredConversation {
  state: ConversationState;
  version: number;
  handoffs: Array<{ triggeringEventId: string; request: HandoffRequested }>;
}

export const conversationIndexes: IndexPlan = {
  conversations: [{ key: { updatedAt: 1 }, name: 'updatedAt' }],
};

export class ConversationRepository {
  private readonly collection: Collection<ConversationDocument>;

  constructor(db: Db) {
    this.collection = db.collection<ConversationDocument>('conversations');
  }

  async load(conversationId: string): Promise<StoredConversation | undefined> {
    const doc = await this.collection.findOne({ _id: conversationId });
    if (!doc) return undefined;
    return {
      state: { ...doc.state, category: doc.state.category as Category, conversationId },
      version: doc.version,
      handoffs: doc.handoffs.map((h) => ({ triggeringEventId: h.triggeringEventId, request: HandoffRequested.fromJSON(h.request) })),
    };
  }

  /**
   * Saves the new state only if nobody else saved since `expectedVersion` was read (0: not stored yet).
   * One conversation's events come from one partition, so a conflict means a rebalance overlap: the retry re-reads.
   */
  async save(state: ConversationState, expectedVersion: number, handoff: HandoffRequested | undefined, now: Date): Promise<void> {
    const { conversationId, ...rest } = state;
    const newHandoff = handoff
      ? [{ handoffId: handoff.handoffId, triggeringEventId: handoff.triggeringEventId, request: HandoffRequested.toJSON(handoff) }]
      : [];
    if (expectedVersion === 0) {
      try {
        await this.collection.insertOne({ _id: conversationId, version: 1, state: rest, handoffs: newHandoff, updatedAt: now });
        return;
      } catch (error) {
        throw unavailable(`conversation ${conversationId} was created concurrently; retrying`, error);
      }
    }
    const result = await this.collection.updateOne(
      { _id: conversationId, version: expectedVersion },
      {
        $set: { state: rest, version: expectedVersion + 1, updatedAt: now },
        ...(newHandoff.length > 0 ? { $push: { handoffs: newHandoff[0]! } } : {}),
      },
    );
    if (result.matchedCount === 0) throw unavailable(`conversation ${conversationId} changed concurrently; retrying`);
  }
}
