import http from 'node:http';
import { EscalationReason, Resolver, Role, SourceStatus, TriggerMode, type ConversationEvent, type HandoffRequested } from '@handoff/contracts';
import { ManualClock, systemClock } from '@handoff/core';
import { Messaging, Topics, type EventPublisher } from '@handoff/messaging';
import { connectStore, ensureIndexes, type Store } from '@handoff/store';
import { TopicRecorder, infraEnv, testLogger, uniqueName, waitFor } from '@handoff/testing';
import { AccountContextGatherer, HttpAccountProvider, ProfileStore, profileIndexes } from '../src/adapters/account-providers';
import { ConversationEventStore, eventStoreIndexes } from '../src/adapters/event-store';
import { assembleOnHandoffRequested, recordConversationEvent } from '../src/adapters/handlers';
import { PackageRepository, packageIndexes } from '../src/adapters/package-repository';
import { SignalStore, signalIndexes } from '../src/adapters/signal-store';

const prefix = `${uniqueName('context')}.`;
const { kafkaBrokers, mongoUrl } = infraEnv();
const DEADLINE_MS = 300;

/** Local stand-ins for a CRM that answers slowly and a billing system that fails. */
function startProviders() {
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/slow-crm')) {
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"crm":{"plan":"too late"}}'), 2000);
    } else if (req.url?.startsWith('/failing-billing')) {
      res.writeHead(503).end('down for maintenance');
    } else res.writeHead(404).end();
  });
  return new Promise<{ url: string; close: () => void }>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, close: () => server.close() })),
  );
}

let seq = 0;
const at = new ManualClock('2026-11-21T09:00:00Z');
function event(conversationId: string, payload: ConversationEvent['payload']): ConversationEvent {
  at.advance(1000);
  return { eventId: `${conversationId}-${++seq}`, conversationId, occurredAt: at.now(), channel: 'chat', language: 'en', payload };
}
const says = (conversationId: string, role: Role, text: string) => event(conversationId, { $case: 'messagePosted', value: { messageId: '', role, text, botIntent: '', agentId: '' } });
const identify = (conversationId: string, customerId: string) =>
  event(conversationId, { $case: 'customerIdentified', value: { customerId, name: 'Ana Ruiz', email: 'ana@example.com', accountId: 'acct-1', tier: 'standard', userAgent: '' } });
const request = (conversationId: string, trigger: ConversationEvent, sequence = 1): HandoffRequested => ({
  handoffId: `ho-${conversationId}-${sequence}`, conversationId, escalationSequence: sequence, reason: EscalationReason.ESCALATION_REASON_HARD_CATEGORY, mode: TriggerMode.TRIGGER_MODE_HARD,
  evidence: [], policyVersion: 'p', triggeringEventId: trigger.eventId, requestedAt: at.now(), category: 'billing_dispute', sentimentScore: -0.4, severity: 2, customerTier: 'standard', language: 'en', offerId: '', channel: 'chat',
});

