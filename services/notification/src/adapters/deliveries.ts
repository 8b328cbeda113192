// Every delivery notification makes, recorded in its own database (what, to whom, when, outcome; no contact details),
// and the outbox agent alerts and digests are sent from: one document per (handoff, kind, sequence or agent, channel),
// so a redelivered event never sends twice; pending ones carry their next due time, so retries survive a restart.
import type { Collection, Db, IndexPlan } from '@handoff/store';
import { isDuplicateKeyError } from '@handoff/store';
import type { Urgency } from '../domain/agent-alerts';
import type { SupervisorDigest } from '../domain/supervisor-digest';

export type DeliveryKindName = 'customer_message' | 'agent_alert' | 'supervisor_digest';
export type ChannelName = 'chat' | 'slack' | 'email' | 'webhook';
export type DeliveryStatus = 'pending' | 'sending' | 'delivered' | 'failed' | 'skipped';

export interface DeliveryDocument {
  _id: string;
  kind: DeliveryKindName;
  channel: ChannelName;
  /** A role and an id ("agent:sam", "supervisors", "conversation"), never an address. */
  recipient: string;
  handoffId: string;
  conversationId: string;
  agentId: string;
  /** An on-call page (routing's page_on_call) rather than an offer or assignment. */
  paged?: boolean;
  sequence: number;
  status: DeliveryStatus;
  attempts: number;
  /** Pending: when to try next. Sending: when the claim lapses (a replica that died mid-send). */
  dueAt: Date;
  createdAt: Date;
  settledAt?: Date;
  lastError?: string;
  urgency?: Urgency;
  suggestedFirstMessage?: string;
  outboundKind?: number;
  /** Agent alerts: the routing update (proto3 JSON) that asked for it; replayed to the DLQ if it fails. */
  update?: unknown;
  digest?: SupervisorDigest;
}

export type NewDelivery = Omit<DeliveryDocument, 'status' | 'attempts' | 'dueAt' | 'createdAt'>;

export const deliveryIndexes: IndexPlan = {
  deliveries: [
    { key: { status: 1, dueAt: 1 }, name: 'status_dueAt' },
    { key: { handoffId: 1 }, name: 'handoffId' },
    { key: { createdAt: 1 }, name: 'createdAt' },
  ],
};

export class Deliveries {
  private readonly collection: Collection<DeliveryDocument>;

  constructor(db: Db) {
    this.collection = db.collection<DeliveryDocument>('deliveries');
  }

  /**
   * Adds a delivery to send now. True when it is new. A delivery that already exists is left alone, except one that
   * failed: a re-driven event (from the DLQ) tries it again. One that was delivered is never sent again.
   */
  async enqueue(delivery: NewDelivery, now: Date): Promise<boolean> {
    try {
      await this.collection.insertOne({ ...delivery, status: 'pending', attempts: 0, dueAt: now, createdAt: now });
      return true;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const retried = await this.collection.updateOne({ _id: delivery._id, status: 'failed' }, { $set: { status: 'pending', attempts: 0, dueAt: now }, $unset: { lastError: '' } });
      return retried.modifiedCount === 1;
    }
  }

  async get(id: string): Promise<DeliveryDocument | undefined> {
    return (await this.collection.findOne({ _id: id })) ?? undefined;
  }

  async due(now: Date, limit = 50): Promise<DeliveryDocument[]> {
    return this.collection
      .find({ status: { $in: ['pending', 'sending'] }, dueAt: { $lte: now } })
      .sort({ dueAt: 1 })
      .limit(limit)
      .toArray();
  }

  /** True for exactly one replica: the document must still be as it was read. The claim lapses after `leaseMs`. */
  async claim(doc: DeliveryDocument, now: Date, leaseMs: number): Promise<boolean> {
    const result = await this.collection.updateOne({ _id: doc._id, status: doc.status, dueAt: doc.dueAt }, { $set: { status: 'sending', dueAt: new Date(now.getTime() + leaseMs) } });
    return result.modifiedCount === 1;
  }

  /** Not yet: back to pending without counting an attempt (the alert waits for its context package). */
  async postpone(id: string, until: Date): Promise<void> {
    await this.collection.updateOne({ _id: id, status: 'sending' }, { $set: { status: 'pending', dueAt: until } });
  }

  async retryLater(id: string, attempts: number, until: Date, error: string): Promise<void> {
    await this.collection.updateOne({ _id: id, status: 'sending' }, { $set: { status: 'pending', attempts, dueAt: until, lastError: error } });
  }

  async settle(id: string, status: 'delivered' | 'failed' | 'skipped', fields: Partial<DeliveryDocument>, now: Date): Promise<void> {
    await this.collection.updateOne({ _id: id }, { $set: { ...fields, status, settledAt: now } });
  }

  /** A customer message published to Kafka: recorded as delivered (upsert: a replay changes nothing but the time). */
  async recordDelivered(delivery: NewDelivery, now: Date): Promise<void> {
    const { _id, ...fields } = delivery;
    await this.collection.updateOne(
      { _id },
      { $set: { ...fields, status: 'delivered', settledAt: now }, $setOnInsert: { attempts: 1, dueAt: now, createdAt: now } },
      { upsert: true },
    );
  }

  /** The context package arrived: alerts waiting for it are due now. */
  async wakeAlerts(handoffId: string, now: Date): Promise<number> {
    const result = await this.collection.updateMany({ handoffId, kind: 'agent_alert', status: 'pending', attempts: 0 }, { $set: { dueAt: now } });
    return result.modifiedCount;
  }

  /** The cleanup job that replaces a TTL index: settled records older than the retention. */
  async purgeSettledBefore(cutoff: Date): Promise<void> {
    await this.collection.deleteMany({ status: { $in: ['delivered', 'failed', 'skipped'] }, createdAt: { $lt: cutoff } });
  }
}
