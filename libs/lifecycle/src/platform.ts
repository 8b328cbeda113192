// Connects what every service needs (logger, MongoDB, Kafka, runtime with health and shutdown) in one call,
// so each main.ts is wiring only.
import { kafkaConnectionOf, type PlatformConfig } from '@handoff/config';
import { createLogger, type Logger } from '@handoff/logging';
import { Messaging, type EventPublisher } from '@handoff/messaging';
import { connectStore, type Store } from '@handoff/store';
import { ServiceRuntime } from './runtime';

export interface Platform {
  logger: Logger;
  store: Store;
  messaging: Messaging;
  publisher: EventPublisher;
  runtime: ServiceRuntime;
}

export interface PlatformOptions {
  service: string;
  config: PlatformConfig & { MONGO_DATABASE: string };
  /** Whether the service serves gRPC (on config.GRPC_PORT). */
  grpc: boolean;
}

export async function startPlatform({ service, config, grpc }: PlatformOptions): Promise<Platform> {
  const logger = createLogger({ service, level: config.LOG_LEVEL });
  const store = await connectStore({
    url: config.MONGO_URL,
    database: config.MONGO_DATABASE,
    appName: `handoff-${service}`,
    slowCommandMs: config.MONGO_SLOW_COMMAND_MS,
    onSlowCommand: (command) => logger.warn({ slowCommand: command }, 'slow MongoDB command'),
  });
  const messaging = new Messaging({
    ...kafkaConnectionOf(config),
    clientId: config.KAFKA_CLIENT_ID ?? `handoff-${service}`,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    logger,
  });
  let publisher: EventPublisher;
  try {
    if (config.KAFKA_CREATE_TOPICS) {
      await messaging.ensureTopics({ partitions: config.KAFKA_TOPIC_PARTITIONS, replicationFactor: config.KAFKA_REPLICATION_FACTOR });
    } else {
      await messaging.awaitTopics(undefined, config.KAFKA_TOPICS_WAIT_MS);
    }
    publisher = await messaging.publisher();
  } catch (error) {
    // Start-up fails with the cause; close what is open so that the process (or a test) can end.
    await Promise.allSettled([messaging.disconnect(), store.close()]);
    throw error;
  }
  const runtime = new ServiceRuntime({
    service,
    logger,
    httpPort: config.HTTP_PORT,
    ...(grpc ? { grpcPort: config.GRPC_PORT } : {}),
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  })
    .addReadinessCheck('kafka', () => messaging.checkHealth())
    .addReadinessCheck('mongodb', () => store.ping())
    .onShutdown('consumers', () => messaging.stopConsumers())
    .onShutdown('producer', () => messaging.disconnect())
    .onShutdown('store', () => store.close());
  return { logger, store, messaging, publisher, runtime };
}
