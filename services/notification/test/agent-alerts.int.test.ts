// Agent alerts end to end on real Kafka and a MongoDB-wire server, delivered to a real SMTP server and local HTTP
// servers standing in for Slack and a webhook receiver.
import {
  ContextPackage,
  DeliveryKind,
  DeliveryOutcome,
  AlertUrgency,
  RoutingStatus,
  RoutingUpdate,
  Severity,
  DeliveryChannel,
} from '@handoff/contracts';
import { ManualClock } from '@handoff/core';
import { Messaging, Topics, dlqNameOf, type EventPublisher } from '@handoff/messaging';
import { connectStore, ensureIndexes, type Store } from '@handoff/store';
import { TopicRecorder, infraEnv, testLogger, uniqueName, waitFor } from '@handoff/testing';
import { AlertDispatcher, alertDeliveryId } from '../src/adapters/alert-dispatcher';
import { AlertFactsRepository, alertFactsIndexes } from '../src/adapters/alert-facts';
import { EmailChannel, SlackChannel, WebhookChannel } from '../src/adapters/channels';
import { Deliveries, deliveryIndexes } from '../src/adapters/deliveries';
import { NotificationStateRepository } from '../src/adapters/notification-state-repository';
import { handleContextPackage, handleRoutingUpdate, type NotificationDeps } from '../src/adapters/routing-updates-handler';
import { WaitingCustomers, waitingIndexes } from '../src/adapters/waiting-customers';
import { parseNotificationPolicy } from '../src/domain/policy';
import { DEFAULT_QUEUE_UPDATES } from '../src/domain/queue-updates';
import { verifyWebhook } from '../src/domain/webhook-signature';
import { HttpReceiver, SmtpReceiver, mailHeader, mailText } from './local-receivers';
import { DEFAULT_POLICY_TEXT } from './policy-fixture';

const prefix = `${uniqueName('alerts')}.`;
const { kafkaBrokers, mongoUrl } = infraEnv();
const SECRET = 'webhook-secret-for-tests';
const clock = new ManualClock('2026-11-21T10:00:00Z');
const policy = parseNotificationPolicy(
  DEFAULT_POLICY_TEXT.replace('agents: {}', 'agents: { sam: sam.okafor@example.com, nobody: reject-me@example.com }')
    .replace('teams: {}', 'teams: { Billing: billing-leads@example.com }')
    .replace('email_to: []', 'email_to: [support-leads@example.com]')
    .replace('retry: { attempts: 5, initial_delay_seconds: 2', 'retry: { attempts: 3, initial_delay_seconds: 2'),
  'test-policy.yaml',
);

const pkg = (handoffId: string, name: string, tier: string, overrides: Partial<ContextPackage> = {}) =>
  ContextPackage.fromPartial({
    handoffId,
    conversationId: `conv-${handoffId}`,
    language: 'en',
    customer: { customerId: `cus-${handoffId}`, name, email: 'someone@example.com', tier },
    request: { handoffId, conversationId: `conv-${handoffId}`, category: 'billing_dispute', severity: Severity.SEVERITY_NORMAL, sentimentScore: -0.2, requestedAt: clock.now(), customerTier: tier, language: 'en' },
    summary: `${name} (${tier} tier) was charged twice after changing plans.`,
    ...overrides,
  });
const routing = (handoffId: string, sequence: number, status: RoutingStatus, agentId = 'sam', tier = 'vip') =>
  RoutingUpdate.fromPartial({
    updateId: `${handoffId}-${sequence}`,
    handoffId,
    conversationId: `conv-${handoffId}`,
    sequence,
    status,
    team: 'Billing',
    queueId: 'billing',
    agent: { agentId, displayName: agentId === 'sam' ? 'Sam Okafor' : agentId },
    at: clock.now(),
    category: 'billing_dispute',
    customerTier: tier,
    language: 'en',
  });

