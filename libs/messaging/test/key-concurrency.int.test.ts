import { ConversationEvent, Role } from '@handoff/contracts';
import { infraEnv, testLogger, uniqueName, waitFor } from '@handoff/testing';
import { Messaging, Topics, dlqNameOf, type EventConsumer, type EventPublisher } from '../src';

const message = (conversationId: string, eventId: string): ConversationEvent => ({
  eventId,
  conversationId,
  occurredAt: new Date(),
  channel: 'chat',
  language: 'en',
  payload: { $case: 'messagePosted', value: { messageId: eventId, role: Role.ROLE_CUSTOMER, text: eventId, botIntent: '', agentId: '' } },
});

describe('consumer runner with keyConcurrency, on a real broker (one partition)', () => {
  const prefix = `${uniqueName('keys')}.`;
  const messaging = new Messaging({ brokers: infraEnv().kafkaBrokers, clientId: 'key-concurrency-test', topicPrefix: prefix, logger: testLogger() });
  let publisher: EventPublisher;

  beforeAll(async () => {
    await messaging.ensureTopics({ partitions: 1, replicationFactor: 1 });
    publisher = await messaging.publisher();
  });

  afterAll(async () => {
    await messaging.stopConsumers();
    await messaging.disconnect();
  });

  const consumerRecording = (handled: Map<string, string[]>, before?: (event: ConversationEvent) => Promise<void>): EventConsumer =>
    messaging.consumer({ groupId: 'keyed', keyConcurrency: 4, retry: { attempts: 1, initialDelayMs: 1, maxDelayMs: 1 } }).on(Topics.conversationEvents, async (event) => {
      await before?.(event);
      handled.set(event.conversationId, [...(handled.get(event.conversationId) ?? []), event.eventId]);
    });

  it('handles other keys while one waits, keeps each key in order, dead-letters in place, and commits only what it finished', async () => {
    const handled = new Map<string, string[]>();
    let releaseA!: () => void;
    const aMayGoOn = new Promise<void>((resolve) => (releaseA = resolve));
    // conv-a's first message waits until all of conv-b has been handled: one message at a time would never get there.
    const first = consumerRecording(handled, async (event) => {
      if (event.eventId === 'a1') await aMayGoOn;
    });

    // Published before the consumer starts, so that its first fetch holds them all: keys run in parallel within a
    // fetched batch, and the partition's next batch waits for the whole of this one.
    const topic = messaging.topicName(Topics.conversationEvents);
    for (let i = 1; i <= 5; i++) {
      await publisher.publish(Topics.conversationEvents, message('conv-a', `a${i}`));
      await publisher.publish(Topics.conversationEvents, message('conv-b', `b${i}`));
      if (i === 3) await publisher.publishRaw(topic, 'conv-b', Buffer.from([0xde, 0xad]), { ce_id: 'garbage-b' });
    }
    await first.start();

    try {
      await waitFor(() => handled.get('conv-b')?.length === 5 || undefined, "conv-b's five messages while conv-a's first one waits");
      expect(handled.get('conv-a')).toBeUndefined();
    } finally {
      releaseA();
    }
    await waitFor(() => handled.get('conv-a')?.length === 5 || undefined, "conv-a's five messages");
    expect(handled.get('conv-a')).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
    expect(handled.get('conv-b')).toEqual(['b1', 'b2', 'b3', 'b4', 'b5']);

    // The malformed message went to the DLQ (and did not stop conv-b).
    const dlq = messaging.consumer({ groupId: 'dlq-reader' });
    const dead: string[] = [];
    dlq.onRaw(dlqNameOf(topic), async ({ meta }) => void dead.push(meta.id));
    await dlq.start();
    await waitFor(() => dead.includes('garbage-b') || undefined, 'the malformed message in the DLQ');

    // A new member of the group starts after everything handled: nothing is delivered again.
    await first.stop();
    const again = new Map<string, string[]>();
    await consumerRecording(again).start();
    await publisher.publish(Topics.conversationEvents, message('conv-c', 'c1'));
    await waitFor(() => again.get('conv-c')?.length === 1 || undefined, 'the message published after the restart');
    expect([...again.keys()]).toEqual(['conv-c']);
  });

  it("hands a key's messages to the group handler at once, dead-letters what does not decode, and falls back to one by one when the group fails", async () => {
    const groups: string[][] = [];
    const single: string[] = [];
    const consumer = messaging
      .consumer({ groupId: 'grouped', keyConcurrency: 4, retry: { attempts: 1, initialDelayMs: 1, maxDelayMs: 1 } })
      .on(
        Topics.conversationEvents,
        async (event) => void single.push(event.eventId),
        async (items) => {
          if (items.some((i) => i.event.conversationId === 'grp-c')) throw new Error('the group cannot be saved');
          expect(items.every((i) => typeof i.inTrace === 'function' && i.meta.key === i.event.conversationId)).toBe(true);
          groups.push(items.map((i) => i.event.eventId));
        },
      );
    const topic = messaging.topicName(Topics.conversationEvents);
    await publisher.publish(Topics.conversationEvents, message('grp-a', 'ga1'));
    await publisher.publish(Topics.conversationEvents, message('grp-b', 'gb1'));
    await publisher.publish(Topics.conversationEvents, message('grp-a', 'ga2'));
    await publisher.publishRaw(topic, 'grp-a', Buffer.from([0xde, 0xad]), { ce_id: 'garbage-grp-a' });
    await publisher.publish(Topics.conversationEvents, message('grp-c', 'gc1'));
    await publisher.publish(Topics.conversationEvents, message('grp-a', 'ga3'));
    await publisher.publish(Topics.conversationEvents, message('grp-c', 'gc2'));
    // Earlier tests' messages are in the topic too (this is a new group, reading from the beginning).
    await consumer.start();

    await waitFor(() => (single.includes('gc2') && groups.some((g) => g.includes('ga1'))) || undefined, 'every grp- message');
    expect(groups.find((g) => g.includes('ga1'))).toEqual(['ga1', 'ga2', 'ga3']);
    expect(single.filter((id) => id.startsWith('g'))).toEqual(['gb1', 'gc1', 'gc2']);
    const dead: string[] = [];
    // (The first test's last consumer, another group, is still running and dead-letters it for its own group too.)
    const dlq = messaging
      .consumer({ groupId: 'dlq-reader-grouped' })
      .onRaw(dlqNameOf(topic), async ({ meta }) => void (meta.headers['dlq_consumer_group'] === messaging.topicName('grouped') && dead.push(meta.id)));
    await dlq.start();
    await waitFor(() => dead.includes('garbage-grp-a') || undefined, 'the malformed grp-a message in the DLQ');
    expect(dead.filter((id) => id === 'garbage-grp-a')).toHaveLength(1);
  });
});
