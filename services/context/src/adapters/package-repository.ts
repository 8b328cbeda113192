// Assembled context packages keyed by handoff id (a replayed request finds its package), with what later questions
// need: the customer, the outcome when the conversation closed, and a text fingerprint for similar-case search.
//
// Every question the hot path asks is answered by `_id` lookups, the one access FerretDB's SQLite backend serves
// without decoding the whole collection (its queries on other fields took about 900 ms each at a few thousand
// packages, BENCHMARKS.md → End-to-end load):
// - `context_package_refs` keeps, per conversation (`conversation:<id>`) and per customer (`customer:<id>`), a list of
//   references to their packages, added with `$addToSet` before the package itself is written (so a close that
//   arrives meanwhile still finds it; a replayed save adds nothing);
// - `context_resolved` is a ring of the most recently resolved packages for similar-case search: slots `0..n-1`,
//   written in the order a counter document (`next`) hands them out. Every package compares itself with the whole
//   ring, so a replica reads it at most once per RESOLVED_REFRESH_MS (and at once after writing to it itself): a case
//   another replica resolved seconds ago may be missed, which a suggestion can afford.
// On MongoDB the same layout costs a few more small writes per handoff; the listing API (`list`) still queries by
// field and is served by the declared indexes there.
import { systemClock, type Clock } from '@handoff/core';
import { ContextPackage, type PreviousHandoff } from '@handoff/contracts';
import { isDuplicateKeyError, upsertRacing, type Collection, type Db, type IndexPlan } from '@handoff/store';
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

/** A package as listed under its conversation and its customer. */
interface PackageRef {
  handoffId: string;
  conversationId: string;
  escalationSequence: number;
  requestedAt: Date;
}

interface RefsDocument {
  _id: string;
  handoffs: PackageRef[];
}

type ResolvedDocument = { _id: number; resolvedAt: Date } & ResolvedCandidate;
type CounterDocument = { _id: 'next'; n: number };

export const packageIndexes: IndexPlan = {
  context_packages: [
    { key: { customerId: 1, requestedAt: -1 }, name: 'customer_time' },
    { key: { status: 1, requestedAt: -1 }, name: 'status_time' },
    { key: { requestedAt: 1 }, name: 'requested_at' },
  ],
  context_resolved: [{ key: { resolvedAt: 1 }, name: 'resolved_at' }],
};

export interface ListFilter {
  customerId?: string;
  status?: string;
  from?: Date;
  to?: Date;
}

/** Resolved packages kept for similar-case search. */
export const RESOLVED_KEPT = 500;
/** How long a replica reuses the ring of resolved packages it read before reading it again. */
export const RESOLVED_REFRESH_MS = 5_000;
/** References kept per customer (the oldest go first): earlier handoffs shown are the 5 most recent. */
export const CUSTOMER_REFS_KEPT = 100;

