import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { status } from '@grpc/grpc-js';
import {
  ConversationEvent,
  ListHandoffsRequest,
  EscalationReason,
  OutboundKind,
  Presence,
  Role,
  RoutingStatus,
  type Agent,
  type EvaluateResponse,
  type GetAgentResponse,
  type GetTranscriptResponse,
  type ListHandoffsResponse,
  type GetConversationStateResponse,
  type ValidatePolicyResponse,
  type WatchQueueResponse,
  type GetContextPackageResponse,
  type RoutingServiceClient,
} from '@handoff/contracts';
import { Messaging, Topics, dlqNameOf, encodeEvent, type EventPublisher } from '@handoff/messaging';
import { HandoffSystem, OtlpCollector, REPO_ROOT, TopicRecorder, contextClient, detectionClient, infraEnv, routingClient, testLogger, unary, uniqueName, waitFor } from '@handoff/testing';


const prefix = uniqueName('e2e');
const { kafkaBrokers, mongoUrl } = infraEnv();
// Event times follow the wall clock: detection's time-limit timers run on the real clock, so a fixed date in the past
// would make every conversation look long-running and offer a person before the message under test is read.
let clock = Date.now();

function event(conversationId: string, payload: ConversationEvent['payload']): ConversationEvent {
  clock += 1000;
  return { eventId: uniqueName('ev'), conversationId, occurredAt: new Date(clock), channel: 'chat', language: 'en', payload };
}
const customerSays = (conversationId: string, text: string) =>
  event(conversationId, { $case: 'messagePosted', value: { messageId: uniqueName('m'), role: Role.ROLE_CUSTOMER, text, botIntent: '', agentId: '' } });
const botSays = (conversationId: string, text: string, confidence: number) =>
  event(conversationId, { $case: 'messagePosted', value: { messageId: uniqueName('m'), role: Role.ROLE_BOT, text, botConfidence: confidence, botIntent: 'greeting', agentId: '' } });

const billingAgent: Agent = {
  agentId: 'sam',
  displayName: 'Sam Okafor',
  skills: [{ name: 'billing_dispute', level: 5 }, { name: 'refund', level: 4 }],
  languages: ['en'],
  teams: ['Billing'],
  chatCapacity: 1,
  presence: Presence.PRESENCE_UNSPECIFIED,
  activeHandoffs: 0,
  presenceChangedAt: undefined,
  onCall: false,
  autoAccept: true,
  pendingOffers: [],
  channelCapacities: [],
  lastHeartbeatAt: undefined,
};

