// MongoDB for Handoff services: the only place that imports mongodb. Stays inside what FerretDB supports
// (no transactions, TTL or partial indexes, $lookup/$facet or change streams).
import { MongoBulkWriteError, MongoClient, MongoServerError, type Db, type IndexDescription } from 'mongodb';

export type { Collection, Db, Filter, UpdateFilter, Document, WithId, OptionalUnlessRequiredId } from 'mongodb';

/** A command that took longer than the slow-command threshold: what it was, never the values it carried. */
export interface SlowCommand {
  command: string;
  collection: string;
  /** The top-level field names of its filter (or of each update/delete statement's filter): the shape, not the data. */
  filterFields: string[];
  durationMs: number;
}

export interface StoreOptions {
  url: string;
  /** The service's own database; no service reads another's. */
  database: string;
  appName: string;
  /** Commands slower than this (ms) are reported to onSlowCommand; unset: not monitored. */
  slowCommandMs?: number;
  onSlowCommand?: (command: SlowCommand) => void;
}

/** The filter field names of a command, so a slow-command report says which query it was without any data. */
function filterFieldsOf(command: Record<string, unknown>): string[] {
  const statements = (command.updates ?? command.deletes) as Array<{ q?: object }> | undefined;
  const filters = statements ? statements.map((s) => s.q ?? {}) : [(command.filter ?? command.query ?? {}) as object];
  return [...new Set(filters.flatMap((f) => Object.keys(f)))].sort();
}

export interface Store {
  db: Db;
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function connectStore({ url, database, appName, slowCommandMs, onSlowCommand }: StoreOptions): Promise<Store> {
  const monitored = slowCommandMs !== undefined && onSlowCommand !== undefined;
  const client = new MongoClient(url, {
    monitorCommands: monitored,
    appName,
    // Absent stays absent: without this the driver stores undefined fields as null, and state read back differs
    // from the state written (null !== undefined).
    ignoreUndefined: true,
    serverSelectionTimeoutMS: 5000,
    connectTimeoutMS: 5000,
    maxPoolSize: 20,
    // Writes must survive a primary failover on real MongoDB.
    writeConcern: { w: 'majority' },
    retryWrites: true,
  });
  if (monitored) {
    const started = new Map<number, Omit<SlowCommand, 'durationMs'>>();
    client.on('commandStarted', (e) => {
      const collection = e.command[e.commandName];
      started.set(e.requestId, { command: e.commandName, collection: typeof collection === 'string' ? collection : '', filterFields: filterFieldsOf(e.command) });
    });
    const finished = (e: { requestId: number; duration: number }) => {
      const command = started.get(e.requestId);
      started.delete(e.requestId);
      if (command && e.duration >= slowCommandMs) onSlowCommand({ ...command, durationMs: e.duration });
    };
    client.on('commandSucceeded', finished);
    client.on('commandFailed', finished);
  }
  await client.connect();
  const db = client.db(database);
  return {
    db,
    async ping(timeoutMs = 2000) {
      await db.command({ ping: 1 }, { timeoutMS: timeoutMs });
    },
    async close() {
      await client.close();
    },
  };
}

export type IndexPlan = Record<string, IndexDescription[]>;

/**
 * Creates the indexes a service needs (idempotent: existing identical indexes are left alone). One index per command:
 * FerretDB 1.24 drops the connection when one createIndexes command lists several indexes that already exist, which
 * made every service's second start fail.
 */
export async function ensureIndexes(db: Db, plan: IndexPlan): Promise<void> {
  for (const [collection, indexes] of Object.entries(plan)) {
    for (const index of indexes) await db.collection(collection).createIndexes([index]);
  }
}

const DUPLICATE_KEY = 11000;

export function isDuplicateKeyError(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}

/**
 * An ordered insert of several documents that stopped at a duplicate key: how many of them went in before the one that
 * did not. Undefined for any other error.
 */
export function insertedBeforeDuplicateKey(error: unknown): number | undefined {
  if (!isDuplicateKeyError(error)) return undefined;
  return error instanceof MongoBulkWriteError ? error.insertedCount : 0;
}

/**
 * Runs an upsert, once more if it lost a race: two upserts of a new `_id` at once both try to insert, and one fails
 * with a duplicate key (MongoDB and FerretDB alike); tried again, it finds the document and updates it.
 */
export async function upsertRacing<T>(upsert: () => Promise<T>): Promise<T> {
  try {
    return await upsert();
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    return upsert();
  }
}
