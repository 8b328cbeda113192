// Handoffs in routing's database. Every status change is first claimed in a transition log whose _id is
// "<handoff>:<sequence>": a unique _id is the one atomic guard every MongoDB-wire server enforces (FerretDB does
// not apply a filtered update atomically), so exactly one writer wins each step and a handoff is never assigned
// twice. The handoffs collection is the log's latest state; a writer that crashed after claiming is rolled forward.
import { AsyncReason, FollowUpChannel, RoutingStatus, RoutingUpdate } from '@handoff/contracts';
import { deterministicId } from '@handoff/core';
import { isDuplicateKeyError, type Collection, type Db, type IndexPlan } from '@handoff/store';
import type { HandoffAttributes } from '../domain/expressions';

export type HandoffStatus = 'new' | 'queued' | 'offered' | 'assigned' | 'async' | 'completed' | 'abandoned';
/** Statuses nothing moves a handoff out of. */
const FINISHED: readonly HandoffStatus[] = ['completed', 'abandoned'];

/** Where a handoff stands in the workflow, as routing decided it. */
export interface Placement {
  queue: string;
  /** Team key (policy `teams`) and the name the customer may be told. */
  teamKey: string;
  team: string;
  step: number;
}

export interface HandoffDocument extends Placement {
  _id: string;
  conversationId: string;
  task: HandoffAttributes;
  filterIndex: number;
  filterName: string;
  /** When the handoff entered the workflow: step timeouts and priority aging count from here. */
  enteredAt: Date;
  requestedAt: Date;
  status: HandoffStatus;
  agentId: string | null;
  /** Last published queue position (0 when not queued). */
  position: number;
  /** While offered: when the offer lapses and goes to the next agent. */
  offerExpiresAt?: Date;
  /** Agents who declined it, let the offer lapse, or transferred it away: not offered it again. */
  declinedBy: string[];
  /** Set by a transfer: the handoff waits in this queue only, outside the workflow's steps. */
  transferredTo?: string;
  sequence: number;
  latest: unknown;
}

interface TransitionDocument {
  _id: string;
  handoffId: string;
  sequence: number;
  status: HandoffStatus;
  agentId: string | null;
  placement: Placement;
  position: number;
  offerExpiresAt: Date | null;
  declinedBy: string[];
  transferredTo: string | null;
  update: unknown;
}

export const handoffIndexes: IndexPlan = {
  handoffs: [
    { key: { status: 1, queue: 1 }, name: 'status_queue' },
    { key: { status: 1, requestedAt: 1 }, name: 'status_requested' },
  ],
  handoff_transitions: [{ key: { handoffId: 1, sequence: -1 }, name: 'handoff_sequence' }],
};

export interface Transition {
  status: RoutingStatus;
  at: Date;
  agent?: { agentId: string; displayName: string };
  placement?: Placement;
  position?: number;
  etaSeconds?: number;
  sla?: { deadline: Date; description: string; timeZone: string };
  /** For OFFERED: when the offer lapses. */
  offerExpiresAt?: Date;
  /** An agent to add to the handoff's declined list (declined, or let the offer lapse). */
  declinedBy?: string;
  /** For TRANSFERRED: the queue it now waits in, and the note for the next agent. */
  transfer?: { queue: string; note: string };
  /** For ASYNC_FALLBACK: on-call agents to alert. */
  pageOnCall?: string[];
  /** For ASYNC_FALLBACK: why, and the channel the customer chose when it was their choice. */
  asyncReason?: AsyncReason;
  followUpChannel?: FollowUpChannel;
}

/** `applied`: this writer made the change. `lost`: someone else changed the handoff first (`recovered` is their
 * change, when it had not reached the handoff document yet: the caller republishes it). */
export type TransitionResult = { applied: RoutingUpdate } | { lost: true; recovered?: RoutingUpdate };

const STATUS_OF: Partial<Record<RoutingStatus, HandoffStatus>> = {
  [RoutingStatus.ROUTING_STATUS_QUEUED]: 'queued',
  [RoutingStatus.ROUTING_STATUS_STEP_FALLBACK]: 'queued',
  [RoutingStatus.ROUTING_STATUS_OFFERED]: 'offered',
  [RoutingStatus.ROUTING_STATUS_ASSIGNED]: 'assigned',
  [RoutingStatus.ROUTING_STATUS_ASYNC_FALLBACK]: 'async',
  [RoutingStatus.ROUTING_STATUS_COMPLETED]: 'completed',
  [RoutingStatus.ROUTING_STATUS_ABANDONED]: 'abandoned',
  [RoutingStatus.ROUTING_STATUS_TRANSFERRED]: 'queued',
};

