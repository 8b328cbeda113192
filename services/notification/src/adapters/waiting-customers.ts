// Customers waiting for a person, with what they were last told and when the next check is due (durable: a restart
// neither drops nor repeats updates). Only waiting handoffs live here, so the due-check scan stays small.
import { RoutingStatus, type RoutingUpdate } from '@handoff/contracts';
import { isDuplicateKeyError, type Collection, type Db, type IndexPlan } from '@handoff/store';
import { nextCheckAt, type QueueUpdateSettings, type WaitingState } from '../domain/queue-updates';

interface WaitingDocument extends Omit<WaitingState, 'handoffId'> {
  _id: string;
  dueAt: Date;
}

export const waitingIndexes: IndexPlan = {
  waiting_customers: [{ key: { dueAt: 1 }, name: 'dueAt' }],
  queue_checks: [{ key: { at: 1 }, name: 'at' }],
};

const WAITING = new Set([RoutingStatus.ROUTING_STATUS_QUEUED, RoutingStatus.ROUTING_STATUS_STEP_FALLBACK, RoutingStatus.ROUTING_STATUS_TRANSFERRED, RoutingStatus.ROUTING_STATUS_OFFERED]);

export class WaitingCustomers {
  private readonly waiting: Collection<WaitingDocument>;
  private readonly checks: Collection<{ _id: string; at: Date }>;

  constructor(db: Db) {
    this.waiting = db.collection<WaitingDocument>('waiting_customers');
    this.checks = db.collection<{ _id: string; at: Date }>('queue_checks');
  }

  /** Follows routing: starts or refreshes the wait, or ends it when an agent joined or the handoff ended. */
  async follow(update: RoutingUpdate, now: Date, settings: QueueUpdateSettings): Promise<void> {
    if (!WAITING.has(update.status)) {
      await this.waiting.deleteOne({ _id: update.handoffId });
      return;
    }
    if (update.status === RoutingStatus.ROUTING_STATUS_OFFERED) return;
    const existing = await this.waiting.findOne({ _id: update.handoffId });
    if (existing) {
      await this.waiting.updateOne({ _id: update.handoffId }, { $set: { position: update.queuePosition, etaSeconds: update.etaSeconds, team: update.team, language: update.language } });
      return;
    }
    // The transition message just told the customer their place and estimate.
    const told = { position: update.queuePosition, etaSeconds: update.etaSeconds, at: now };
    const waitingSince = update.at ?? now;
    await this.waiting
      .insertOne({
        _id: update.handoffId,
        conversationId: update.conversationId,
        team: update.team,
        language: update.language,
        waitingSince,
        position: update.queuePosition,
        etaSeconds: update.etaSeconds,
        told,
        updatesSent: 0,
        alternativesOffered: false,
        dueAt: nextCheckAt({ waitingSince, alternativesOffered: false }, now, settings),
      })
      .catch((error: unknown) => {
        if (!isDuplicateKeyError(error)) throw error;
      });
  }

  async due(now: Date, limit = 200): Promise<Array<WaitingState & { dueAt: Date }>> {
    const docs = await this.waiting.find({ dueAt: { $lte: now } }).limit(limit).toArray();
    return docs.map(({ _id, ...rest }) => ({ handoffId: _id, ...rest }));
  }

  /** Every waiting customer's team and start of wait, for the supervisors' digest. */
  async snapshot(limit = 5000): Promise<Array<{ team: string; waitingSince: Date }>> {
    return this.waiting.find({}, { projection: { team: 1, waitingSince: 1 } }).limit(limit).toArray();
  }

  /** True for exactly one caller per (handoff, due time), across replicas. */
  async claim(handoffId: string, dueAt: Date, now: Date): Promise<boolean> {
    try {
      await this.checks.insertOne({ _id: `${handoffId}:${dueAt.getTime()}`, at: now });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Saves what was told and the next due time; never re-creates a wait that ended meanwhile. */
  async saveCheck(state: WaitingState, nextDueAt: Date): Promise<void> {
    const { handoffId, ...rest } = state;
    await this.waiting.updateOne({ _id: handoffId }, { $set: { ...rest, dueAt: nextDueAt } });
  }

  /** The cleanup job that replaces a TTL index. */
  async purgeChecksBefore(cutoff: Date): Promise<void> {
    await this.checks.deleteMany({ at: { $lt: cutoff } });
  }
}
