import { loadConfig, platformEnv } from '@handoff/config';
import { infraEnv, uniqueName } from '@handoff/testing';
import { startPlatform } from '../src';

describe('platform start-up on a real broker', () => {
  it('with KAFKA_CREATE_TOPICS=false, fails after KAFKA_TOPICS_WAIT_MS naming the topics that do not exist', async () => {
    const { kafkaBrokers, mongoUrl } = infraEnv();
    const prefix = `${uniqueName('platform')}.`;
    const config = loadConfig(platformEnv, {
      KAFKA_BROKERS: kafkaBrokers.join(','),
      MONGO_URL: mongoUrl,
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_CREATE_TOPICS: 'false',
      KAFKA_TOPICS_WAIT_MS: '1000',
      LOG_LEVEL: 'silent',
    });
    await expect(startPlatform({ service: 'platform-test', config: { ...config, MONGO_DATABASE: 'platform_test' }, grpc: false })).rejects.toThrow(
      new RegExp(`^Kafka topics missing after 1000 ms: ${prefix.replace(/\./g, '\\.')}conversation\\.events\\.v1, .*Create them`),
    );
  });
});
