// jest globalSetup for integration and end-to-end suites: makes KAFKA_BROKERS and MONGO_URL point at real servers.
import { provideInfrastructure, type Infrastructure } from './infrastructure';

export const INFRA_KEY = Symbol.for('handoff.testing.infrastructure');

export default async function globalSetup(): Promise<void> {
  const infra = await provideInfrastructure();
  process.env.KAFKA_BROKERS = infra.kafkaBrokers;
  process.env.MONGO_URL = infra.mongoUrl;
  (globalThis as Record<symbol, Infrastructure>)[INFRA_KEY] = infra;
  process.stdout.write(`\n[testing] Kafka ${infra.kafkaBrokers}, MongoDB ${infra.mongoUrl} (${infra.source})\n`);
}
