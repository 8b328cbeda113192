import { OutboundKind, RoutingStatus, RoutingUpdate } from '@handoff/contracts';
import { ManualClock } from '@handoff/core';
import { Messaging, Topics, type EventPublisher } from '@handoff/messaging';
import { connectStore, ensureIndexes, type Store } from '@handoff/store';
import { TopicRecorder, infraEnv, testLogger, uniqueName, waitFor } from '@handoff/testing';
import { NotificationStateRepository } from '../src/adapters/notification-state-repository';
import { handleRoutingUpdate, sendDueQueueUpdates } from '../src/adapters/routing-updates-handler';
import { WaitingCustomers, waitingIndexes } from '../src/adapters/waiting-customers';
import { DEFAULT_QUEUE_UPDATES } from '../src/domain/queue-updates';

const prefix = `${uniqueName('notify')}.`;
const { kafkaBrokers, mongoUrl } = infraEnv();
const clock = new ManualClock('2026-11-21T10:00:00Z');
const update = (sequence: number, status: RoutingStatus, position = 0, etaSeconds?: number) =>
  RoutingUpdate.fromPartial({ updateId: `u${sequence}`, handoffId: 'ho-q', conversationId: 'conv-q', sequence, status, team: 'Billing', queueId: 'billing', queuePosition: position, etaSeconds, at: clock.now(), category: 'refund' });

describe('queue updates on real Kafka and a MongoDB-wire server', () => {
  let store: Store;
  let publisher: EventPublisher;
  const messaging = new Messaging({ brokers: kafkaBrokers, clientId: 'notify-int', topicPrefix: prefix, logger: testLogger() });
  const recorder = new TopicRecorder(messaging, 'recorder').record(Topics.conversationOutbound);
  const outbound = () => recorder.of(Topics.conversationOutbound).map((r) => r.event);
  /** A fresh instance over the same database: what a restarted (or second) replica gets. */
  const replica = () => ({ waiting: new WaitingCustomers(store.db), states: new NotificationStateRepository(store.db) });

  beforeAll(async () => {
    store = await connectStore({ url: mongoUrl, database: prefix.replace(/[.-]/g, '_'), appName: 'test' });
    await ensureIndexes(store.db, waitingIndexes);
    await messaging.ensureTopics({ partitions: 1, replicationFactor: 1 });
    publisher = await messaging.publisher();
    await recorder.start();
  });

  afterAll(async () => {
    await recorder.stop();
    await messaging.disconnect();
    await store.db.dropDatabase();
    await store.close();
  });

  it('updates a waiting customer after a restart, once across two replicas, offers alternatives, and stops when an agent joins', async () => {
    const first = replica();
    await handleRoutingUpdate(first.states, first.waiting, DEFAULT_QUEUE_UPDATES, publisher, clock, testLogger())(update(1, RoutingStatus.ROUTING_STATUS_QUEUED, 3, 300));
    await waitFor(() => outbound().find((m) => m.kind === OutboundKind.OUTBOUND_KIND_TRANSITION), 'the transition message');

    // The line moves; after the interval, two restarted replicas poll at once: one update goes out.
    await handleRoutingUpdate(first.states, first.waiting, DEFAULT_QUEUE_UPDATES, publisher, clock, testLogger())(update(2, RoutingStatus.ROUTING_STATUS_QUEUED, 1, 60));
    clock.advance(76_000);
    const [a, b] = [replica(), replica()];
    const sent = await Promise.all([a, b].map((r) => sendDueQueueUpdates(r.waiting, DEFAULT_QUEUE_UPDATES, publisher, clock, testLogger())));
    expect(sent[0] + sent[1]).toBe(1);
    const updateMessage = await waitFor(() => outbound().find((m) => m.kind === OutboundKind.OUTBOUND_KIND_QUEUE_UPDATE), 'the queue update');
    expect(updateMessage.text).toBe('You’re next in line, about 1 minute to go. Someone from our Billing team will be with you as soon as they’re free.');

    clock.advance(600_000);
    await sendDueQueueUpdates(a.waiting, DEFAULT_QUEUE_UPDATES, publisher, clock, testLogger());
    await waitFor(() => outbound().find((m) => m.kind === OutboundKind.OUTBOUND_KIND_ALTERNATIVES_OFFER), 'the alternatives offer');

    // An agent joins: the wait ends, and no check sends anything any more.
    await handleRoutingUpdate(a.states, a.waiting, DEFAULT_QUEUE_UPDATES, publisher, clock, testLogger())(
      RoutingUpdate.fromPartial({ ...update(3, RoutingStatus.ROUTING_STATUS_ASSIGNED), agent: { agentId: 'sam', displayName: 'Sam Okafor' } }),
    );
    clock.advance(600_000);
    expect(await sendDueQueueUpdates(b.waiting, DEFAULT_QUEUE_UPDATES, publisher, clock, testLogger())).toBe(0);
    await waitFor(() => outbound().find((m) => m.kind === OutboundKind.OUTBOUND_KIND_AGENT_JOINED), 'the agent-joined message');
    expect(outbound().filter((m) => m.kind === OutboundKind.OUTBOUND_KIND_QUEUE_UPDATE)).toHaveLength(1);
  });
});
