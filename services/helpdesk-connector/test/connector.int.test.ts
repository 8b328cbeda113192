// The connector's handlers on real Kafka and a MongoDB-wire server, with a local HTTP server standing in for Zendesk
// and a webhook receiver. Events go through the real topics (under a unique prefix) and the real consumer runner.
import type { ContextPackage, RoutingUpdate } from '@handoff/contracts';
import { systemClock } from '@handoff/core';
import { Messaging, Topics, dlqNameOf, type EventConsumer, type EventPublisher } from '@handoff/messaging';
import { connectStore, ensureIndexes, type Store } from '@handoff/store';
import { TopicRecorder, infraEnv, testLogger, uniqueName, waitFor } from '@handoff/testing';
import { HelpdeskConnector, connectorConsumer } from '../src/adapters/connector';
import { ClaimStore, RoutingBuffer, TicketRepository, connectorIndexes } from '../src/adapters/connector-store';
import { HttpClient } from '../src/adapters/http-client';
import { WebhookTarget, ZendeskTarget } from '../src/adapters/targets';
import { handoffFieldsOf, routingFieldsOf } from '../src/domain/fields';
import { idempotencyKey } from '../src/domain/idempotency';
import { webhookCreatedPayload, webhookUpdatedPayload } from '../src/domain/webhook';
import { verifyWebhookSignature } from '../src/domain/webhook-signature';
import { zendeskCreateRequest, zendeskUpdateRequest, type ZendeskMapping } from '../src/domain/zendesk';
import { FakeHelpdesk, type RecordedRequest } from './fake-helpdesk';
import { assigned, completed, queued, samplePackage } from './fixtures';

const prefix = `${uniqueName('helpdesk')}.`;
const { kafkaBrokers, mongoUrl } = infraEnv();
const SECRET = 'whsec_integration_test_secret';
const mapping: ZendeskMapping = { fieldIds: { category: 11, reason: 12, handoff_id: 13, status: 14, agent: 15 }, agentIds: { sam: 9001 } };
const expectedAuth = `Basic ${Buffer.from('bot@acme.test/token:zd-token').toString('base64')}`;