describe('first end-to-end handoff: detection → context → routing → notification', () => {
  const collector = new OtlpCollector();
  const messaging = new Messaging({ brokers: kafkaBrokers, clientId: 'e2e', topicPrefix: `${prefix}.`, logger: testLogger() });
  const recorder = new TopicRecorder(messaging, 'e2e-recorder')
    .record(Topics.handoffRequested)
    .record(Topics.handoffContext)
    .record(Topics.handoffRouting)
    .record(Topics.conversationOutbound)
    .recordRaw(dlqNameOf(`${prefix}.${Topics.conversationEvents.name}`));
  let system: HandoffSystem;
  let publisher: EventPublisher;
  let routing: RoutingServiceClient;

  const publish = (e: ConversationEvent) => publisher.publish(Topics.conversationEvents, e);
  const outboundFor = (conversationId: string) => recorder.of(Topics.conversationOutbound).filter((r) => r.event.conversationId === conversationId);
  const routingFor = (conversationId: string) => recorder.of(Topics.handoffRouting).filter((r) => r.event.conversationId === conversationId);

  beforeAll(async () => {
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build.mjs')], { stdio: 'ignore' });
    await collector.start();
    system = await HandoffSystem.start({
      kafkaBrokers: kafkaBrokers.join(','),
      mongoUrl,
      namePrefix: prefix,
      logDir: path.join(os.tmpdir(), prefix),
      env: { ...collector.serviceEnv(), LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_MS: '20000' },
    });
    publisher = await messaging.publisher();
    await recorder.start();
    routing = routingClient(system.grpcAddress('routing'));
    await unary((done) => routing.upsertAgent({ agent: billingAgent }, done));
    await unary((done) => routing.setPresence({ agentId: 'sam', presence: Presence.PRESENCE_AVAILABLE }, done));
  }, 180000);

  afterAll(async () => {
    routing?.close();
    await recorder.stop();
    await messaging.disconnect();
    await system?.stop();
    await collector.stop();
  });

  it('escalates a billing dispute to a matching agent, tells the customer, and traces every hop in one trace', async () => {
    const conversation = uniqueName('alice');
    const traceId = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    await publish(event(conversation, { $case: 'customerIdentified', value: { customerId: 'u-1', name: 'Alice Moreau', email: 'alice@example.com', accountId: 'acc-1', tier: 'standard', userAgent: '' } }));
    await publish(botSays(conversation, 'Hi! How can I help you today?', 0.95));
    // The triggering message carries the chat system's trace context.
    const trigger = customerSays(conversation, 'I was charged twice for order 1042');
    const encoded = encodeEvent(Topics.conversationEvents, trigger, 'chat-system');
    await publisher.publishRaw(messaging.topicName(Topics.conversationEvents), encoded.key, encoded.value, {
      ...encoded.headers,
      traceparent: `00-${traceId}-0102030405060708-01`,
    });

    const [message] = await waitFor(() => (outboundFor(conversation).length > 0 ? outboundFor(conversation) : undefined), 'the customer transition message');
    expect(message!.event.kind).toBe(OutboundKind.OUTBOUND_KIND_TRANSITION);
    expect(message!.event.text).toContain('Sam from our Billing team is joining this chat now.');
    expect(message!.event.text).toContain('see this whole conversation');

    const requested = recorder.of(Topics.handoffRequested).find((r) => r.event.conversationId === conversation)!;
    expect(requested.event).toMatchObject({ reason: EscalationReason.ESCALATION_REASON_HARD_CATEGORY, category: 'billing_dispute', triggeringEventId: trigger.eventId, policyVersion: 'default-2026.11.1' });
    const pkg = recorder.of(Topics.handoffContext).find((r) => r.event.conversationId === conversation)!.event;
    expect(pkg.transcript.map((t) => t.text)).toEqual(['Hi! How can I help you today?', 'I was charged twice for order 1042']);
    expect(pkg.customer).toMatchObject({ name: 'Alice Moreau', tier: 'standard' });
    expect(pkg.summary).toContain('Alice Moreau (standard tier) raised an issue that always needs a person. Issue: billing dispute.');
    const assigned = routingFor(conversation).map((r) => r.event);
    expect(assigned).toHaveLength(1);
    expect(assigned[0]).toMatchObject({ status: RoutingStatus.ROUTING_STATUS_ASSIGNED, agent: { agentId: 'sam' }, team: 'Billing' });

    // gRPC views agree with the events.
    const context = contextClient(system.grpcAddress('context'));
    const fetched = await unary<GetContextPackageResponse>((done) => context.getContextPackage({ handoffId: requested.event.handoffId }, done));
    context.close();
    expect(fetched.package?.summary).toBe(pkg.summary);
    const agent = await unary<GetAgentResponse>((done) => routing.getAgent({ agentId: 'sam' }, done));
    expect(agent.agent?.activeHandoffs).toBe(1);

    // One trace from the chat system's message to the customer message, across every service.
    expect(message!.meta.headers.traceparent?.split('-')[1]).toBe(traceId);
    const services = await waitFor(() => {
      const seen = new Set(collector.spans.filter((s) => s.traceId === traceId).map((s) => s.service));
      return ['handoff-detection', 'handoff-context', 'handoff-routing', 'handoff-notification'].every((s) => seen.has(s)) ? seen : undefined;
    }, 'spans of all four services in the trace');
    expect(services.size).toBeGreaterThanOrEqual(4);
  });

  it('dead-letters a malformed event with the reason and still processes the next valid one', async () => {
    const topic = messaging.topicName(Topics.conversationEvents);
    await publisher.publishRaw(topic, 'bad-conversation', Buffer.from('{"conversationId": '), { 'content-type': 'application/json', ce_id: 'malformed-1' });
    const conversation = uniqueName('after-garbage');
    await publish(event(conversation, { $case: 'humanRequested', value: { source: 'button' } }));

    await waitFor(() => recorder.of(Topics.handoffRequested).find((r) => r.event.conversationId === conversation), 'the handoff after the malformed event');
    const dead = await waitFor(() => {
      const entries = recorder.rawOf(dlqNameOf(topic)).filter((m) => m.meta.headers.ce_id === 'malformed-1');
      return entries.length >= 3 ? entries : undefined;
    }, 'DLQ entries from detection, context and routing');
    for (const entry of dead) {
      expect(entry.meta.headers.dlq_error).toMatch(/not valid JSON/);
      expect(entry.meta.headers.dlq_error_kind).toBe('malformed');
    }
    expect(new Set(dead.map((d) => d.meta.headers.dlq_consumer_group))).toEqual(
      new Set([`${prefix}.handoff-detection`, `${prefix}.handoff-context-transcripts`, `${prefix}.handoff-routing-conversations`]),
    );
  });

  it('queues a handoff while the only matching agent is full, then assigns it when capacity frees up', async () => {
    // Sam holds Alice's handoff (capacity 1); a refund request must wait.
    const conversation = uniqueName('dan');
    await publish(customerSays(conversation, 'I returned my order two weeks ago and still have no refund.'));

    const queued = await waitFor(() => routingFor(conversation).find((r) => r.event.status === RoutingStatus.ROUTING_STATUS_QUEUED), 'the queued update');
    // Its own line in the Billing queue (the earlier button press waits in the general queue), with an ETA.
    expect(queued.event).toMatchObject({ team: 'Billing', queueId: 'billing', queuePosition: 1, workflowFilter: 'billing', policyVersion: 'routing-2026.11.1' });
    expect(queued.event.etaSeconds).toBeGreaterThan(0);
    await waitFor(() => outboundFor(conversation)[0], 'the queued transition message');
    expect(outboundFor(conversation)[0]!.event.text).toContain('The expected wait is about');

    const alice = recorder.of(Topics.handoffRouting).find((r) => r.event.status === RoutingStatus.ROUTING_STATUS_ASSIGNED && r.event.conversationId.includes('alice'))!;
    await unary((done) => routing.completeHandoff({ handoffId: alice.event.handoffId, agentId: 'sam' }, done));

    await waitFor(() => routingFor(conversation).find((r) => r.event.status === RoutingStatus.ROUTING_STATUS_ASSIGNED), 'assignment from the queue');
    const joined = await waitFor(() => outboundFor(conversation).find((r) => r.event.kind === OutboundKind.OUTBOUND_KIND_AGENT_JOINED), 'the agent-joined message');
    expect(joined.event.text).toBe('Sam from our Billing team has joined and already has the whole conversation in front of them.');
    expect(outboundFor(conversation).filter((r) => r.event.kind === OutboundKind.OUTBOUND_KIND_TRANSITION)).toHaveLength(1);
  });

  it('rejects invalid gRPC requests with INVALID_ARGUMENT naming the fields', async () => {
    const error = await unary((done) =>
      routing.upsertAgent({ agent: { ...billingAgent, agentId: '', skills: [{ name: 'refund', level: 9 }] } }, done),
    ).catch((e: { code: number; details: string }) => e);
    expect(error).toMatchObject({ code: status.INVALID_ARGUMENT });
    expect((error as { details: string }).details).toBe('UpsertAgent: agent.agent_id is required; agent.skills[0].level must be 1 to 5, got 9');

    const hours = await unary((done) =>
      routing.upsertAgent({ agent: { ...billingAgent, workingHours: { timeZone: 'Mars/Olympus', days: [{ day: 'monday', ranges: ['9-5'] }] } } }, done),
    ).catch((e: { code: number; details: string }) => e);
    expect(hours).toMatchObject({
      code: status.INVALID_ARGUMENT,
      details:
        'UpsertAgent: agent.working_hours.time_zone "Mars/Olympus" is not an IANA time zone, e.g. "Europe/Paris"; ' +
        'agent.working_hours.days[0].day must be one of mon, tue, wed, thu, fri, sat, sun, got "monday"; agent.working_hours.days[0].ranges[0] must be "HH:MM-HH:MM", got "9-5"',
    });

    const missing = await unary((done) => routing.getHandoff({ handoffId: 'ho_unknown' }, done)).catch((e: { code: number }) => e);
    expect(missing).toMatchObject({ code: status.NOT_FOUND });

    const detection = detectionClient(system.grpcAddress('detection'));
    const empty = await unary((done) => detection.evaluate({ events: [], policyYaml: '' }, done)).catch((e: { code: number; details: string }) => e);
    expect(empty).toMatchObject({ code: status.INVALID_ARGUMENT, details: 'Evaluate: events must hold at least one ConversationEvent' });
    const policy = await unary<ValidatePolicyResponse>((done) => detection.validatePolicy({ policyYaml: 'version: v2\ntriggers:\n  turn_limit:\n    customer_messages: -1\n' }, done));
    expect(policy).toEqual({ valid: false, problems: ['triggers.turn_limit.customer_messages (line 4): expected a whole number of at least 1'], version: '' });
    detection.close();
  });

  it('evaluates a conversation over gRPC without side effects, and shows live conversation state', async () => {
    const detection = detectionClient(system.grpcAddress('detection'));
    const conversation = uniqueName('evaluate');
    const evaluated = await unary<EvaluateResponse>((done) =>
      detection.evaluate({ events: [customerSays(conversation, 'hello'), customerSays(conversation, 'can I talk to a human please')], policyYaml: '' }, done),
    );
    expect(evaluated).toMatchObject({ escalate: true, policyVersion: 'default-2026.11.1', handoff: { reason: EscalationReason.ESCALATION_REASON_EXPLICIT_REQUEST } });
    expect(evaluated.signals).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 500));
    expect(recorder.of(Topics.handoffRequested).find((r) => r.event.conversationId === conversation)).toBeUndefined();

    const alice = recorder.of(Topics.handoffRequested).find((r) => r.event.conversationId.includes('alice'))!.event.conversationId;
    const live = await unary<GetConversationStateResponse>((done) => detection.getConversationState({ conversationId: alice }, done));
    expect(live.state).toMatchObject({ conversationId: alice, escalated: true, escalationSequence: 1, category: 'billing_dispute', customerMessages: 1, botTurns: 1 });
    detection.close();
  });

  it('offers a person when frustration persists, asks the customer with buttons, and escalates when they accept', async () => {
    const conversation = uniqueName('erin');
    await publish(customerSays(conversation, 'The app crashes every time I upload a photo and it is really frustrating.'));
    await publish(customerSays(conversation, "I've tried that already, it still crashes. This is ridiculous."));
    const asked = await waitFor(() => outboundFor(conversation).find((r) => r.event.kind === OutboundKind.OUTBOUND_KIND_HUMAN_OFFER), 'the offer of a person');
    expect(asked.event.text).toContain('Would you like me to bring in someone from our team?');
    expect(asked.event.options.map((o) => o.id)).toEqual(['accept', 'decline']);
    await publish(event(conversation, { $case: 'offerAnswered', value: { offerId: asked.event.offerId, accepted: true } }));
    const requested = await waitFor(() => recorder.of(Topics.handoffRequested).find((r) => r.event.conversationId === conversation), 'the accepted handoff');
    expect(requested.event).toMatchObject({ reason: EscalationReason.ESCALATION_REASON_OFFER_ACCEPTED, offerId: asked.event.offerId });
  });

  it('lists handoffs by customer with paging, and returns whole transcripts, over gRPC', async () => {
    const context = contextClient(system.grpcAddress('context'));
    const page = await unary<ListHandoffsResponse>((done) => context.listHandoffs(ListHandoffsRequest.fromPartial({ customerId: 'u-1', pageSize: 1 }), done));
    expect(page.handoffs).toHaveLength(1);
    expect(page.handoffs[0]).toMatchObject({ customerId: 'u-1', category: 'billing_dispute' });
    const transcript = await unary<GetTranscriptResponse>((done) => context.getTranscript({ conversationId: page.handoffs[0]!.conversationId }, done));
    expect(transcript.transcript.map((t) => t.text)).toEqual(['Hi! How can I help you today?', 'I was charged twice for order 1042']);
    const bad = await unary((done) => context.listHandoffs(ListHandoffsRequest.fromPartial({ pageSize: 500, status: 'maybe' }), done)).catch((e: { code: number; details: string }) => e);
    expect(bad).toMatchObject({ code: status.INVALID_ARGUMENT, details: 'ListHandoffs: page_size must be at most 100, got 500; status must be one of open, resolved, unresolved, got "maybe"' });
    context.close();
  });

  it('streams a queue to agent desktops (WatchQueue) and names an unknown queue', async () => {
    const snapshot = await new Promise<WatchQueueResponse>((resolve, reject) => {
      const stream = routing.watchQueue({ queue: 'general' });
      stream.on('data', (message: WatchQueueResponse) => {
        stream.cancel();
        resolve(message);
      });
      stream.on('error', (error: { code: number }) => (error.code === status.CANCELLED ? undefined : reject(error)));
    });
    // The button press of an earlier test (category "other") waits in the general queue.
    expect(snapshot.waiting.length).toBeGreaterThanOrEqual(1);
    expect(snapshot.waiting[0]).toMatchObject({ queueId: 'general', status: RoutingStatus.ROUTING_STATUS_QUEUED });

    const error = await new Promise<{ code: number; details: string }>((resolve) => {
      const stream = routing.watchQueue({ queue: 'nowhere' });
      stream.on('data', () => undefined);
      stream.on('error', resolve);
    });
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.details).toMatch(/queue must be one of the policy's queues: .*general/);
  });

  it('shuts every service down cleanly on SIGTERM', async () => {
    await system.stop();
    expect(system.exitCodes()).toEqual({ detection: 0, context: 0, routing: 0, notification: 0 });
  });
});