describe('agent alerts over Slack, SMTP and a signed webhook', () => {
  let store: Store;
  let publisher: EventPublisher;
  let deps: NotificationDeps;
  let dispatcher: AlertDispatcher;
  const slack = new HttpReceiver();
  const webhook = new HttpReceiver();
  const smtp = new SmtpReceiver();
  let email: EmailChannel;
  const messaging = new Messaging({ brokers: kafkaBrokers, clientId: 'alerts-int', topicPrefix: prefix, logger: testLogger() });
  const recorder = new TopicRecorder(messaging, 'recorder').record(Topics.notificationDeliveries).recordRaw(`${prefix}${dlqNameOf(Topics.handoffRouting.name)}`);
  const records = () => recorder.of(Topics.notificationDeliveries).map((r) => r.event);
  const slackFor = (name: string) => slack.requests.filter((r) => r.body.includes(name));
  const webhookFor = (handoffId: string) => webhook.requests.filter((r) => (JSON.parse(r.body) as { handoff_id?: string }).handoff_id === handoffId);
  const mailsFor = (name: string) => smtp.mails.filter((m) => mailHeader(m.raw, 'Subject')?.includes(name));
  const publish = async (update: RoutingUpdate) => publisher.publish(Topics.handoffRouting, update, { id: update.updateId });

  beforeAll(async () => {
    store = await connectStore({ url: mongoUrl, database: prefix.replace(/[.-]/g, '_'), appName: 'test' });
    await ensureIndexes(store.db, { ...waitingIndexes, ...deliveryIndexes, ...alertFactsIndexes });
    await messaging.ensureTopics({ partitions: 1, replicationFactor: 1 });
    publisher = await messaging.publisher();
    const [slackUrl, webhookUrl, smtpUrl] = await Promise.all([slack.start(), webhook.start(), smtp.start()]);
    email = new EmailChannel(smtpUrl, policy.alerts.email.from, 5000);
    const deliveries = new Deliveries(store.db);
    const facts = new AlertFactsRepository(store.db);
    const logger = testLogger();
    dispatcher = new AlertDispatcher({
      deliveries,
      facts,
      channels: { slack: new SlackChannel(slackUrl, 5000), email, webhook: new WebhookChannel(webhookUrl, SECRET, 5000) },
      policy,
      publisher,
      topicName: (name) => messaging.topicName(name),
      source: 'alerts-int',
      clock,
      logger,
      random: () => 0.5,
    });
    deps = { states: new NotificationStateRepository(store.db), waiting: new WaitingCustomers(store.db), deliveries, facts, dispatcher, settings: DEFAULT_QUEUE_UPDATES, policy, publisher, clock, logger };
    await messaging
      .consumer({ groupId: 'notification-under-test' })
      .on(Topics.handoffRouting, handleRoutingUpdate(deps))
      .on(Topics.handoffContext, handleContextPackage(deps))
      .start();
    await recorder.start();
  });

  afterAll(async () => {
    await messaging.stopConsumers();
    await dispatcher.idle();
    await recorder.stop();
    await messaging.disconnect();
    email.close();
    await Promise.all([slack.stop(), webhook.stop(), smtp.stop()]);
    await store.db.dropDatabase();
    await store.close();
  });

  it('alerts an agent offered a VIP handoff on every urgent channel with the package’s facts, once, whatever follows', async () => {
    await publisher.publish(Topics.handoffContext, pkg('ho-dana', 'Dana Whitfield', 'vip'));
    await waitFor(() => deps.facts.get('ho-dana'), 'the alert facts');
    await publish(routing('ho-dana', 1, RoutingStatus.ROUTING_STATUS_OFFERED));

    const [slackRequest] = await waitFor(() => (slackFor('Dana').length ? slackFor('Dana') : undefined), 'the Slack alert');
    const message = JSON.parse(slackRequest!.body) as { text: string; blocks: Array<{ type: string; fields?: Array<{ text: string }>; text?: { text: string } }> };
    expect(message.text).toBe('Urgent: billing dispute handoff offered to Sam Okafor: Dana Whitfield (vip) waiting 0 s');
    expect(message.blocks[1]!.fields!.map((f) => f.text)).toContain('*Tier*\nvip');
    expect(message.blocks[2]!.text!.text).toBe('*Summary*\nDana Whitfield (vip tier) was charged twice after changing plans.');
    expect(message.blocks[3]!.text!.text).toBe('*Suggested first message*\n>Hi Dana, I can see you need help with a charge that doesn’t look right; let me sort this out.');

    const [hook] = await waitFor(() => (webhookFor('ho-dana').length ? webhookFor('ho-dana') : undefined), 'the webhook alert');
    const deliveryId = alertDeliveryId('ho-dana', 'sam', 'webhook');
    expect(hook!.headers['x-handoff-delivery']).toBe(deliveryId);
    expect(verifyWebhook(SECRET, hook!.body, hook!.headers['x-handoff-timestamp'] as string, hook!.headers['x-handoff-signature'] as string, clock.now())).toBe(true);
    expect(JSON.parse(hook!.body)).toMatchObject({ type: 'handoff.agent_alert', version: 1, delivery_id: deliveryId, urgency: 'urgent', customer: { name: 'Dana Whitfield', tier: 'vip' }, agent: { id: 'sam' } });

    const [mail] = await waitFor(() => (mailsFor('Dana').length ? mailsFor('Dana') : undefined), 'the e-mail alert');
    expect(mail!.to).toEqual(['sam.okafor@example.com', 'billing-leads@example.com']);
    expect(mailHeader(mail!.raw, 'Subject')).toBe('[Urgent] billing dispute: Dana Whitfield (vip), waiting 0 s');
    expect(mailHeader(mail!.raw, 'X-Handoff-Delivery')).toBe(alertDeliveryId('ho-dana', 'sam', 'email'));
    expect(mailText(mail!.raw)).toContain('Suggested first message:\nHi Dana, I can see you need help with a charge that doesn’t look right; let me sort this out.');
    expect(mailText(mail!.raw)).toContain('Open the handoff: https://helpdesk.example.com/handoffs/ho-dana');

    const alerts = await waitFor(() => {
      const found = records().filter((r) => r.handoffId === 'ho-dana' && r.kind === DeliveryKind.DELIVERY_KIND_AGENT_ALERT);
      return found.length === 3 ? found : undefined;
    }, 'three delivery records');
    expect(alerts.every((r) => r.outcome === DeliveryOutcome.DELIVERY_OUTCOME_DELIVERED && r.urgency === AlertUrgency.ALERT_URGENCY_URGENT && r.attempts === 1)).toBe(true);
    expect(alerts.map((r) => r.recipient).sort()).toEqual(['agent:sam', 'agent:sam', 'webhook']);
    expect(alerts[0]!.suggestedFirstMessage).toMatch(/^Hi Dana,/);
    expect(JSON.stringify(alerts)).not.toContain('example.com');

    // The agent accepts (ASSIGNED), and the offer is redelivered: nobody is alerted again. A later handoff's alert
    // marks the point by which a second alert would have arrived.
    await publish(routing('ho-dana', 2, RoutingStatus.ROUTING_STATUS_ASSIGNED));
    await publish(routing('ho-dana', 1, RoutingStatus.ROUTING_STATUS_OFFERED));
    await publisher.publish(Topics.handoffContext, pkg('ho-marker', 'Mark Later', 'vip'));
    await waitFor(() => deps.facts.get('ho-marker'), 'the marker facts');
    await publish(routing('ho-marker', 1, RoutingStatus.ROUTING_STATUS_ASSIGNED));
    await waitFor(() => (webhookFor('ho-marker').length && slackFor('Mark Later').length && mailsFor('Mark Later').length ? true : undefined), 'the marker alerts');
    expect([slackFor('Dana').length, webhookFor('ho-dana').length, mailsFor('Dana').length]).toEqual([1, 1, 1]);
  });

  it('sends a routine alert only where the policy sends routine alerts (the webhook), and records the rest as skipped', async () => {
    await publisher.publish(Topics.handoffContext, pkg('ho-routine', 'Rita Routine', 'standard'));
    await waitFor(() => deps.facts.get('ho-routine'), 'the alert facts');
    await publish(routing('ho-routine', 1, RoutingStatus.ROUTING_STATUS_ASSIGNED, 'sam', 'standard'));
    const [hook] = await waitFor(() => (webhookFor('ho-routine').length ? webhookFor('ho-routine') : undefined), 'the webhook alert');
    expect(JSON.parse(hook!.body)).toMatchObject({ urgency: 'routine', status: 'assigned', customer: { tier: 'standard' } });
    await waitFor(async () => ((await deps.deliveries.get(alertDeliveryId('ho-routine', 'sam', 'slack')))?.status === 'skipped' ? true : undefined), 'the skipped Slack alert');
    expect((await deps.deliveries.get(alertDeliveryId('ho-routine', 'sam', 'email')))?.status).toBe('skipped');
    expect(slackFor('Rita').length + mailsFor('Rita').length).toBe(0);
  });

  it('holds an alert until its context package arrives, then sends it with the customer’s facts', async () => {
    await publish(routing('ho-late', 1, RoutingStatus.ROUTING_STATUS_OFFERED));
    await waitFor(async () => ((await deps.deliveries.get(alertDeliveryId('ho-late', 'sam', 'slack')))?.status === 'pending' ? true : undefined), 'the pending alert');
    expect(slackFor('Lara').length).toBe(0);
    await publisher.publish(Topics.handoffContext, pkg('ho-late', 'Lara Late', 'vip'));
    const [request] = await waitFor(() => (slackFor('Lara Late').length ? slackFor('Lara Late') : undefined), 'the Slack alert after the package');
    expect(request!.body).toContain('Hi Lara,');
  });

  it('retries a failing Slack with backoff, then records the failure, publishes it and dead-letters the update; re-driving it delivers', async () => {
    slack.respond = (request) => (request.body.includes('Fran Failing') ? 503 : 200);
    await publisher.publish(Topics.handoffContext, pkg('ho-fail', 'Fran Failing', 'vip'));
    await waitFor(() => deps.facts.get('ho-fail'), 'the alert facts');
    const offer = routing('ho-fail', 1, RoutingStatus.ROUTING_STATUS_OFFERED);
    await publish(offer);
    await waitFor(() => (slackFor('Fran').length === 1 ? true : undefined), 'the first attempt');
    await dispatcher.idle();
    const id = alertDeliveryId('ho-fail', 'sam', 'slack');
    expect(await deps.deliveries.get(id)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 503' });

    // Not due yet: nothing is sent before the backoff (2 s) has passed.
    expect(await dispatcher.runDue()).toBe(0);
    clock.advance(2_000);
    await dispatcher.runDue();
    expect(slackFor('Fran')).toHaveLength(2);
    clock.advance(4_000);
    await dispatcher.runDue();
    expect(slackFor('Fran')).toHaveLength(3);
    expect(await deps.deliveries.get(id)).toMatchObject({ status: 'failed', attempts: 3, lastError: 'HTTP 503 (gave up after 3 attempts)' });

    const failed = await waitFor(() => records().find((r) => r.deliveryId === id), 'the delivery-failed record');
    expect(failed).toMatchObject({ outcome: DeliveryOutcome.DELIVERY_OUTCOME_FAILED, channel: DeliveryChannel.DELIVERY_CHANNEL_SLACK, attempts: 3, error: 'HTTP 503 (gave up after 3 attempts)', agentId: 'sam' });
    const dead = await waitFor(() => recorder.rawOf(`${prefix}${dlqNameOf(Topics.handoffRouting.name)}`).find((m) => m.meta.headers.dlq_delivery_id === id), 'the dead letter');
    expect(dead.meta.headers).toMatchObject({ dlq_error_kind: 'delivery', dlq_channel: 'slack', dlq_attempts: '3', dlq_original_topic: `${prefix}handoff.routing.v1` });
    expect(RoutingUpdate.decode(dead.value!)).toMatchObject({ handoffId: 'ho-fail', sequence: 1 });

    // Slack recovers; the dead letter is re-driven onto the topic: the alert goes out, once.
    slack.respond = () => 200;
    await publish(offer);
    await waitFor(async () => ((await deps.deliveries.get(id))?.status === 'delivered' ? true : undefined), 'the re-driven alert');
    expect(slackFor('Fran')).toHaveLength(4);
  });

  it('gives up at once on an address the mail server rejects, without recording the address', async () => {
    await publisher.publish(Topics.handoffContext, pkg('ho-reject', 'Rob Rejected', 'vip'));
    await waitFor(() => deps.facts.get('ho-reject'), 'the alert facts');
    await publish(RoutingUpdate.fromPartial({ ...routing('ho-reject', 1, RoutingStatus.ROUTING_STATUS_OFFERED, 'nobody'), team: 'Orders' }));
    const id = alertDeliveryId('ho-reject', 'nobody', 'email');
    const record = await waitFor(() => records().find((r) => r.deliveryId === id), 'the failed e-mail record');
    expect(record).toMatchObject({ outcome: DeliveryOutcome.DELIVERY_OUTCOME_FAILED, attempts: 1 });
    expect(record.error).toMatch(/^SMTP 550/);
    expect(record.error).not.toContain('reject-me@example.com');
  });

  it('pages the on-call agents routing names when a critical handoff becomes an async ticket', async () => {
    await publisher.publish(Topics.handoffContext, pkg('ho-critical', 'Cora Critical', 'standard'));
    await waitFor(() => deps.facts.get('ho-critical'), 'the alert facts');
    await publish(RoutingUpdate.fromPartial({ ...routing('ho-critical', 1, RoutingStatus.ROUTING_STATUS_ASYNC_FALLBACK), agent: undefined, pageOnCall: ['oncall-1', 'oncall-2'] }));
    await waitFor(() => (webhookFor('ho-critical').length === 2 ? true : undefined), 'two pages');
    const pages = webhookFor('ho-critical').map((r) => JSON.parse(r.body) as { status: string; urgency: string; agent: { id: string } });
    expect(pages.map((p) => p.agent.id).sort()).toEqual(['oncall-1', 'oncall-2']);
    expect(pages.every((p) => p.status === 'paged' && p.urgency === 'urgent')).toBe(true);
    await waitFor(() => (slackFor('on-call page for oncall-2').length ? true : undefined), 'the Slack page');
  });

  it('sends supervisors one digest per period when the longest wait passes the threshold', async () => {
    const longAgo = new Date(clock.now().getTime() - 20 * 60_000);
    await handleRoutingUpdate(deps)(RoutingUpdate.fromPartial({ ...routing('ho-wait', 1, RoutingStatus.ROUTING_STATUS_QUEUED), agent: undefined, queuePosition: 1, at: longAgo }));
    expect(await dispatcher.digest(await deps.waiting.snapshot())).toBe(2);
    expect(await dispatcher.digest(await deps.waiting.snapshot())).toBe(0);
    const [request] = await waitFor(() => (slackFor('Queue digest').length ? slackFor('Queue digest') : undefined), 'the Slack digest');
    expect((JSON.parse(request!.body) as { text: string }).text).toBe('Queue digest: 1 customer waiting; the longest for 20 min');
    const [mail] = await waitFor(() => (mailsFor('Queue digest').length ? mailsFor('Queue digest') : undefined), 'the e-mail digest');
    expect(mail!.to).toEqual(['support-leads@example.com']);
    expect(mailText(mail!.raw)).toContain('Billing: 1 waiting, longest 20 min');
  });
});
