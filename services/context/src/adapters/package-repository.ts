// Assembled context packages keyed by handoff id (a replayed request finds its package), with what later questions
// need: the customer, the outcome when the conversation closed, and a text fingerprint for similar-case search.
import { ContextPackage, type PreviousHandoff } from '@handoff/contracts';
import { isDuplicateKeyError, type Collection, type Db, type IndexPlan } from '@handoff/store';
import type { ResolvedCandidate } from '../domain/similar-handoffs';

export type HandoffOutcome = 'open' | 'resolved' | 'unresolved';

interface PackageDocument {
  _id: string;
  conversationId: string;
  customerId: string;
  category: string;
  reason: number;
  escalationSequence: number;
  requestedAt: Date;
  assembledAt: Date;
  status: HandoffOutcome;
  resolution: string;
  summary: string;
  words: string[];
  package: unknown;
}

export const packageIndexes: IndexPlan = {
  context_packages: [
    { key: { conversationId: 1 }, name: 'conversation' },
    { key: { customerId: 1, requestedAt: -1 }, name: 'customer_time' },
    { key: { status: 1, requestedAt: -1 }, name: 'status_time' },
  ],
};

export interface ListFilter {
  customerId?: string;
  status?: string;
  from?: Date;
  to?: Date;
}

const toPrevious = (d: PackageDocument): PreviousHandoff => ({
  handoffId: d._id,
  conversationId: d.conversationId,
  requestedAt: d.requestedAt,
  reason: d.reason,
  category: d.category,
  outcome: d.status,
  resolution: d.resolution,
});

export class PackageRepository {
  private readonly collection: Collection<PackageDocument>;

  constructor(db: Db) {
    this.collection = db.collection<PackageDocument>('context_packages');
  }

  async get(handoffId: string): Promise<ContextPackage | undefined> {
    const doc = await this.collection.findOne({ _id: handoffId });
    return doc ? ContextPackage.fromJSON(doc.package) : undefined;
  }

  /**
   * Stores the package. False when a concurrent delivery of the same request stored its package first: that one
   * stands (read it back to publish the same package).
   */
  async save(pkg: ContextPackage, words: string[]): Promise<boolean> {
    const request = pkg.request!;
    try {
      await this.collection.replaceOne(
        { _id: pkg.handoffId },
        {
          conversationId: pkg.conversationId,
          customerId: pkg.customer?.customerId ?? '',
          category: request.category,
          reason: request.reason,
          escalationSequence: request.escalationSequence,
          requestedAt: request.requestedAt ?? pkg.assembledAt ?? new Date(),
          assembledAt: pkg.assembledAt ?? new Date(),
          status: 'open',
          resolution: '',
          summary: pkg.summary,
          words,
          package: ContextPackage.toJSON(pkg),
        },
        { upsert: true },
      );
      return true;
    } catch (error) {
      // Two upserts of a new _id at once: one inserts, the other gets a duplicate key (MongoDB and FerretDB alike).
      if (!isDuplicateKeyError(error)) throw error;
      return false;
    }
  }

  /** The customer's earlier handoffs, most recent first. */
  async previousOf(customerId: string, exceptConversation: string, limit = 5): Promise<PreviousHandoff[]> {
    if (!customerId) return [];
    const docs = await this.collection.find({ customerId, conversationId: { $ne: exceptConversation } }).sort({ requestedAt: -1 }).limit(limit).toArray();
    return docs.map(toPrevious);
  }

  /** Earlier escalations of the same conversation (re-escalation after hand-back), most recent first. */
  async earlierInConversation(conversationId: string, beforeSequence: number): Promise<PreviousHandoff[]> {
    const docs = await this.collection.find({ conversationId, escalationSequence: { $lt: beforeSequence } }).sort({ escalationSequence: -1 }).toArray();
    return docs.map(toPrevious);
  }

  /** Recent resolved handoffs to compare with, for similar-case search. */
  async resolvedCandidates(limit = 500): Promise<ResolvedCandidate[]> {
    const docs = await this.collection.find({ status: 'resolved' }).sort({ requestedAt: -1 }).limit(limit).toArray();
    return docs.map((d) => ({ handoffId: d._id, words: d.words, category: d.category, summary: d.summary, resolution: d.resolution }));
  }

  /** The conversation closed: its open handoffs get their outcome. */
  async recordOutcome(conversationId: string, outcome: Exclude<HandoffOutcome, 'open'>, resolution: string): Promise<void> {
    await this.collection.updateMany({ conversationId, status: 'open' }, { $set: { status: outcome, resolution } });
  }

  /** Newest first; the page token is the offset of the next page. */
  async list(filter: ListFilter, pageSize: number, offset: number): Promise<{ items: Array<PackageDocument>; more: boolean }> {
    const query: Record<string, unknown> = {};
    if (filter.customerId) query.customerId = filter.customerId;
    if (filter.status) query.status = filter.status;
    if (filter.from || filter.to) query.requestedAt = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
    const docs = await this.collection.find(query).sort({ requestedAt: -1, _id: 1 }).skip(offset).limit(pageSize + 1).toArray();
    return { items: docs.slice(0, pageSize), more: docs.length > pageSize };
  }
}
