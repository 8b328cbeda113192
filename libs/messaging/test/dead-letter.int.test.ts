import { ConversationEvent, Role } from '@handoff/contracts';
import { invalidArgument } from '@handoff/errors';
import { TopicRecorder, infraEnv, testLogger, uniqueName, waitFor } from '@handoff/testing';
import { Messaging, Topics, dlqNameOf, type EventPublisher } from '../src';

const message = (eventId: string, text: string): ConversationEvent => ({
  eventId,
  conversationId: 'conv-1',
  occurredAt: new Date(),
  channel: 'chat',
  language: 'en',
  payload: { $case: 'messagePosted', value: { messageId: eventId, role: Role.ROLE_CUSTOMER, text, botIntent: '', agentId: '' } },
});

describe('consumer runner on a real broker', () => {
  const prefix = `${uniqueName('msg')}.`;
  const { kafkaBrokers } = infraEnv();
  const messaging = new Messaging({ brokers: kafkaBrokers, clientId: 'messaging-test', topicPrefix: prefix, logger: testLogger() });
  let publisher: EventPublisher;
  const handled: string[] = [];
  let failuresLeft = 2;

  const consumer = messaging.consumer({ groupId: 'handler', retry: { attempts: 3, initialDelayMs: 20, maxDelayMs: 50 } });
  consumer.on(Topics.conversationEvents, async (event) => {
    const text = event.payload?.$case === 'messagePosted' ? event.payload.value.text : '';
    if (text === 'reject me') throw invalidArgument('text "reject me" is not allowed');
    if (text === 'flaky' && failuresLeft-- > 0) throw new Error('temporary failure');
    if (text === 'always fails') throw new Error('database is on fire');
    handled.push(event.eventId);
  });
  const dlq = new TopicRecorder(messaging, 'dlq-reader').recordRaw(dlqNameOf(messaging.topicName(Topics.conversationEvents)));

  beforeAll(async () => {
    await messaging.ensureTopics({ partitions: 1, replicationFactor: 1 });
    publisher = await messaging.publisher();
    await Promise.all([consumer.start(), dlq.start()]);
  });

  afterAll(async () => {
    await messaging.stopConsumers();
    await messaging.disconnect();
  });

  it('moves a malformed message to the DLQ with the reason and keeps processing the partition', async () => {
    const topic = messaging.topicName(Topics.conversationEvents);
    await publisher.publishRaw(topic, 'conv-1', Buffer.from([0xde, 0xad, 0xbe, 0xef]), { ce_id: 'garbage-1' });
    await publisher.publish(Topics.conversationEvents, message('valid-1', 'hello'));

    await waitFor(() => handled.includes('valid-1'), 'the valid message after the malformed one');
    const [dead] = await waitFor(() => (dlq.rawOf(dlqNameOf(topic)).length > 0 ? dlq.rawOf(dlqNameOf(topic)) : undefined), 'the DLQ entry');
    expect(dead!.value).toEqual(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    expect(dead!.key).toBe('conv-1');
    expect(dead!.meta.headers).toMatchObject({
      ce_id: 'garbage-1',
      dlq_error_kind: 'malformed',
      dlq_original_topic: topic,
      dlq_consumer_group: `${prefix}handler`,
    });
    expect(dead!.meta.headers.dlq_error).toMatch(/not a valid protobuf/);
  });

  it('dead-letters a rejected event at once, retries a transient failure, and gives up after the bounded retries', async () => {
    const topic = messaging.topicName(Topics.conversationEvents);
    await publisher.publish(Topics.conversationEvents, message('rejected-1', 'reject me'));
    await publisher.publish(Topics.conversationEvents, message('flaky-1', 'flaky'));
    await publisher.publish(Topics.conversationEvents, message('doomed-1', 'always fails'));
    await publisher.publish(Topics.conversationEvents, message('valid-2', 'after all that'));

    await waitFor(() => handled.includes('valid-2'), 'the valid message after the failures');
    expect(handled).toContain('flaky-1');
    const entries = await waitFor(() => (dlq.rawOf(dlqNameOf(topic)).length >= 3 ? dlq.rawOf(dlqNameOf(topic)) : undefined), 'three DLQ entries');
    const byId = new Map(entries.map((e) => [e.meta.id, e.meta.headers]));
    expect(byId.get('garbage-1')).toBeDefined();
    const rejected = [...byId.values()].find((h) => h.dlq_error?.includes('reject me'));
    expect(rejected).toMatchObject({ dlq_error_kind: 'rejected', dlq_attempts: '1' });
    const doomed = [...byId.values()].find((h) => h.dlq_error === 'database is on fire');
    expect(doomed).toMatchObject({ dlq_error_kind: 'handler', dlq_attempts: '3' });
  });
});
