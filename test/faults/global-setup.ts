// jest globalSetup of the fault suite: builds the services and starts the suite's own Kafka and FerretDB.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '@handoff/testing';
import { FAULT_KAFKA_PORT, FAULT_MONGO_PORT, faultInfra } from './harness';

export default async function globalSetup(): Promise<void> {
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build.mjs')], { stdio: 'ignore' });
  faultInfra('up');
  process.stdout.write(`\n[faults] own Kafka 127.0.0.1:${FAULT_KAFKA_PORT}, FerretDB 127.0.0.1:${FAULT_MONGO_PORT}\n`);
}
