// The demo: starts Handoff's services and analytics (with its dashboard), registers demo agents, plays scripted conversations as a chat system
// would, and narrates each handoff (trigger → context → routing → what the customer was told). Ctrl-C stops it all.
//   --once   exit after the narrative (exit code 1 if any conversation did not go as expected)
import path from 'node:path';
import { RoutingStatus, OutboundKind, type GetSummaryResponse, type ContextPackage, type HandoffOffered, type HandoffRequested, type OutboundMessage, type RoutingUpdate } from '@handoff/contracts';
import { createLogger } from '@handoff/logging';
import { Messaging, Topics } from '@handoff/messaging';
import { HandoffSystem, REPO_ROOT, SERVICES, analyticsClient, routingClient, unary } from '@handoff/testing';
import { chatLine, contextLines, customerToldLine, heading, offerLine, requestedLine, routingLine } from './narrative';
import { DEMO_AGENTS, DEMO_CONVERSATIONS, agentReplyEvent, answerEvent, closingEvents, followUpEvent, toEvent, type ScriptedConversation } from './script';

const once = process.argv.includes('--once');
const print = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PAUSE_BETWEEN_MESSAGES_MS = 400;
const HANDOFF_TIMEOUT_MS = 30000;
const DASHBOARD_URL = 'http://127.0.0.1:8090/';
/** A customer still waiting after this long is offered a call back or an e-mail instead (10 min in production). */
const DEMO_ALTERNATIVES_AFTER_SECONDS = 8;

const { KAFKA_BROKERS, MONGO_URL } = process.env;
if (!KAFKA_BROKERS || !MONGO_URL) {
  print('KAFKA_BROKERS and MONGO_URL must be set (npm run demo sets them).');
  process.exit(2);
}

interface Progress {
  conversation: ScriptedConversation;
  triggerAt?: number;
  handoffId?: string;
  transitionSent: boolean;
  agentJoined: boolean;
  queued: boolean;
  offerId?: string;
  alternativesOffered: boolean;
  asyncNotice: boolean;
  assignedAgent?: { agentId: string; displayName: string };
  latencyMs?: number;
}

