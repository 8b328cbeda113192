// Loads customer profiles into the context service's own database, for the built-in profile provider:
//   npm run context -- import-profiles profiles.jsonl     (MONGO_URL, and MONGO_DATABASE if not handoff_context)
// One JSON object per line: {"customer_id": "cus_1", "crm": {...}, "open_invoices": [...], "recent_payments": [...],
// "previous_tickets": [...]} in the shape documented in src/adapters/account-providers.ts and the README.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { databaseEnv, env, loadConfig } from '@handoff/config';
import { connectStore } from '@handoff/store';
import { ProfileStore, type AccountJson } from './adapters/account-providers';

async function importProfiles(file: string): Promise<number> {
  const config = loadConfig({ MONGO_URL: env.mongoUrl, ...databaseEnv('context') });
  const store = await connectStore({ url: config.MONGO_URL, database: config.MONGO_DATABASE, appName: 'handoff-context-cli' });
  const profiles = new ProfileStore(store.db);
  let imported = 0;
  const problems: string[] = [];
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
    n += 1;
    if (!line.trim()) continue;
    try {
      const { customer_id: customerId, ...profile } = JSON.parse(line) as AccountJson & { customer_id?: unknown };
      if (typeof customerId !== 'string' || !customerId) throw new Error('"customer_id" is required');
      await profiles.upsert(customerId, profile, new Date());
      imported += 1;
    } catch (error) {
      problems.push(`line ${n}: ${(error as Error).message}`);
    }
  }
  await store.close();
  process.stdout.write(`imported ${imported} profile(s) into ${config.MONGO_DATABASE}.customer_profiles\n`);
  if (problems.length > 0) process.stderr.write(`${problems.length} line(s) skipped:\n${problems.slice(0, 20).join('\n')}\n`);
  return problems.length > 0 ? 1 : 0;
}

const [command, file] = process.argv.slice(2);
if (command !== 'import-profiles' || !file) {
  process.stderr.write('usage: npm run context -- import-profiles PROFILES.jsonl\n');
  process.exit(2);
}
importProfiles(file).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
