// One-time data migrations, recorded in `context_migrations` so each runs once per database. Two replicas starting
// together may both run one: every migration here is idempotent.
import type { Db } from '@handoff/store';

interface MigrationDocument {
  _id: string;
  at: Date;
  /** What the migration reported (documents it moved). */
  result: number;
}

/** Runs the migration unless the database records it as done; returns its result, or undefined when skipped. */
export async function runOnce(db: Db, name: string, migrate: () => Promise<number>, now: () => Date): Promise<number | undefined> {
  const migrations = db.collection<MigrationDocument>('context_migrations');
  if (await migrations.findOne({ _id: name })) return undefined;
  const result = await migrate();
  await migrations.updateOne({ _id: name }, { $set: { at: now(), result } }, { upsert: true });
  return result;
}