describe('context assembly on real Kafka and a MongoDB-wire server', () => {
  let store: Store;
  let publisher: EventPublisher;
  let providers: { url: string; close: () => void };
  const messaging = new Messaging({ brokers: kafkaBrokers, clientId: 'context-int', topicPrefix: prefix, logger: testLogger() });
  const recorder = new TopicRecorder(messaging, 'recorder').record(Topics.handoffContext);
  let record: (e: ConversationEvent) => Promise<void>;
  let assemble: (r: HandoffRequested) => Promise<void>;
  let packages: PackageRepository;

  beforeAll(async () => {
    store = await connectStore({ url: mongoUrl, database: prefix.replace(/[.-]/g, '_'), appName: 'test' });
    await ensureIndexes(store.db, { ...eventStoreIndexes, ...packageIndexes, ...signalIndexes, ...profileIndexes });
    await messaging.ensureTopics({ partitions: 1, replicationFactor: 1 });
    publisher = await messaging.publisher();
    await recorder.start();
    providers = await startProviders();
    const profiles = new ProfileStore(store.db);
    await profiles.upsert('cus-1', { crm: { plan: 'Pro', renewal_date: '2027-03-01T00:00:00Z', account_owner: 'Dana' }, previous_tickets: [{ ticket_id: 'T-9', subject: 'Invoice copy', status: 'solved' }] }, new Date());
    const events = new ConversationEventStore(store.db);
    packages = new PackageRepository(store.db);
    record = recordConversationEvent({ events, packages, clock: systemClock });
    assemble = assembleOnHandoffRequested({
      events,
      signals: new SignalStore(store.db),
      packages,
      accounts: new AccountContextGatherer(
        [profiles, new HttpAccountProvider('crm', `${providers.url}/slow-crm`), new HttpAccountProvider('billing', `${providers.url}/failing-billing`, { name: 'Authorization', value: 'Bearer t' })],
        DEADLINE_MS,
        systemClock,
      ),
      publisher,
      clock: systemClock,
      logger: testLogger(),
      transcriptWaitMs: 500,
      maxTranscriptMessages: 200,
      repeatContactDays: 7,
      similar: { threshold: 0.25, limit: 3 },
    });
  });

  afterAll(async () => {
    providers.close();
    await recorder.stop();
    await messaging.disconnect();
    await store.db.dropDatabase();
    await store.close();
  });

  it('publishes within the deadline when a provider is slow or failing, marked partial, naming what is missing', async () => {
    const trigger = says('conv-a', Role.ROLE_CUSTOMER, 'I was charged twice for my subscription');
    for (const e of [identify('conv-a', 'cus-1'), trigger]) await record(e);
    const started = Date.now();
    await assemble(request('conv-a', trigger));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(DEADLINE_MS + 700);
    const pkg = (await waitFor(() => recorder.of(Topics.handoffContext).find((r) => r.event.handoffId === 'ho-conv-a-1'), 'the package')).event;
    expect(pkg).toMatchObject({ partial: true, missingSources: ['crm', 'billing'] });
    expect(pkg.account!.sources.map((s) => [s.source, s.status])).toEqual([
      ['profiles', SourceStatus.SOURCE_STATUS_OK],
      ['crm', SourceStatus.SOURCE_STATUS_TIMEOUT],
      ['billing', SourceStatus.SOURCE_STATUS_ERROR],
    ]);
    expect(pkg.account!.sources[2]!.error).toMatch(/HTTP 503/);
    // What the profile store knew still arrives.
    expect(pkg.account!.crm).toMatchObject({ plan: 'Pro', accountOwner: 'Dana' });
    expect(pkg.account!.previousTickets[0]).toMatchObject({ ticketId: 'T-9' });
  });

  it('assembles one package per handoff however often the request is delivered', async () => {
    const trigger = says('conv-b', Role.ROLE_CUSTOMER, 'refund me now');
    await record(trigger);
    await Promise.all([assemble(request('conv-b', trigger)), assemble(request('conv-b', trigger))]);
    await assemble(request('conv-b', trigger));
    const delivered = await waitFor(() => {
      const d = recorder.of(Topics.handoffContext).filter((r) => r.event.handoffId === 'ho-conv-b-1');
      return d.length >= 3 ? d : undefined;
    }, 'three deliveries');
    expect(new Set(delivered.map((d) => d.meta.id)).size).toBe(1);
    expect((await packages.list({}, 100, 0)).items.filter((i) => i._id === 'ho-conv-b-1')).toHaveLength(1);
  });

  it('shows the customer\'s earlier handoffs, repeat contact, similar resolved cases, and an earlier escalation of the same conversation', async () => {
    // conv-a's handoff is resolved by an agent.
    await record(says('conv-a', Role.ROLE_AGENT, 'I have refunded the duplicate charge of 49 EUR.'));
    await record(event('conv-a', { $case: 'conversationClosed', value: { resolvedBy: Resolver.RESOLVER_AGENT, resolved: true, resolutionNote: '' } }));
    // The same customer comes back with the same problem.
    const trigger = says('conv-c', Role.ROLE_CUSTOMER, 'charged twice again for my subscription');
    for (const e of [identify('conv-c', 'cus-1'), trigger]) await record(e);
    await assemble(request('conv-c', trigger));
    const again = says('conv-c', Role.ROLE_CUSTOMER, 'still charged twice, help');
    await record(again);
    await assemble(request('conv-c', again, 2));
    const pkg = (await waitFor(() => recorder.of(Topics.handoffContext).find((r) => r.event.handoffId === 'ho-conv-c-2'), 'the re-escalation package')).event;
    expect(pkg.previousHandoffs).toEqual([expect.objectContaining({ handoffId: 'ho-conv-a-1', outcome: 'resolved', resolution: 'I have refunded the duplicate charge of 49 EUR.' })]);
    expect(pkg.repeatContact).toBe(true);
    expect(pkg.similarHandoffs[0]).toMatchObject({ handoffId: 'ho-conv-a-1', resolution: 'I have refunded the duplicate charge of 49 EUR.' });
    expect(pkg.earlierInConversation).toEqual([expect.objectContaining({ handoffId: 'ho-conv-c-1', outcome: 'open' })]);
    expect(pkg.summary).toContain('A similar case was resolved by: "I have refunded the duplicate charge of 49 EUR."');
  });
});