async function main(): Promise<number> {
  const runId = `demo${Date.now().toString(36)}`;
  const logDir = path.join(REPO_ROOT, '.demo/logs', runId);
  const otel = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[0].startsWith('OTEL_') && e[1] !== undefined));
  print(`Starting detection, context, routing, notification and analytics (logs: ${path.relative(process.cwd(), logDir)}) …`);
  const system = await HandoffSystem.start({
    kafkaBrokers: KAFKA_BROKERS!,
    mongoUrl: MONGO_URL!,
    namePrefix: runId,
    logDir,
    services: [...SERVICES, 'analytics'],
    ports: { detection: { http: 8081, grpc: 50051 }, context: { http: 8082, grpc: 50052 }, routing: { http: 8083, grpc: 50053 }, notification: { http: 8084, grpc: 50054 }, analytics: { http: 8085, grpc: 50055, dashboard: 8090 } },
    env: { LOG_LEVEL: 'info', NOTIFICATION_ALTERNATIVES_AFTER_SECONDS: String(DEMO_ALTERNATIVES_AFTER_SECONDS), ...otel },
  });

  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    print('\nStopping services (draining consumers, committing offsets) …');
    await messaging.stopConsumers().catch(() => undefined);
    await messaging.disconnect().catch(() => undefined);
    routing.close();
    await system.stop();
    print(`Stopped. Exit codes: ${JSON.stringify(system.exitCodes())}`);
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  const messaging = new Messaging({ brokers: KAFKA_BROKERS!.split(','), clientId: 'chat-simulator', topicPrefix: `${runId}.`, logger: createLogger({ service: 'chat-simulator', level: 'warn' }) });
  const publisher = await messaging.publisher();
  const routing = routingClient(system.grpcAddress('routing'));
  for (const agent of DEMO_AGENTS) await unary((done) => routing.upsertAgent({ agent }, done));
  print(`Agents on shift: ${DEMO_AGENTS.map((a) => `${a.displayName} (${a.skills.map((s) => s.name).join(', ')}; capacity ${a.chatCapacity})`).join('; ')}`);

  const progress = new Map<string, Progress>();
  /** The conversation being played now; messages to other customers are named. */
  let playing = '';
  const elapsed = (p: Progress) => (p.triggerAt ? Date.now() - p.triggerAt : undefined);
  const listener = messaging.consumer({ groupId: 'chat-simulator', fromBeginning: true });
  listener
    .on(Topics.handoffRequested, async (r: HandoffRequested) => {
      const p = progress.get(r.conversationId);
      if (!p) return;
      p.handoffId = r.handoffId;
      print(requestedLine(r, elapsed(p)));
    })
    .on(Topics.handoffOffered, async (o: HandoffOffered) => {
      const p = progress.get(o.conversationId);
      if (p) print(offerLine(o, elapsed(p)));
    })
    .on(Topics.handoffContext, async (pkg: ContextPackage) => {
      const p = progress.get(pkg.conversationId);
      if (p) print(contextLines(pkg, elapsed(p)));
    })
    .on(Topics.handoffRouting, async (u: RoutingUpdate) => {
      const p = progress.get(u.conversationId);
      if (!p || u.status === RoutingStatus.ROUTING_STATUS_COMPLETED) return;
      if (u.status === RoutingStatus.ROUTING_STATUS_QUEUED) p.queued = true;
      if (u.status === RoutingStatus.ROUTING_STATUS_ASSIGNED) p.assignedAgent = u.agent;
      print(routingLine(u, elapsed(p)));
    })
    .on(Topics.conversationOutbound, async (m: OutboundMessage) => {
      const p = progress.get(m.conversationId);
      if (!p) return;
      if (m.kind === OutboundKind.OUTBOUND_KIND_TRANSITION) {
        p.transitionSent = true;
        p.latencyMs = elapsed(p);
      }
      if (m.kind === OutboundKind.OUTBOUND_KIND_AGENT_JOINED) p.agentJoined = true;
      // Like a chat system, answer the offer the customer was shown (its id comes back in OfferAnswered).
      if (m.kind === OutboundKind.OUTBOUND_KIND_HUMAN_OFFER) p.offerId = m.offerId;
      if (m.kind === OutboundKind.OUTBOUND_KIND_ALTERNATIVES_OFFER) p.alternativesOffered = true;
      if (m.kind === OutboundKind.OUTBOUND_KIND_ASYNC_NOTICE) p.asyncNotice = true;
      print(customerToldLine(m, elapsed(p), m.conversationId === playing ? undefined : p.conversation.customer.name));
    });
  await listener.start();

  const waitUntil = async (done: () => boolean, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!done() && Date.now() < deadline) await sleep(50);
    return done();
  };

  let failures = 0;
  let clock = Date.now();
  for (const [i, conversation] of DEMO_CONVERSATIONS.entries()) {
    const conversationId = `${runId}-conv-${i + 1}`;
    const p: Progress = { conversation, transitionSent: false, agentJoined: false, queued: false, alternativesOffered: false, asyncNotice: false };
    progress.set(conversationId, p);
    playing = conversationId;
    print(heading(i + 1, DEMO_CONVERSATIONS.length, conversation));
    const c = conversation.customer;
    await publisher.publish(Topics.conversationEvents, {
      eventId: `${conversationId}-identify`, conversationId, occurredAt: new Date(clock), channel: 'chat', language: 'en',
      payload: { $case: 'customerIdentified', value: { customerId: c.id, name: c.name, email: c.email, accountId: c.accountId, tier: c.tier, userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) Chrome/131.0' } },
    });
    for (const [s, step] of conversation.steps.entries()) {
      await sleep(PAUSE_BETWEEN_MESSAGES_MS);
      clock += 15000;
      const eventId = `${conversationId}-${s + 1}`;
      if ('answerOffer' in step) {
        if (!(await waitUntil(() => p.offerId !== undefined, HANDOFF_TIMEOUT_MS))) {
          print('    ✗ no offer of a person was made');
          break;
        }
        print(chatLine(step));
        p.triggerAt = Date.now();
        await publisher.publish(Topics.conversationEvents, answerEvent(p.offerId!, step.answerOffer, conversationId, eventId, new Date(clock)));
        continue;
      }
      if ('chooseFollowUp' in step) {
        if (!(await waitUntil(() => p.alternativesOffered && p.handoffId !== undefined, HANDOFF_TIMEOUT_MS))) {
          failures += 1;
          print('    ✗ no alternatives to waiting were offered');
          break;
        }
        print(chatLine(step));
        p.triggerAt = Date.now();
        await publisher.publish(Topics.conversationEvents, followUpEvent(step.chooseFollowUp, p.handoffId!, conversationId, eventId, new Date(clock)));
        if (!(await waitUntil(() => p.asyncNotice, HANDOFF_TIMEOUT_MS))) {
          failures += 1;
          print('    ✗ the follow-up was not confirmed to the customer');
        }
        continue;
      }
      print(chatLine(step));
      p.triggerAt = Date.now();
      await publisher.publish(Topics.conversationEvents, toEvent(step, conversationId, eventId, new Date(clock)));
      // The chat system also reports how the conversation ended, for analytics (CSAT of AI-only conversations).
      if ('close' in step) await publisher.publish(Topics.handoffOutcomes, closingEvents(conversationId, new Date(clock), { resolvedBy: 'ai', csat: step.csat, customerId: c.id }).outcome);
    }
    if (conversation.expectsHandoff) {
      if (!(await waitUntil(() => p.transitionSent, HANDOFF_TIMEOUT_MS))) {
        failures += 1;
        print(`    ✗ no customer transition message within ${HANDOFF_TIMEOUT_MS / 1000} s — see the service logs in ${logDir}`);
      }
    } else {
      await sleep(1500);
      if (p.handoffId) {
        failures += 1;
        print('    ✗ escalated although the bot resolved it');
      } else print('    ✓ resolved by the bot: no handoff');
    }
  }

  // Epilogue: the first agent finishes their chat, and whoever waits in the queue is served.
  playing = '';
  const waiting = [...progress.values()].filter((p) => p.queued && !p.agentJoined && !p.asyncNotice);
  const first = [...progress.values()].find((p) => p.assignedAgent && p.handoffId);
  if (first && waiting.length > 0) {
    print(`\n━━ Meanwhile: ${first.assignedAgent!.displayName} resolves ${first.conversation.customer.name}'s chat and becomes free`);
    for (const p of waiting) p.triggerAt = Date.now();
    await unary((done) => routing.completeHandoff({ handoffId: first.handoffId!, agentId: first.assignedAgent!.agentId }, done));
    if (!(await waitUntil(() => waiting.every((p) => p.agentJoined), HANDOFF_TIMEOUT_MS))) {
      failures += 1;
      print('    ✗ a queued handoff was not assigned after capacity freed up');
    }
  }

  // Wrap-up: each agent replies, resolves the issue and closes the chat; the chat system publishes the outcome with
  // the customer's CSAT, which closes analytics' feedback loop.
  const handedOff = [...progress.entries()].filter(([, p]) => p.handoffId && p.assignedAgent && p.conversation.wrapUp);
  if (handedOff.length > 0) print('\n━━ Agents wrap up (outcomes with CSAT go to analytics)');
  for (const [conversationId, p] of handedOff) {
    const w = p.conversation.wrapUp!;
    clock += 30000;
    await publisher.publish(Topics.conversationEvents, agentReplyEvent(conversationId, p.assignedAgent!.agentId, w.reply, new Date(clock)));
    clock += 60000;
    const { close, outcome } = closingEvents(conversationId, new Date(clock), {
      resolvedBy: 'human', csat: w.csat, handoffId: p.handoffId!, agentId: p.assignedAgent!.agentId, customerId: p.conversation.customer.id, code: w.code, note: w.note, closingSentiment: w.closingSentiment,
    });
    await publisher.publish(Topics.conversationEvents, close);
    await publisher.publish(Topics.handoffOutcomes, outcome);
    print(`    ${p.conversation.customer.name}: ${p.assignedAgent!.displayName} resolved it (${w.code}); CSAT ${w.csat}/5`);
  }

  const latencies = [...progress.values()].map((p) => p.latencyMs).filter((l): l is number => l !== undefined).sort((a, b) => a - b);
  const handoffs = [...progress.values()].filter((p) => p.handoffId).length;
  print(`\n━━ ${DEMO_CONVERSATIONS.length} conversations, ${handoffs} handoffs, ${DEMO_CONVERSATIONS.length - handoffs} resolved by the bot.`);
  if (latencies.length > 0) print(`   Triggering message → customer told: ${latencies.map((l) => `${l} ms`).join(', ')} (this laptop-scale run, not a benchmark).`);
  print(failures === 0 ? '   Every conversation went as expected.' : `   ${failures} conversation(s) did not go as expected.`);
  // Analytics has measured it all once the outcomes are in (its rollup runs every 2 s).
  const analytics = analyticsClient(system.grpcAddress('analytics'));
  const range = { start: new Date(Date.now() - 86_400_000), end: new Date(clock + 3_600_000) };
  let measured: GetSummaryResponse | undefined;
  const expectedCsat = handedOff.length + DEMO_CONVERSATIONS.filter((c) => c.steps.some((st) => 'close' in st)).length;
  for (const deadline = Date.now() + 20000; Date.now() < deadline; await sleep(500)) {
    measured = await unary<GetSummaryResponse>((done) => analytics.getSummary({ range }, done)).catch(() => measured);
    if (measured && measured.csatHandedOff!.responses + measured.csatAiOnly!.responses >= expectedCsat) break;
  }
  analytics.close();
  if (measured) {
    const m = measured;
    print(`   Analytics: handoff rate ${(m.handoffRate * 100).toFixed(0)}% of ${m.conversations} conversations; time to agent p50 ${m.timeToAgent!.p50Seconds.toFixed(1)} s; CSAT ${m.csatHandedOff!.mean.toFixed(1)} handed off (n=${m.csatHandedOff!.responses}) vs ${m.csatAiOnly!.mean.toFixed(1)} AI only (n=${m.csatAiOnly!.responses}).`);
  }
  print(`   Analytics dashboard: ${DASHBOARD_URL}  (report: npm run analytics -- report --address 127.0.0.1:50055)`);

  if (once) {
    await stopAll(failures === 0 ? 0 : 1);
    return failures === 0 ? 0 : 1;
  }
  print('\nHandoff is running. Try the gRPC APIs: routing at 127.0.0.1:50053, context at 127.0.0.1:50052, analytics at 127.0.0.1:50055;');
  print(`the analytics dashboard at ${DASHBOARD_URL}; readiness at http://127.0.0.1:8081..8085/readyz. Press Ctrl-C to stop everything.`);
  await new Promise(() => undefined);
  return 0;
}

main().catch((error: unknown) => {
  print(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
