// What one access by _id costs on the MongoDB-wire server, and how it grows with the collection: every service's hot
// path reads and writes single documents by _id, so this bounds what the whole system can do.
//
//   MONGO_URL=… npx tsx test/load/store-probe.ts [sizes, default 1000,20000] [repetitions, default 30]
//
// For each size it fills a fresh collection with documents of about 1.5 KB (a detection state's size) under string
// _ids, then times, one at a time: findOne, updateOne ($set), a conditional updateOne ({_id, version}, as a
// compare-and-set does), replaceOne and deleteOne by _id, and insertOne. A server that indexes _id for all of them shows
// flat numbers; a rising column is a collection scan. The database is dropped.

import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { connectStore } from '@handoff/store';

const sizes = (process.argv[2] ?? '1000,20000').split(',').map(Number);
const repetitions = Number(process.argv[3] ?? 30);

async function millisecondsPerCall(call: (i: number) => Promise<unknown>): Promise<string> {
  const started = performance.now();
  for (let i = 0; i < repetitions; i++) await call(i);
  return ((performance.now() - started) / repetitions).toFixed(1);
}

async function main(): Promise<void> {
  const url = process.env['MONGO_URL'];
  if (!url) throw new Error('set MONGO_URL (for the local FerretDB: eval "$(bash scripts/infra env)")');
  const store = await connectStore({ url, database: `probe_${randomBytes(4).toString('hex')}`, appName: 'store-probe' });
  console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}, Node ${process.version}; MongoDB-wire server ${url}`);
  console.log('| documents | findOne | updateOne | conditional updateOne | replaceOne | deleteOne | insertOne |\n|---|---|---|---|---|---|---|');
  try {
    for (const size of sizes) {
      const collection = store.db.collection<{ _id: string; version: number; state: string }>(`c${size}`);
      const document = (i: number) => ({ _id: `conversation-${i}`, version: 1, state: 'x'.repeat(1500) });
      for (let i = 0; i < size; i += 1000) await collection.insertMany(Array.from({ length: Math.min(1000, size - i) }, (_, j) => document(i + j)));
      // Spread over the collection, each document touched once per column.
      const id = (i: number, offset: number): string => `conversation-${(i * 7919 + offset) % size}`;
      const find = await millisecondsPerCall((i) => collection.findOne({ _id: id(i, 1) }));
      const update = await millisecondsPerCall((i) => collection.updateOne({ _id: id(i, 2) }, { $set: { version: 2 } }));
      const conditional = await millisecondsPerCall((i) => collection.updateOne({ _id: id(i, 5), version: 1 }, { $set: { version: 2 } }));
      const replace = await millisecondsPerCall((i) => collection.replaceOne({ _id: id(i, 3) }, { version: 3, state: 'y' }));
      const remove = await millisecondsPerCall((i) => collection.deleteOne({ _id: id(i, 4) }));
      const insert = await millisecondsPerCall((i) => collection.insertOne(document(size + i)));
      console.log(`| ${size.toLocaleString('en')} | ${find} ms | ${update} ms | ${conditional} ms | ${replace} ms | ${remove} ms | ${insert} ms |`);
    }
  } finally {
    await store.db.dropDatabase();
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
