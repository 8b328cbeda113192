// jest globalTeardown of the fault suite: stops its own Kafka and FerretDB (HANDOFF_KEEP_INFRA=true keeps them).
import { faultInfra } from './harness';

export default async function globalTeardown(): Promise<void> {
  if (process.env.HANDOFF_KEEP_INFRA !== 'true') faultInfra('down');
}
