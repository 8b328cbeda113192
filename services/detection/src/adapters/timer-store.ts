// Durable timers: one per conversation with its due time, in MongoDB, so a restart loses none. Firing is claimed by
// inserting "<conversation>:<due>" (unique _id, the atomic guard every MongoDB-wire server enforces), so two
// replicas never fire the same timer.
import { isDuplicateKeyError, type Collection, type Db, type IndexPlan } from '@handoff/store';

interface TimerDocument {
  _id: string;
  dueAt: Date;
}

interface FiringDocument {
  _id: string;
  firedAt: Date;
}

export const timerIndexes: IndexPlan = {
  timers: [{ key: { dueAt: 1 }, name: 'dueAt' }],
  timer_firings: [{ key: { firedAt: 1 }, name: 'firedAt' }],
};

export class TimerStore {
  private readonly timers: Collection<TimerDocument>;
  private readonly firings: Collection<FiringDocument>;

  constructor(db: Db) {
    this.timers = db.collection<TimerDocument>('timers');
    this.firings = db.collection<FiringDocument>('timer_firings');
  }

  /** Sets (or with undefined, clears) the conversation's timer. */
  async set(conversationId: string, dueAt: Date | undefined): Promise<void> {
    if (dueAt) await this.timers.updateOne({ _id: conversationId }, { $set: { dueAt } }, { upsert: true });
    else await this.timers.deleteOne({ _id: conversationId });
  }

  async due(now: Date, limit: number): Promise<Array<{ conversationId: string; dueAt: Date }>> {
    const docs = await this.timers.find({ dueAt: { $lte: now } }).sort({ dueAt: 1 }).limit(limit).toArray();
    return docs.map((d) => ({ conversationId: d._id, dueAt: d.dueAt }));
  }

  /** True for exactly one caller per (conversation, due time). */
  async claim(conversationId: string, dueAt: Date, now: Date): Promise<boolean> {
    try {
      await this.firings.insertOne({ _id: `${conversationId}:${dueAt.getTime()}`, firedAt: now });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** The cleanup job that replaces a TTL index. */
  async purgeFiringsBefore(cutoff: Date): Promise<number> {
    return (await this.firings.deleteMany({ firedAt: { $lt: cutoff } })).deletedCount;
  }
}
