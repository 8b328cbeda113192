import { infraEnv, testLogger, uniqueName } from '@handoff/testing';
import { Messaging, Topics } from '../src';

// A service started with KAFKA_CREATE_TOPICS=false waits for its topics at start and names the ones that are missing.
describe('awaiting topics on a real broker', () => {
  const prefix = `${uniqueName('topics')}.`;
  const messaging = new Messaging({ brokers: infraEnv().kafkaBrokers, clientId: 'topics-test', topicPrefix: prefix, logger: testLogger() });

  afterAll(() => messaging.disconnect());

  it('fails naming every missing topic and DLQ once the wait is over', async () => {
    const started = Date.now();
    await expect(messaging.awaitTopics([Topics.conversationEvents, Topics.handoffRequested], 1_000)).rejects.toThrow(
      new RegExp(`missing after 1000 ms: ${prefix}conversation\\.events\\.v1, ${prefix}conversation\\.events\\.v1\\.dlq, ${prefix}handoff\\.requested\\.v1, ${prefix}handoff\\.requested\\.v1\\.dlq\\. Create them`),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  });

  it('names only what is still missing, and returns once everything exists', async () => {
    await messaging.ensureTopics({ partitions: 1, replicationFactor: 1 }, [Topics.conversationEvents]);
    await expect(messaging.awaitTopics([Topics.conversationEvents, Topics.handoffRequested], 500)).rejects.toThrow(
      new RegExp(`missing after 500 ms: ${prefix}handoff\\.requested\\.v1, ${prefix}handoff\\.requested\\.v1\\.dlq\\.`),
    );
    await expect(messaging.awaitTopics([Topics.conversationEvents], 5_000)).resolves.toBeUndefined();
  });

  it('returns when the topics are created while it waits', async () => {
    const waiting = messaging.awaitTopics([Topics.handoffOffered], 30_000);
    await messaging.ensureTopics({ partitions: 1, replicationFactor: 1 }, [Topics.handoffOffered]);
    await expect(waiting).resolves.toBeUndefined();
  });
});
