// Per-handoff notification state in notification's own database.
import { isDuplicateKeyError, type Collection, type Db } from '@handoff/store';
import { initialNotificationState, type NotificationState } from '../domain/customer-messages';

interface StateDocument {
  _id: string;
  lastSequence: number;
  transitionSent: boolean;
  updatedAt: Date;
}

export class NotificationStateRepository {
  private readonly collection: Collection<StateDocument>;

  constructor(db: Db) {
    this.collection = db.collection<StateDocument>('handoff_notifications');
  }

  async load(handoffId: string): Promise<NotificationState> {
    const doc = await this.collection.findOne({ _id: handoffId });
    return doc ? { handoffId, lastSequence: doc.lastSequence, transitionSent: doc.transitionSent } : initialNotificationState(handoffId);
  }

  /** Only moves forward: a stale writer never rolls the sequence back. */
  async save(state: NotificationState, now: Date): Promise<void> {
    await this.collection.updateOne(
      { _id: state.handoffId, lastSequence: { $lt: state.lastSequence } },
      { $set: { lastSequence: state.lastSequence, transitionSent: state.transitionSent, updatedAt: now } },
      { upsert: true },
    ).catch((error: unknown) => {
      // The upsert collides with a newer document: that writer already moved further.
      if (!isDuplicateKeyError(error)) throw error;
    });
  }
}
