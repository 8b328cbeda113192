// Stored cells (hourly and daily) and the dirty-hour queue: writes mark hours, the rollup recomputes them whole.
// Hours before `finalBefore()` are final: retention may have deleted some of the inputs they were computed from, so
// they are never recomputed (a mark for one is dropped) and keep the numbers they had.
import { isDuplicateKeyError, upsertRacing, type Collection, type Db, type Document, type IndexPlan } from '@handoff/store';
import { cellId, type Cell } from '../domain/cells';
import { DAY_MS, dayOf } from '../domain/time';

export const cellIndexes: IndexPlan = {
  cells: [{ key: { granularity: 1, start: 1 }, name: 'granularity_start' }],
  rollup_leases: [{ key: { at: 1 }, name: 'at' }],
};

type Granularity = 'hour' | 'day';
type CellDoc = Document & { _id: string; granularity: Granularity; start: Date };
interface DirtyDoc {
  _id: string;
  hour: Date;
  seq: number;
}

export class CellStore {
  readonly cells: Collection<CellDoc>;
  readonly dirty: Collection<DirtyDoc>;
  private readonly leases: Collection<{ _id: string; at: Date }>;

  constructor(
    db: Db,
    private readonly finalBefore: () => Date = () => new Date(0),
  ) {
    this.cells = db.collection<CellDoc>('cells');
    this.dirty = db.collection<DirtyDoc>('dirty_hours');
    this.leases = db.collection('rollup_leases');
  }

  /** Marks hours for recomputation; the sequence tells the rollup whether a write came in while it was working. */
  async markDirty(hours: Date[]): Promise<void> {
    const final = this.finalBefore().getTime();
    const unique = [...new Set(hours.map((h) => h.getTime()).filter((t) => t >= final))].map((t) => new Date(t));
    for (const hour of unique) {
      await upsertRacing(() => this.dirty.updateOne({ _id: hour.toISOString() }, { $inc: { seq: 1 }, $set: { hour } }, { upsert: true }));
    }
  }

  /** The earliest hours to recompute; marks on hours that have become final meanwhile are dropped. */
  async dirtyHours(limit: number): Promise<DirtyDoc[]> {
    const final = this.finalBefore().getTime();
    const marked = await this.dirty.find({}).sort({ hour: 1 }).limit(limit).toArray();
    for (const d of marked.filter((m) => m.hour.getTime() < final)) await this.dirty.deleteOne({ _id: d._id });
    return marked.filter((m) => m.hour.getTime() >= final);
  }

  /** Done with an hour, unless it was marked again meanwhile. */
  async clearDirty(d: DirtyDoc): Promise<void> {
    await this.dirty.deleteOne({ _id: d._id, seq: d.seq });
  }

  /** One replica at a time recomputes an hour: the claim is a unique insert. */
  async claim(key: string, at: Date): Promise<boolean> {
    try {
      await this.leases.insertOne({ _id: key, at });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async release(key: string): Promise<void> {
    await this.leases.deleteOne({ _id: key });
  }

  /** Claims left by a replica that died mid-rollup. */
  async releaseStaleClaims(before: Date): Promise<void> {
    await this.leases.deleteMany({ at: { $lt: before } });
  }

  /** Replaces the cells of one period: upserts the new ones, then removes those that no longer exist. */
  async replaceCells(granularity: Granularity, start: Date, cells: Cell[]): Promise<void> {
    const ids: string[] = [];
    for (const cell of cells) {
      const _id = cellId(granularity, cell);
      ids.push(_id);
      await this.cells.replaceOne({ _id }, { ...cell, _id, granularity } as CellDoc, { upsert: true });
    }
    await this.cells.deleteMany({ granularity, start, _id: { $nin: ids } });
  }

  async cellsBetween(granularity: Granularity, start: Date, end: Date): Promise<Cell[]> {
    if (start >= end) return [];
    const docs = await this.cells.find({ granularity, start: { $gte: start, $lt: end } }).toArray();
    return docs.map(({ _id, granularity: _g, ...cell }) => cell as unknown as Cell);
  }

  /**
   * Cells covering [start, end) (whole hours): daily cells for the whole days inside, hourly cells for the rest, so a
   * report over months reads a few documents per day. `hourly` forces hourly cells (hourly time series).
   */
  async load(start: Date, end: Date, hourly = false): Promise<Cell[]> {
    if (hourly) return this.cellsBetween('hour', start, end);
    const firstDay = dayOf(start).getTime() === start.getTime() ? start : new Date(dayOf(start).getTime() + DAY_MS);
    const lastDay = dayOf(end);
    if (firstDay >= lastDay) return this.cellsBetween('hour', start, end);
    const [head, days, tail] = await Promise.all([
      this.cellsBetween('hour', start, firstDay),
      this.cellsBetween('day', firstDay, lastDay),
      this.cellsBetween('hour', lastDay, end),
    ]);
    return [...head, ...days, ...tail];
  }
}