export class HandoffRepository {
  private readonly handoffs: Collection<HandoffDocument>;
  private readonly transitions: Collection<TransitionDocument>;

  constructor(
    db: Db,
    private readonly policyVersion: string,
  ) {
    this.handoffs = db.collection<HandoffDocument>('handoffs');
    this.transitions = db.collection<TransitionDocument>('handoff_transitions');
  }

  /** Records a handoff the first time its context arrives; returns what is stored either way. */
  async createIfAbsent(doc: HandoffDocument): Promise<HandoffDocument> {
    try {
      await this.handoffs.insertOne(doc);
      return doc;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return (await this.handoffs.findOne({ _id: doc._id }))!;
    }
  }

  /** The handoff as of its latest logged transition (a projection still in flight is applied first). */
  async get(handoffId: string): Promise<HandoffDocument | undefined> {
    const doc = await this.handoffs.findOne({ _id: handoffId });
    return doc ? (await this.caughtUp(doc)).doc : undefined;
  }

  latestUpdate(doc: HandoffDocument): RoutingUpdate | undefined {
    return doc.latest ? RoutingUpdate.fromJSON(doc.latest) : undefined;
  }

  /**
   * Moves the handoff to a new status (and placement) if it is still in one of `from` (and, when given, owned by
   * `agentId`). Exactly one concurrent writer gets `applied`.
   */
  async transition(handoffId: string, from: HandoffStatus[], change: Transition, agentId?: string): Promise<TransitionResult> {
    const current = await this.get(handoffId);
    return current ? this.transitionFrom(current, from, change, agentId) : { lost: true };
  }

  /**
   * `transition` from a copy of the handoff the caller already read, saving a read. A stale copy is safe: the claim
   * on the next sequence number fails when anyone moved the handoff since, and the change is then `lost`.
   */
  async transitionFrom(current: HandoffDocument, from: HandoffStatus[], change: Transition, agentId?: string, publish?: (update: RoutingUpdate) => Promise<void>): Promise<TransitionResult> {
    const handoffId = current._id;
    if (!from.includes(current.status) || (agentId !== undefined && current.agentId !== agentId)) return { lost: true };
    const sequence = current.sequence + 1;
    const placement: Placement = change.placement ?? { queue: current.queue, teamKey: current.teamKey, team: current.team, step: current.step };
    const update: RoutingUpdate = {
      updateId: deterministicId('ru', handoffId, sequence),
      handoffId,
      conversationId: current.conversationId,
      sequence,
      status: change.status,
      queueId: placement.queue,
      team: placement.team,
      queuePosition: change.position ?? 0,
      etaSeconds: change.etaSeconds,
      agent: change.agent,
      at: change.at,
      category: current.task.category,
      language: current.task.language,
      customerTier: current.task.tier,
      slaDeadline: change.sla?.deadline,
      workflowFilter: current.filterName,
      workflowStep: placement.step,
      policyVersion: this.policyVersion,
      slaDescription: change.sla?.description ?? '',
      slaTimeZone: change.sla?.timeZone ?? '',
      transferNote: change.transfer?.note ?? '',
      pageOnCall: change.pageOnCall ?? [],
      asyncReason: change.asyncReason ?? AsyncReason.ASYNC_REASON_UNSPECIFIED,
      followUpChannel: change.followUpChannel ?? FollowUpChannel.FOLLOW_UP_CHANNEL_UNSPECIFIED,
    };
    const status = STATUS_OF[change.status]!;
    // An agent no longer holding the handoff (declined, lapsed) is not its agent any more.
    const newAgentId = status === 'queued' ? null : (change.agent?.agentId ?? current.agentId);
    const position = change.position ?? 0;
    const offerExpiresAt = change.offerExpiresAt ?? null;
    const declinedBy = change.declinedBy && !(current.declinedBy ?? []).includes(change.declinedBy) ? [...(current.declinedBy ?? []), change.declinedBy] : (current.declinedBy ?? []);
    const transferredTo = change.transfer?.queue ?? current.transferredTo ?? null;
    try {
      await this.transitions.insertOne({ _id: `${handoffId}:${sequence}`, handoffId, sequence, status, agentId: newAgentId, placement, position, offerExpiresAt, declinedBy, transferredTo, update: RoutingUpdate.toJSON(update) });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const recovered = await this.rollForward(handoffId);
      return recovered ? { lost: true, recovered } : { lost: true };
    }
    // Once the claim is in, publishing need not wait for the projection: a crash in between is rolled forward.
    await Promise.all([this.project(handoffId, sequence, { status, agentId: newAgentId, placement, position, offerExpiresAt, declinedBy, transferredTo }, update), publish?.(update)]);
    return { applied: update };
  }

