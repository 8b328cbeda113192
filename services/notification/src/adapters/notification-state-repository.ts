// Per-handoff notification state in notification's own database.
import type { Collection, Db, IndexPlan } from '@handoff/store';
import { initialNotificationState, type NotificationState } from '../domain/customer-messages';

interface StateDocument {
  _id: string;
  lastSequence: number;
  transitionSent: boolean;
  updatedAt: Date;
}

export const notificationStateIndexes: IndexPlan = { handoff_notifications: [{ key: { updatedAt: 1 }, name: 'updatedAt' }] };

export class NotificationStateRepository {
  private readonly collection: Collection<StateDocument>;

  constructor(db: Db) {
    this.collection = db.collection<StateDocument>('handoff_notifications');
  }

  async load(handoffId: string): Promise<NotificationState> {
    const doc = await this.collection.findOne({ _id: handoffId });
    return doc ? { handoffId, lastSequence: doc.lastSequence, transitionSent: doc.transitionSent } : initialNotificationState(handoffId);
  }

  /** Only moves forward: a stale writer never rolls the sequence back. Read, then write by _id alone (FerretDB's
   * fast path); one handoff's updates arrive in order on one partition. */
  async save(state: NotificationState, now: Date): Promise<void> {
    const current = await this.collection.findOne({ _id: state.handoffId }, { projection: { lastSequence: 1 } });
    if (current && current.lastSequence >= state.lastSequence) return;
    await this.collection.updateOne(
      { _id: state.handoffId },
      { $set: { lastSequence: state.lastSequence, transitionSent: state.transitionSent, updatedAt: now } },
      { upsert: true },
    );
  }

  /**
   * Forgets the state of handoffs it has not changed since `cutoff`. A handoff that moves again after that is told
   * about as if new; keep it longer than any handoff stays open and than Kafka keeps the topics.
   */
  async purgeNotUpdatedSince(cutoff: Date): Promise<number> {
    return (await this.collection.deleteMany({ updatedAt: { $lt: cutoff } })).deletedCount;
  }
}