describe('helpdesk connector on real Kafka and a MongoDB-wire server', () => {
  const helpdesk = new FakeHelpdesk();
  const messaging = new Messaging({ brokers: kafkaBrokers, clientId: 'helpdesk-int', topicPrefix: prefix, logger: testLogger() });
  const contextDlq = dlqNameOf(messaging.topicName(Topics.handoffContext));
  const dlq = new TopicRecorder(messaging, 'dlq-reader').recordRaw(contextDlq);
  let store: Store;
  let publisher: EventPublisher;
  let consumer: EventConsumer;
  let connector: HelpdeskConnector;
  /** Messages the connector finished (successfully or not), as "<context|routing>:<handoffId>[:<sequence>]". */
  const handled: string[] = [];

  beforeAll(async () => {
    await helpdesk.start();
    store = await connectStore({ url: mongoUrl, database: prefix.replace(/[.-]/g, '_'), appName: 'test' });
    await ensureIndexes(store.db, connectorIndexes);
    await messaging.ensureTopics({ partitions: 1, replicationFactor: 1 });
    publisher = await messaging.publisher();
    const http = new HttpClient({ timeoutMs: 2000, retry: { attempts: 3, initialDelayMs: 20, maxDelayMs: 100, maxRetryAfterMs: 2000 }, logger: testLogger() });
    connector = new HelpdeskConnector({
      targets: [new ZendeskTarget(http, helpdesk.url, 'bot@acme.test', 'zd-token', mapping), new WebhookTarget(http, `${helpdesk.url}/hooks/handoff`, SECRET)],
      claims: new ClaimStore(store.db, 60_000),
      tickets: new TicketRepository(store.db),
      buffer: new RoutingBuffer(store.db),
      clock: systemClock,
      logger: testLogger(),
    });
    // Observe completion through the real consumer without changing what it does.
    const tracked = {
      handleContext: async (pkg: ContextPackage) => {
        try {
          await connector.handleContext(pkg);
        } finally {
          handled.push(`context:${pkg.handoffId}`);
        }
      },
      handleRouting: async (update: RoutingUpdate) => {
        try {
          await connector.handleRouting(update);
        } finally {
          handled.push(`routing:${update.handoffId}:${update.sequence}`);
        }
      },
    };
    consumer = connectorConsumer(messaging, tracked as unknown as HelpdeskConnector, { retry: { attempts: 2, initialDelayMs: 50, maxDelayMs: 100 } });
    await consumer.start();
    await dlq.start();
  });

  afterAll(async () => {
    await consumer.stop();
    await dlq.stop();
    await messaging.disconnect();
    await store.db.dropDatabase();
    await store.close();
    await helpdesk.stop();
  });

  const handledCount = (entry: string) => handled.filter((h) => h === entry).length;
  const waitHandled = (entry: string, times = 1) => waitFor(() => handledCount(entry) >= times || undefined, entry);
  const zendesk = (handoffId: string, method: string) => helpdesk.of(handoffId, { method, pathPrefix: '/api/v2/tickets' });
  const webhook = (handoffId: string) => helpdesk.of(handoffId, { pathPrefix: '/hooks/handoff' });
  const verify = (r: RecordedRequest) =>
    verifyWebhookSignature({ secret: SECRET, body: r.raw, timestamp: r.headers['x-handoff-timestamp'] as string, signature: r.headers['x-handoff-signature'] as string });

  it('creates a Zendesk ticket and a signed webhook delivery, then applies routing updates in order', async () => {
    const pkg = samplePackage('ho_main');
    const fields = handoffFieldsOf(pkg);
    await publisher.publish(Topics.handoffContext, pkg);
    await waitHandled('context:ho_main');
    for (const update of [queued('ho_main', 1), assigned('ho_main', 2), completed('ho_main', 3)]) await publisher.publish(Topics.handoffRouting, update);
    await waitHandled('routing:ho_main:3');

    const [create, ...more] = zendesk('ho_main', 'POST');
    expect(more).toHaveLength(0);
    expect(create!.path).toBe('/api/v2/tickets.json');
    expect(create!.headers.authorization).toBe(expectedAuth);
    expect(create!.headers['content-type']).toBe('application/json');
    expect(create!.headers['idempotency-key']).toBe(idempotencyKey('ho_main', 'zendesk', 'create'));
    expect(create!.json).toEqual(zendeskCreateRequest(fields, mapping, 'unused').body);

    const ticketId = (await new TicketRepository(store.db).find('ho_main', 'zendesk'))!.ticketId;
    expect(ticketId).toMatch(/^\d+$/);
    const puts = zendesk('ho_main', 'PUT');
    expect(puts.map((p) => p.path)).toEqual([`/api/v2/tickets/${ticketId}.json`, `/api/v2/tickets/${ticketId}.json`, `/api/v2/tickets/${ticketId}.json`]);
    expect(puts.every((p) => p.headers.authorization === expectedAuth)).toBe(true);
    expect(puts.map((p) => p.json)).toEqual([queued('ho_main', 1), assigned('ho_main', 2), completed('ho_main', 3)].map((u) => zendeskUpdateRequest(ticketId, routingFieldsOf(u)!, mapping).body));
    expect((puts[1]!.json as { ticket: { assignee_id: number; status: string } }).ticket).toMatchObject({ assignee_id: 9001, status: 'open' });
    expect((puts[2]!.json as { ticket: { status: string } }).ticket.status).toBe('solved');

    const deliveries = webhook('ho_main');
    expect(deliveries).toHaveLength(4);
    for (const d of deliveries) {
      expect(d.method).toBe('POST');
      expect(verify(d)).toMatchObject({ ok: true });
      expect(d.headers['x-handoff-delivery']).toBe((d.json as { delivery_id: string }).delivery_id);
    }
    expect(deliveries[0]!.json).toEqual(webhookCreatedPayload(fields, idempotencyKey('ho_main', 'webhook', 'create')));
    expect(deliveries.slice(1).map((d) => d.json)).toEqual(
      [queued('ho_main', 1), assigned('ho_main', 2), completed('ho_main', 3)].map((u) => webhookUpdatedPayload(routingFieldsOf(u)!, idempotencyKey('ho_main', 'webhook', `update:${u.sequence}`))),
    );
    // The receiver's answer is recorded as its ticket id.
    expect(await new TicketRepository(store.db).find('ho_main', 'webhook')).toMatchObject({ ticketId: 'inbox-ho_main', lastSequence: 3, lastStatus: 'completed' });
    // A tampered body does not verify.
    expect(verify({ ...deliveries[0]!, raw: deliveries[0]!.raw.replace('ho_main', 'ho_evil') })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('creates no second ticket for a redelivered context package or routing update', async () => {
    await publisher.publish(Topics.handoffContext, samplePackage('ho_main'));
    await publisher.publish(Topics.handoffContext, samplePackage('ho_main'));
    await publisher.publish(Topics.handoffRouting, assigned('ho_main', 2));
    await waitHandled('context:ho_main', 3);
    await waitHandled('routing:ho_main:2', 2);
    expect(zendesk('ho_main', 'POST')).toHaveLength(1);
    expect(zendesk('ho_main', 'PUT')).toHaveLength(3);
    expect(webhook('ho_main')).toHaveLength(4);
  });

  it('creates one ticket when two workers handle the same package at once', async () => {
    const pkg = samplePackage('ho_race');
    await Promise.all([connector.handleContext(pkg), connector.handleContext(pkg), connector.handleContext(pkg)]);
    expect(zendesk('ho_race', 'POST')).toHaveLength(1);
    expect(webhook('ho_race')).toHaveLength(1);
  });

  it('buffers routing updates that arrive before the ticket and applies them in sequence order once it exists', async () => {
    await publisher.publish(Topics.handoffRouting, assigned('ho_early', 2));
    await publisher.publish(Topics.handoffRouting, queued('ho_early', 1));
    await waitHandled('routing:ho_early:1');
    expect(helpdesk.of('ho_early')).toHaveLength(0);
    await publisher.publish(Topics.handoffContext, samplePackage('ho_early'));
    await waitHandled('context:ho_early');
    const statuses = zendesk('ho_early', 'PUT').map((p) => (p.json as { ticket: { status: string; additional_tags: string[] } }).ticket.additional_tags[0]);
    expect(statuses).toEqual(['handoff_queued', 'handoff_assigned']);
    expect(webhook('ho_early').map((d) => (d.json as { type: string; routing?: { sequence: number } }).routing?.sequence ?? 'created')).toEqual(['created', 1, 2]);
    // An older update arriving late is ignored.
    await publisher.publish(Topics.handoffRouting, queued('ho_early', 1, 5));
    await waitHandled('routing:ho_early:1', 2);
    expect(zendesk('ho_early', 'PUT')).toHaveLength(2);
  });

  it('retries a 503 and succeeds, with the same idempotency key; honours Retry-After on 429', async () => {
    helpdesk.failures.set('zendesk:ho_flaky:create', [{ status: 503, body: { error: 'unavailable' } }]);
    helpdesk.failures.set('webhook:ho_flaky:create', [{ status: 429, headers: { 'retry-after': '1' } }]);
    const started = Date.now();
    await publisher.publish(Topics.handoffContext, samplePackage('ho_flaky'));
    await waitHandled('context:ho_flaky');
    const posts = zendesk('ho_flaky', 'POST');
    expect(posts.map((p) => p.status)).toEqual([503, 201]);
    expect(new Set(posts.map((p) => p.headers['idempotency-key'])).size).toBe(1);
    const deliveries = webhook('ho_flaky');
    expect(deliveries.map((d) => d.status)).toEqual([429, 200]);
    expect(deliveries[0]!.headers['x-handoff-delivery']).toBe(deliveries[1]!.headers['x-handoff-delivery']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(await new TicketRepository(store.db).find('ho_flaky', 'zendesk')).toMatchObject({ ticketId: expect.stringMatching(/^\d+$/) });
    expect(dlq.rawOf(contextDlq).filter((m) => m.key === 'conv-42' && m.meta.headers.dlq_error?.includes('ho_flaky'))).toHaveLength(0);
  });

  it('sends a package a target rejects with 400 to the DLQ with the reason, without retrying it', async () => {
    helpdesk.failures.set('zendesk:ho_bad:create', [{ status: 400, body: { error: 'RecordInvalid', description: 'Record validation errors' } }]);
    await publisher.publish(Topics.handoffContext, samplePackage('ho_bad'));
    const [dead] = await waitFor(() => {
      const entries = dlq.rawOf(contextDlq).filter((m) => m.meta.headers.dlq_error?.includes('ho_bad'));
      return entries.length > 0 ? entries : undefined;
    }, 'the DLQ entry');
    expect(dead!.meta.headers).toMatchObject({ dlq_error_kind: 'rejected', dlq_attempts: '1', dlq_consumer_group: `${prefix}handoff-helpdesk-connector` });
    expect(dead!.meta.headers.dlq_error).toBe(
      'handoff ho_bad, context package: zendesk: zendesk POST /api/v2/tickets.json rejected with HTTP 400: {"error":"RecordInvalid","description":"Record validation errors"}',
    );
    expect(zendesk('ho_bad', 'POST')).toHaveLength(1);
    // The other target is independent: the webhook delivery went through.
    expect(webhook('ho_bad')).toHaveLength(1);
  });
});