const conversationKey = (conversationId: string) => `conversation:${conversationId}`;
const customerKey = (customerId: string) => `customer:${customerId}`;
const newestFirst = (a: PackageRef, b: PackageRef) => b.requestedAt.getTime() - a.requestedAt.getTime();
const WITHOUT_BODY = { projection: { package: 0, words: 0 } } as const;

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
  private readonly refs: Collection<RefsDocument>;
  private readonly resolved: Collection<ResolvedDocument | CounterDocument>;

  private readonly resolvedKept: number;
  private readonly customerRefsKept: number;
  private readonly clock: Clock;
  /** The ring as last read (a promise, so concurrent assemblies share one read) and when. */
  private ring?: { readAt: number; candidates: Promise<ResolvedCandidate[]> };

  constructor(db: Db, { resolvedKept = RESOLVED_KEPT, customerRefsKept = CUSTOMER_REFS_KEPT, clock = systemClock } = {}) {
    this.resolvedKept = resolvedKept;
    this.customerRefsKept = customerRefsKept;
    this.clock = clock;
    this.collection = db.collection<PackageDocument>('context_packages');
    this.refs = db.collection<RefsDocument>('context_package_refs');
    this.resolved = db.collection<ResolvedDocument | CounterDocument>('context_resolved');
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
    const customerId = pkg.customer?.customerId ?? '';
    const requestedAt = request.requestedAt ?? pkg.assembledAt ?? new Date();
    await this.addRef(customerId, { handoffId: pkg.handoffId, conversationId: pkg.conversationId, escalationSequence: request.escalationSequence, requestedAt });
    try {
      await this.collection.replaceOne(
        { _id: pkg.handoffId },
        {
          conversationId: pkg.conversationId,
          customerId,
          category: request.category,
          reason: request.reason,
          escalationSequence: request.escalationSequence,
          requestedAt,
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

  /** The customer's earlier handoffs (other conversations), most recent first. */
  async previousOf(customerId: string, exceptConversation: string, limit = 5): Promise<PreviousHandoff[]> {
    if (!customerId) return [];
    const refs = (await this.refsOf(customerKey(customerId))).filter((r) => r.conversationId !== exceptConversation);
    return this.previousFrom(refs.sort(newestFirst).slice(0, limit));
  }

  /** Earlier escalations of the same conversation (re-escalation after hand-back), most recent first. */
  async earlierInConversation(conversationId: string, beforeSequence: number): Promise<PreviousHandoff[]> {
    const refs = (await this.refsOf(conversationKey(conversationId))).filter((r) => r.escalationSequence < beforeSequence);
    return this.previousFrom(refs.sort((a, b) => b.escalationSequence - a.escalationSequence));
  }

  /** Recently resolved handoffs to compare with, for similar-case search (the ring, newest first). */
  async resolvedCandidates(): Promise<ResolvedCandidate[]> {
    const now = this.clock.now().getTime();
    if (!this.ring || now - this.ring.readAt >= RESOLVED_REFRESH_MS) {
      const candidates = this.readRing();
      this.ring = { readAt: now, candidates };
      // A failed read is not kept: the next package reads again.
      candidates.catch(() => {
        if (this.ring?.candidates === candidates) this.ring = undefined;
      });
    }
    return this.ring.candidates;
  }

  private async readRing(): Promise<ResolvedCandidate[]> {
    const docs = (await this.resolved.find({}).toArray()).filter((d): d is ResolvedDocument => d._id !== 'next');
    const seen = new Set<string>();
    return docs
      .sort((a, b) => b.resolvedAt.getTime() - a.resolvedAt.getTime())
      .filter((d) => !seen.has(d.handoffId) && seen.add(d.handoffId))
      .map(({ handoffId, words, category, summary, resolution }) => ({ handoffId, words, category, summary, resolution }));
  }

  /**
   * The conversation closed: its open handoffs get their outcome, and resolved ones join the similar-case ring
   * (before their status changes, so a crash in between repeats the ring entry rather than losing it; reading drops
   * the repeat). `resolutionOf` is asked only when the conversation has an open handoff (most conversations never had
   * one, and working out the resolution may read the transcript).
   */
  async recordOutcome(conversationId: string, outcome: Exclude<HandoffOutcome, 'open'>, resolutionOf: () => Promise<string>, closedAt: Date): Promise<void> {
    let resolution: string | undefined;
    for (const ref of await this.refsOf(conversationKey(conversationId))) {
      const open = { _id: ref.handoffId, status: 'open' as const };
      const doc = await this.collection.findOne(open, { projection: { package: 0 } });
      if (!doc) continue;
      resolution ??= await resolutionOf();
      if (outcome === 'resolved') await this.remember({ handoffId: doc._id, words: doc.words, category: doc.category, summary: doc.summary, resolution }, closedAt);
      await this.collection.updateOne(open, { $set: { status: outcome, resolution } });
    }
  }

  /**
   * The retention sweep: forgets packages requested before `cutoff`, resolved cases in the ring resolved before it, and
   * the package lists of the forgotten conversations. A customer's list may still name a forgotten package (ids only,
   * at most CUSTOMER_REFS_KEPT): reading skips it. Returns how many packages were deleted.
   */
  async forgetBefore(cutoff: Date, forgottenConversations: string[]): Promise<number> {
    const deleted = (await this.collection.deleteMany({ requestedAt: { $lt: cutoff } })).deletedCount;
    await this.resolved.deleteMany({ resolvedAt: { $lt: cutoff } });
    this.ring = undefined;
    for (const id of forgottenConversations) await this.refs.deleteOne({ _id: conversationKey(id) });
    return deleted;
  }

  /**
   * Gives packages stored before the reference lists and the ring existed their entries (run once per database, see
   * migrations.ts; idempotent apart from repeated ring entries, which reading drops). Reads every package once.
   */
  async backfillRefs(): Promise<number> {
    let count = 0;
    const resolved: PackageDocument[] = [];
    for await (const doc of this.collection.find({}, { projection: { package: 0 } })) {
      await this.addRef(doc.customerId, { handoffId: doc._id, conversationId: doc.conversationId, escalationSequence: doc.escalationSequence, requestedAt: doc.requestedAt });
      if (doc.status === 'resolved') resolved.push(doc);
      count++;
    }
    const newest = resolved.sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime()).slice(-this.resolvedKept);
    for (const d of newest) await this.remember({ handoffId: d._id, words: d.words, category: d.category, summary: d.summary, resolution: d.resolution }, d.requestedAt);
    return count;
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

  private async refsOf(key: string): Promise<PackageRef[]> {
    return (await this.refs.findOne({ _id: key }))?.handoffs ?? [];
  }

  private async previousFrom(refs: PackageRef[]): Promise<PreviousHandoff[]> {
    const docs = await Promise.all(refs.map((r) => this.collection.findOne({ _id: r.handoffId }, WITHOUT_BODY)));
    return docs.filter((d): d is PackageDocument => d !== null).map(toPrevious);
  }

  /** Lists the package under its conversation and its customer; the customer's list keeps its newest entries. */
  private async addRef(customerId: string, ref: PackageRef): Promise<void> {
    await upsertRacing(() => this.refs.updateOne({ _id: conversationKey(ref.conversationId) }, { $addToSet: { handoffs: ref } }, { upsert: true }));
    if (!customerId) return;
    const key = customerKey(customerId);
    const doc = await upsertRacing(() => this.refs.findOneAndUpdate({ _id: key }, { $addToSet: { handoffs: ref } }, { upsert: true, returnDocument: 'after' }));
    const excess = (doc?.handoffs.length ?? 0) - this.customerRefsKept;
    if (excess <= 0) return;
    const oldest = [...doc!.handoffs].sort(newestFirst).slice(-excess);
    await this.refs.updateOne({ _id: key }, { $pullAll: { handoffs: oldest } });
  }

  /** Writes the candidate into the ring slot after the last one handed out. */
  private async remember(candidate: ResolvedCandidate, resolvedAt: Date): Promise<void> {
    const counter = await upsertRacing(() => this.resolved.findOneAndUpdate({ _id: 'next' }, { $inc: { n: 1 } }, { upsert: true, returnDocument: 'after' }));
    const slot = (((counter as CounterDocument | null)?.n ?? 1) - 1) % this.resolvedKept;
    await upsertRacing(() => this.resolved.replaceOne({ _id: slot }, { ...candidate, resolvedAt }, { upsert: true }));
    this.ring = undefined;
  }
}
