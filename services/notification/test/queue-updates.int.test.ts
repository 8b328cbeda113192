import { AsyncReason, FollowUpChannel, OutboundKind, RoutingStatus, RoutingUpdate } from '@handoff/contracts';
import { ManualClock } from '@handoff/core';
import { Messaging, Topics, type EventPublisher } from '@handoff/messaging';
import { connectStore, ensureIndexes, type Store } from '@handoff/store';
import { TopicRecorder, infraEnv, testLogger, uniqueName, waitFor } from '@handoff/testing';
import { AlertDispatcher } from '../src/adapters/alert-dispatcher';
import { AlertFactsRepository } from '../src/adapters/alert-facts';
import { Deliveries, deliveryIndexes } from '../src/adapters/deliveries';
import { NotificationStateRepository } from '../src/adapters/notification-state-repository';
import { handleRoutingUpdate, sendDueQueueUpdates, type NotificationDeps } from '../src/adapters/routing-updates-handler';
import { WaitingCustomers, waitingIndexes } from '../src/adapters/waiting-customers';
import { DEFAULT_QUEUE_UPDATES } from '../src/domain/queue-updates';
import { defaultPolicy as policy } from './policy-fixture';

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
  /** A fresh instance over the same database: what a restarted (or second) replica gets. No alert channels. */
  const replica = (): NotificationDeps => {
    const deliveries = new Deliveries(store.db);
    const facts = new AlertFactsRepository(store.db);
    const logger = testLogger();
    const dispatcher = new AlertDispatcher({ deliveries, facts, channels: {}, policy, publisher, topicName: (n) => prefix + n, source: 'test', clock, logger });
    return { waiting: new WaitingCustomers(store.db), states: new NotificationStateRepository(store.db), deliveries, facts, dispatcher, settings: DEFAULT_QUEUE_UPDATES, policy, publisher, clock, logger };
  };

  beforeAll(async () => {
    store = await connectStore({ url: mongoUrl, database: prefix.replace(/[.-]/g, '_'), appName: 'test' });
    await ensureIndexes(store.db, { ...waitingIndexes, ...deliveryIndexes });
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
    await handleRoutingUpdate(first)(update(1, RoutingStatus.ROUTING_STATUS_QUEUED, 3, 300));
    await waitFor(() => outbound().find((m) => m.kind === OutboundKind.OUTBOUND_KIND_TRANSITION), 'the transition message');

    // The line moves; after the interval, two restarted replicas poll at once: one update goes out.
    await handleRoutingUpdate(first)(update(2, RoutingStatus.ROUTING_STATUS_QUEUED, 1, 60));
    clock.advance(76_000);
    const [a, b] = [replica(), replica()];
    const sent = await Promise.all([a, b].map((r) => sendDueQueueUpdates(r)));
    expect(sent[0] + sent[1]).toBe(1);
    const updateMessage = await waitFor(() => outbound().find((m) => m.kind === OutboundKind.OUTBOUND_KIND_QUEUE_UPDATE), 'the queue update');
    expect(updateMessage.text).toBe('You’re next in line, about 1 minute to go. Someone from our Billing team will be with you as soon as they’re free.');

    clock.advance(600_000);
    await sendDueQueueUpdates(a);
    const offer = await waitFor(() => outbound().find((m) => m.kind === OutboundKind.OUTBOUND_KIND_ALTERNATIVES_OFFER), 'the alternatives offer');
    expect(offer.options.map((o) => o.id)).toEqual(['callback', 'email_follow_up', 'keep_waiting']);

    // An agent joins: the wait ends, and no check sends anything any more.
    await handleRoutingUpdate(a)(RoutingUpdate.fromPartial({ ...update(3, RoutingStatus.ROUTING_STATUS_ASSIGNED), agent: { agentId: 'sam', displayName: 'Sam Okafor' } }));
    clock.advance(600_000);
    expect(await sendDueQueueUpdates(b)).toBe(0);
    await waitFor(() => outbound().find((m) => m.kind === OutboundKind.OUTBOUND_KIND_AGENT_JOINED), 'the agent-joined message');
    expect(outbound().filter((m) => m.kind === OutboundKind.OUTBOUND_KIND_QUEUE_UPDATE)).toHaveLength(1);
  });

  it('stops updating a customer whose handoff became an async ticket (their choice of a callback), after telling them so', async () => {
    const deps = replica();
    const ticket = (sequence: number, status: RoutingStatus) => RoutingUpdate.fromPartial({ ...update(sequence, status, 2, 120), handoffId: 'ho-async', conversationId: 'conv-async' });
    await handleRoutingUpdate(deps)(ticket(1, RoutingStatus.ROUTING_STATUS_QUEUED));
    await handleRoutingUpdate(deps)(
      RoutingUpdate.fromPartial({ ...ticket(2, RoutingStatus.ROUTING_STATUS_ASYNC_FALLBACK), asyncReason: AsyncReason.ASYNC_REASON_CUSTOMER_CHOSE_FOLLOW_UP, followUpChannel: FollowUpChannel.FOLLOW_UP_CHANNEL_CALLBACK, slaDescription: 'within 2 business hours, by 3 p.m. today (UTC)' }),
    );
    const notice = await waitFor(() => outbound().find((m) => m.handoffId === 'ho-async' && m.kind === OutboundKind.OUTBOUND_KIND_ASYNC_NOTICE), 'the async notice');
    expect(notice.text).toMatch(/^Thanks — someone from our Billing team will call you back within 2 business hours, by 3 p\.m\. today \(UTC\)\./);
    clock.advance(700_000);
    expect(await sendDueQueueUpdates(deps)).toBe(0);
    expect(outbound().filter((m) => m.handoffId === 'ho-async' && m.kind !== OutboundKind.OUTBOUND_KIND_TRANSITION && m.kind !== OutboundKind.OUTBOUND_KIND_ASYNC_NOTICE)).toHaveLength(0);
  });
});