  async queued(limit: number): Promise<HandoffDocument[]> {
    return this.handoffs.find({ status: 'queued' }).limit(limit).toArray();
  }

  /** Offers that lapsed by `now`. */
  async expiredOffers(now: Date): Promise<HandoffDocument[]> {
    return this.handoffs.find({ status: 'offered', offerExpiresAt: { $lte: now } }).toArray();
  }

  async queuedIn(queue: string): Promise<HandoffDocument[]> {
    return this.handoffs.find({ status: 'queued', queue }).toArray();
  }

  /**
   * Retention: forgets finished handoffs (completed or abandoned) requested before `cutoff`, with their transition log
   * (the log first, so a crash in between leaves a handoff without old transitions, never transitions without their
   * handoff's document to find them by). Returns how many handoffs were forgotten.
   */
  async forgetFinishedBefore(cutoff: Date): Promise<number> {
    const finished = await this.handoffs.find({ status: { $in: [...FINISHED] }, requestedAt: { $lt: cutoff } }, { projection: { _id: 1, sequence: 1 } }).toArray();
    for (const { _id, sequence } of finished) {
      await Promise.all(Array.from({ length: sequence }, (_, i) => this.transitions.deleteOne({ _id: `${_id}:${i + 1}` })));
      // Logged after the document's sequence (a projection that never ran): gone too.
      for (let n = sequence + 1; (await this.transitions.deleteOne({ _id: `${_id}:${n}` })).deletedCount > 0; n++);
      await this.handoffs.deleteOne({ _id, status: { $in: [...FINISHED] } });
    }
    return finished.length;
  }

  /** Brings the handoff document up to the latest logged transition; returns that transition if it was behind. */
  private async rollForward(handoffId: string): Promise<RoutingUpdate | undefined> {
    const doc = await this.handoffs.findOne({ _id: handoffId });
    return doc ? (await this.caughtUp(doc)).applied : undefined;
  }

  /**
   * Applies every logged transition after the document's sequence (its writer crashed, or is still projecting while
   * its update is already published). Transitions are looked up by _id, "<handoff>:<sequence>", one after another.
   */
  private async caughtUp(doc: HandoffDocument): Promise<{ doc: HandoffDocument; applied?: RoutingUpdate }> {
    let applied: RoutingUpdate | undefined;
    for (;;) {
      const next = await this.transitions.findOne({ _id: `${doc._id}:${doc.sequence + 1}` });
      if (!next) return { doc, applied };
      applied = RoutingUpdate.fromJSON(next.update);
      await this.project(doc._id, next.sequence, next, applied);
      const { status, agentId, placement, position, declinedBy, transferredTo, offerExpiresAt } = next;
      doc = { ...doc, ...placement, status, agentId, position, declinedBy, sequence: next.sequence, latest: next.update, ...(transferredTo ? { transferredTo } : {}), offerExpiresAt: offerExpiresAt ?? undefined };
    }
  }

  private async project(
    handoffId: string,
    sequence: number,
    state: Pick<TransitionDocument, 'status' | 'agentId' | 'placement' | 'position' | 'offerExpiresAt' | 'declinedBy' | 'transferredTo'>,
    update: RoutingUpdate,
  ): Promise<void> {
    const { status, agentId, placement, position, declinedBy } = state;
    const transferredTo = state.transferredTo ? { transferredTo: state.transferredTo } : {};
    // Written by _id alone (FerretDB's fast path: any other condition in the filter makes it scan). It only ever moves
    // forward without a guard here: the writer of step n holds its transition-log claim, and step n+1 can only be
    // claimed from a copy at step n (get applies a projection still in flight first); a copy behind loses its claim.
    await this.handoffs.updateOne(
      { _id: handoffId },
      {
        $set: { status, sequence, agentId, ...placement, position, declinedBy, ...transferredTo, latest: RoutingUpdate.toJSON(update), ...(state.offerExpiresAt ? { offerExpiresAt: state.offerExpiresAt } : {}) },
        ...(state.offerExpiresAt ? {} : { $unset: { offerExpiresAt: '' } }),
      },
    );
  }
}
