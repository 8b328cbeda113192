// Handoffs in routing's database, keyed by handoff id. Every status change is one guarded update, so a handoff is
// never assigned twice, and each change bumps the sequence of the RoutingUpdate it publishes.
import { RoutingStatus, RoutingUpdate, type ContextPackage } from '@handoff/contracts';
import { deterministicId } from '@handoff/core';
import { isDuplicateKeyError, type Collection, type Db, type IndexPlan } from '@handoff/store';
import { priorityOf, teamFor } from '../domain/queueing';

export type HandoffStatus = 'new' | 'queued' | 'assigned' | 'completed';

export interface HandoffDocument {
  _id: string;
  conversationId: string;
  category: string;
  language: string;
  tier: string;
  team: string;
  priority: number;
  requestedAt: Date;
  status: HandoffStatus;
  agentId: string | null;
  sequence: number;
  latest: unknown;
}

export const handoffIndexes: IndexPlan = {
  handoffs: [{ key: { status: 1, priority: -1, requestedAt: 1 }, name: 'queue_order' }],
};

export interface Transition {
  status: RoutingUpdate['status'];
  agent?: { agentId: string; displayName: string };
  queuePosition?: number;
  at: Date;
}

const STATUS_OF: Partial<Record<RoutingStatus, HandoffStatus>> = {
  [RoutingStatus.ROUTING_STATUS_QUEUED]: 'queued',
  [RoutingStatus.ROUTING_STATUS_ASSIGNED]: 'assigned',
  [RoutingStatus.ROUTING_STATUS_COMPLETED]: 'completed',
};

export class HandoffRepository {
  private readonly collection: Collection<HandoffDocument>;

  constructor(db: Db) {
    this.collection = db.collection<HandoffDocument>('handoffs');
  }

  /** Records a handoff the first time its context arrives; returns what is stored either way. */
  async createIfAbsent(pkg: ContextPackage): Promise<HandoffDocument> {
    const request = pkg.request!;
    const tier = (pkg.customer?.tier || request.customerTier || 'standard').toLowerCase();
    const doc: HandoffDocument = {
      _id: pkg.handoffId,
      conversationId: pkg.conversationId,
      category: request.category || 'other',
      language: pkg.language || request.language,
      tier,
      team: teamFor(request.category),
      priority: priorityOf(request.severity, tier),
      requestedAt: request.requestedAt ?? new Date(),
      status: 'new',
      agentId: null,
      sequence: 0,
      latest: null,
    };
    try {
      await this.collection.insertOne(doc);
      return doc;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return (await this.collection.findOne({ _id: pkg.handoffId }))!;
    }
  }

  async get(handoffId: string): Promise<HandoffDocument | undefined> {
    return (await this.collection.findOne({ _id: handoffId })) ?? undefined;
  }

  latestUpdate(doc: HandoffDocument): RoutingUpdate | undefined {
    return doc.latest ? RoutingUpdate.fromJSON(doc.latest) : undefined;
  }

  /**
   * Moves the handoff to a new status if it is still in one of `from` (and, when given, owned by `agentId`);
   * returns the update to publish, or undefined when another replica or an earlier attempt got there first.
   */
  async transition(doc: HandoffDocument, from: HandoffStatus[], change: Transition, agentId?: string): Promise<RoutingUpdate | undefined> {
    const current = await this.collection.findOne({ _id: doc._id });
    if (!current || !from.includes(current.status) || (agentId !== undefined && current.agentId !== agentId)) return undefined;
    const sequence = current.sequence + 1;
    const update: RoutingUpdate = {
      updateId: deterministicId('ru', doc._id, sequence),
      handoffId: doc._id,
      conversationId: doc.conversationId,
      sequence,
      status: change.status,
      queueId: doc.team.toLowerCase().replace(/\s+/g, '-'),
      team: doc.team,
      queuePosition: change.queuePosition ?? 0,
      etaSeconds: undefined,
      agent: change.agent,
      at: change.at,
      category: doc.category,
      language: doc.language,
      customerTier: doc.tier,
      slaDeadline: undefined,
    };
    const status = STATUS_OF[change.status]!;
    const result = await this.collection.updateOne(
      { _id: doc._id, sequence: current.sequence, status: current.status },
      { $set: { status, sequence, latest: RoutingUpdate.toJSON(update), agentId: change.agent?.agentId ?? current.agentId } },
    );
    return result.modifiedCount === 1 ? update : undefined;
  }

  /** 1-based place in the queue: higher priority first, then the oldest request. */
  async positionOf(doc: HandoffDocument): Promise<number> {
    const ahead = await this.collection.countDocuments({
      status: 'queued',
      _id: { $ne: doc._id },
      $or: [{ priority: { $gt: doc.priority } }, { priority: doc.priority, requestedAt: { $lt: doc.requestedAt } }],
    });
    return ahead + 1;
  }

  async queued(limit: number): Promise<HandoffDocument[]> {
    return this.collection.find({ status: 'queued' }).sort({ priority: -1, requestedAt: 1 }).limit(limit).toArray();
  }
}
