// Durable timers: one per conversation with its due time, in MongoDB, so a restart loses none. Firing is claimed by
// inserting "<conversation>:<due>" (unique _id, the atomic guard every MongoDB-wire server enforces), so two
// replicas never fire the same timer.
//
// Finding due timers does not query the database on every poll: FerretDB scans the whole collection for any filter
// but `_id` (seconds at 50,000 timers, and it slowed every other query meanwhile). Each replica keeps the due times in
// memory: its own changes at once, and everyone's from a full read every `rescanMs`. A timer set by a replica that
// then died is therefore fired by another within rescanMs of its due time.
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
  /** Due time by conversation, as this replica last knew it. */
  private readonly known = new Map<string, Date>();
  /** performance.now() of the last full read; undefined before the first. */
  private readAt: number | undefined;

  constructor(
    db: Db,
    private readonly rescanMs = 30_000,
  ) {
    this.timers = db.collection<TimerDocument>('timers');
    this.firings = db.collection<FiringDocument>('timer_firings');
  }

  /**
   * Sets (or with undefined, clears) the conversation's timer. Most events leave it as it was (the time limit counts
   * from the conversation's start), so once this replica has read every timer, an unchanged one is not written again.
   * Were another replica to have cleared it meanwhile (a partition moving back and forth), the next full read shows it
   * and the next event writes it.
   */
  async set(conversationId: string, dueAt: Date | undefined): Promise<void> {
    if (this.readAt !== undefined && this.known.get(conversationId)?.getTime() === dueAt?.getTime()) return;
    if (dueAt) await this.timers.updateOne({ _id: conversationId }, { $set: { dueAt } }, { upsert: true });
    else await this.timers.deleteOne({ _id: conversationId });
    if (dueAt) this.known.set(conversationId, dueAt);
    else this.known.delete(conversationId);
  }

  /** Timers due by now, earliest first: from memory, re-read from the database every rescanMs. */
  async due(now: Date, limit: number): Promise<Array<{ conversationId: string; dueAt: Date }>> {
    if (this.readAt === undefined || performance.now() - this.readAt >= this.rescanMs) await this.readAll();
    return [...this.known]
      .filter(([, dueAt]) => dueAt.getTime() <= now.getTime())
      .sort(([, a], [, b]) => a.getTime() - b.getTime())
      .slice(0, limit)
      .map(([conversationId, dueAt]) => ({ conversationId, dueAt }));
  }

  private async readAll(): Promise<void> {
    const startedAt = performance.now();
    const docs = await this.timers.find({}).toArray();
    this.known.clear();
    for (const doc of docs) this.known.set(doc._id, doc.dueAt);
    this.readAt = startedAt;
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
