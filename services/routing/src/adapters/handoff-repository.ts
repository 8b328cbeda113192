// Handoffs in routing's database. Every status change is first claimed in a transition log whose _id is
// "<handoff>:<sequence>": a unique _id is the one atomic guard every MongoDB-wire server enforces (FerretDB does
// not apply a filtered update atomically), so exactly one writer wins each step and a handoff is never assigned
// twice. The handoffs collection is the log's latest state; a writer that crashed after claiming is rolled forward.
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

interface TransitionDocument {
  _id: string;
  handoffId: string;
  sequence: number;
  status: HandoffStatus;
  agentId: string | null;
  update: unknown;
}

export const handoffIndexes: IndexPlan = {
  handoffs: [{ key: { status: 1, priority: -1, requestedAt: 1 }, name: 'queue_order' }],
  handoff_transitions: [{ key: { handoffId: 1, sequence: -1 }, name: 'handoff_sequence' }],
};

export interface Transition {
  status: RoutingStatus;
  agent?: { agentId: string; displayName: string };
  queuePosition?: number;
  at: Date;
}

/** `applied`: this writer made the change. `lost`: someone else changed the handoff first (`recovered` is their
 * change, when it had not reached the handoff document yet: the caller republishes it). */
export type TransitionResult = { applied: RoutingUpdate } | { lost: true; recovered?: RoutingUpdate };

const STATUS_OF: Partial<Record<RoutingStatus, HandoffStatus>> = {
  [RoutingStatus.ROUTING_STATUS_QUEUED]: 'queued',
  [RoutingStatus.ROUTING_STATUS_ASSIGNED]: 'assigned',
  [RoutingStatus.ROUTING_STATUS_COMPLETED]: 'completed',
};

export class HandoffRepository {
  private readonly handoffs: Collection<HandoffDocument>;
  private readonly transitions: Collection<TransitionDocument>;

  constructor(db: Db) {
    this.handoffs = db.collection<HandoffDocument>('handoffs');
    this.transitions = db.collection<TransitionDocument>('handoff_transitions');
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
      await this.handoffs.insertOne(doc);
      return doc;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return (await this.handoffs.findOne({ _id: pkg.handoffId }))!;
    }
  }

  async get(handoffId: string): Promise<HandoffDocument | undefined> {
    return (await this.handoffs.findOne({ _id: handoffId })) ?? undefined;
  }

  latestUpdate(doc: HandoffDocument): RoutingUpdate | undefined {
    return doc.latest ? RoutingUpdate.fromJSON(doc.latest) : undefined;
  }

  /**
   * Moves the handoff to a new status if it is still in one of `from` (and, when given, owned by `agentId`).
   * Exactly one concurrent writer gets `applied`.
   */
  async transition(handoffId: string, from: HandoffStatus[], change: Transition, agentId?: string): Promise<TransitionResult> {
    const current = await this.handoffs.findOne({ _id: handoffId });
    if (!current || !from.includes(current.status) || (agentId !== undefined && current.agentId !== agentId)) return { lost: true };
    const sequence = current.sequence + 1;
    const update: RoutingUpdate = {
      updateId: deterministicId('ru', handoffId, sequence),
      handoffId,
      conversationId: current.conversationId,
      sequence,
      status: change.status,
      queueId: current.team.toLowerCase().replace(/\s+/g, '-'),
      team: current.team,
      queuePosition: change.queuePosition ?? 0,
      etaSeconds: undefined,
      agent: change.agent,
      at: change.at,
      category: current.category,
      language: current.language,
      customerTier: current.tier,
      slaDeadline: undefined,
      workflowFilter: '',
      workflowStep: 0,
      policyVersion: '',
      slaDescription: '',
    };
    const status = STATUS_OF[change.status]!;
    const newAgentId = change.agent?.agentId ?? current.agentId;
    try {
      await this.transitions.insertOne({ _id: `${handoffId}:${sequence}`, handoffId, sequence, status, agentId: newAgentId, update: RoutingUpdate.toJSON(update) });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const recovered = await this.rollForward(handoffId);
      return recovered ? { lost: true, recovered } : { lost: true };
    }
    await this.project(handoffId, sequence, status, newAgentId, update);
    return { applied: update };
  }

  /** 1-based place in the queue: higher priority first, then the oldest request. */
  async positionOf(doc: HandoffDocument): Promise<number> {
    const ahead = await this.handoffs.countDocuments({
      status: 'queued',
      _id: { $ne: doc._id },
      $or: [{ priority: { $gt: doc.priority } }, { priority: doc.priority, requestedAt: { $lt: doc.requestedAt } }],
    });
    return ahead + 1;
  }

  async queued(limit: number): Promise<HandoffDocument[]> {
    return this.handoffs.find({ status: 'queued' }).sort({ priority: -1, requestedAt: 1 }).limit(limit).toArray();
  }

  /** Brings the handoff document up to the latest logged transition; returns that transition if it was behind. */
  private async rollForward(handoffId: string): Promise<RoutingUpdate | undefined> {
    const [last] = await this.transitions.find({ handoffId }).sort({ sequence: -1 }).limit(1).toArray();
    const doc = await this.handoffs.findOne({ _id: handoffId });
    if (!last || !doc || doc.sequence >= last.sequence) return undefined;
    const update = RoutingUpdate.fromJSON(last.update);
    await this.project(handoffId, last.sequence, last.status, last.agentId, update);
    return update;
  }

  private async project(handoffId: string, sequence: number, status: HandoffStatus, agentId: string | null, update: RoutingUpdate): Promise<void> {
    // Only ever moves forward: a slow writer of an older step cannot overwrite a newer one.
    await this.handoffs.updateOne(
      { _id: handoffId, sequence: { $lt: sequence } },
      { $set: { status, sequence, agentId, latest: RoutingUpdate.toJSON(update) } },
    );
  }
}
