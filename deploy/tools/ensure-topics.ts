// Creates every Kafka topic Handoff uses, each with its DLQ, straight from the topic registry (@handoff/messaging
// ALL_TOPICS) through the same ensureTopics the services call. Run by the Helm chart's topic Job and the compose file's
// `topics` service, so that services can run with KAFKA_CREATE_TOPICS=false:
//   node dist/tools/ensure-topics.js
// Reads KAFKA_BROKERS, KAFKA_TOPIC_PREFIX, KAFKA_TOPIC_PARTITIONS, KAFKA_REPLICATION_FACTOR, KAFKA_CLIENT_ID, LOG_LEVEL and
// the KAFKA_SSL* / KAFKA_SASL_* connection settings.
// Idempotent: topics that exist are left as they are (their partition count is never changed).
import { kafkaConnectionOf, loadConfig, platformEnv } from '@handoff/config';
import { runMain } from '@handoff/lifecycle';
import { createLogger } from '@handoff/logging';
import { ALL_TOPICS, Messaging, dlqNameOf } from '@handoff/messaging';

const TOOL = 'ensure-topics';

runMain(TOOL, async () => {
  const { KAFKA_BROKERS, KAFKA_CLIENT_ID, KAFKA_TOPIC_PREFIX, KAFKA_TOPIC_PARTITIONS, KAFKA_REPLICATION_FACTOR, LOG_LEVEL } = platformEnv;
  const { KAFKA_SSL, KAFKA_SSL_CA_FILE, KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD } = platformEnv;
  const config = loadConfig({
    KAFKA_BROKERS, KAFKA_CLIENT_ID, KAFKA_TOPIC_PREFIX, KAFKA_TOPIC_PARTITIONS, KAFKA_REPLICATION_FACTOR, LOG_LEVEL,
    KAFKA_SSL, KAFKA_SSL_CA_FILE, KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD,
  });
  const logger = createLogger({ service: TOOL, level: config.LOG_LEVEL });
  const messaging = new Messaging({
    ...kafkaConnectionOf(config),
    clientId: config.KAFKA_CLIENT_ID ?? `handoff-${TOOL}`,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    logger,
  });
  const provisioning = { partitions: config.KAFKA_TOPIC_PARTITIONS, replicationFactor: config.KAFKA_REPLICATION_FACTOR };
  try {
    await messaging.ensureTopics(provisioning, ALL_TOPICS, 120_000);
  } finally {
    await messaging.disconnect();
  }
  const topics = ALL_TOPICS.flatMap((t) => [messaging.topicName(t), dlqNameOf(messaging.topicName(t))]);
  logger.info({ topics, ...provisioning }, 'topics ready');
  logger.flush();
});
