// Two replicas of detection and of routing on 6 partitions under steady traffic. Once the second replica of each has
// done work of its own (its log shows a handoff it requested or assigned), it is killed with kill -9 and not
// restarted, so the survivor must take over its partitions (after Kafka's session timeout) while agents keep
// completing handoffs through either routing replica. The invariant holds across both: one handoff,
// one final outcome, one transition message per escalating conversation, no agent over capacity.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ServiceError } from '@grpc/grpc-js';
import { OutboundKind, Presence, RoutingStatus, type GetAgentResponse, type RoutingServiceClient } from '@handoff/contracts';
import { Messaging, Topics } from '@handoff/messaging';
import { HandoffSystem, TopicRecorder, routingClient, testLogger, unary, uniqueName } from '@handoff/testing';
import { planMix, simulatedAgents } from '../load/conversations';
import { ConversationPlayer, createPublishers } from '../load/player';
import { FAULT_KAFKA_PORT, FAULT_MONGO_PORT, sleep } from './harness';
import { checkInvariants } from './invariants';
import { describeReport } from './report';

const RATE = Number(process.env.FAULTS_RATE ?? 20);
const PARTITIONS = 6;
const FINAL = [RoutingStatus.ROUTING_STATUS_ASSIGNED, RoutingStatus.ROUTING_STATUS_ASYNC_FALLBACK, RoutingStatus.ROUTING_STATUS_ABANDONED];

describe('two replicas of detection and routing on 6 partitions, one of each killed mid-run', () => {
  const prefix = uniqueName('replicas');
  const brokers = [`127.0.0.1:${FAULT_KAFKA_PORT}`];
  let system: HandoffSystem;
  let messaging: Messaging;
  let live: TopicRecorder;
  let clients: RoutingServiceClient[] = [];
  let closePublishers: (() => Promise<void>) | undefined;
  let polling: NodeJS.Timeout | undefined;

  beforeAll(async () => {
    system = await HandoffSystem.start({
      kafkaBrokers: brokers.join(','),
      mongoUrl: `mongodb://127.0.0.1:${FAULT_MONGO_PORT}/`,
      namePrefix: prefix,
      logDir: path.join(os.tmpdir(), prefix),
      replicas: { detection: 2, routing: 2 },
      env: { LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_MS: '10000', OTEL_SDK_DISABLED: 'true', KAFKA_TOPIC_PARTITIONS: String(PARTITIONS) },
      readyTimeoutMs: 120_000,
    });
    messaging = new Messaging({ brokers, clientId: 'fault-suite-replicas', topicPrefix: `${prefix}.`, logger: testLogger() });
    live = new TopicRecorder(messaging, uniqueName('live')).record(Topics.handoffRouting).record(Topics.conversationOutbound);
    await live.start();
    clients = system.replicasOf('routing').map((s) => routingClient(system.grpcAddress(s)));
  }, 240_000);

  afterAll(async () => {
    if (polling) clearInterval(polling);
    await live?.stop().catch(() => undefined);
    await closePublishers?.().catch(() => undefined);
    for (const client of clients) client.close();
    await messaging?.disconnect().catch(() => undefined);
    await system?.stop(15_000);
  });

  /** How many times a replica's log says `message` (the services log each handoff requested and assigned). */
  function logged(name: 'detection' | 'routing', replica: number, message: string): number {
    return readFileSync(system.service({ name, replica }).logFile, 'utf8').split(`"msg":"${message}"`).length - 1;
  }

  async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await sleep(200);
    }
  }

  /** A call through routing replica `first`, or through the other one while that one is down. */
  async function anyRouting<T>(first: number, call: (client: RoutingServiceClient) => Promise<T>): Promise<T> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 40; attempt++) {
      try {
        return await call(clients[(first + attempt) % clients.length]!);
      } catch (error) {
        lastError = error;
        const code = (error as ServiceError).code;
        if (code !== 14 && code !== 4) throw error; // UNAVAILABLE, DEADLINE_EXCEEDED: try the other replica
        await sleep(250);
      }
    }
    throw lastError;
  }

  it('keeps one handoff, one outcome and one transition message per escalation, and no agent over capacity', async () => {
    expect(system.replicasOf('detection')).toHaveLength(2);
    expect(system.replicasOf('routing')).toHaveLength(2);
    const capacity: Record<string, number> = {};
    const observedLoad: Record<string, number> = {};
    for (const agent of simulatedAgents(6, 3, { idPrefix: prefix.slice(-12) })) {
      capacity[agent.agentId] = agent.chatCapacity;
      await unary((done) => clients[0]!.upsertAgent({ agent }, done));
      await unary((done) => clients[1]!.setPresence({ agentId: agent.agentId, presence: Presence.PRESENCE_AVAILABLE }, done));
    }

    // Simulated agents: complete each assignment after 2 s, alternating between the two routing replicas; watch load.
    const completed = new Set<string>();
    let turn = 0;
    let ticking = false;
    polling = setInterval(() => {
      if (ticking) return;
      ticking = true;
      void (async () => {
        for (const { event } of live.of(Topics.handoffRouting)) {
          if (event.status !== RoutingStatus.ROUTING_STATUS_ASSIGNED || completed.has(event.handoffId)) continue;
          if (Date.now() - (event.at?.getTime() ?? 0) < 2000) continue;
          completed.add(event.handoffId);
          void anyRouting(turn++, (c) => unary((done) => c.completeHandoff({ handoffId: event.handoffId, agentId: event.agent!.agentId }, done))).catch(() =>
            completed.delete(event.handoffId),
          );
        }
        for (const agentId of Object.keys(capacity)) {
          const response = await anyRouting(turn, (c) => unary<GetAgentResponse>((done) => c.getAgent({ agentId }, done))).catch(() => undefined);
          if (response?.agent) observedLoad[agentId] = Math.max(observedLoad[agentId] ?? 0, response.agent.activeHandoffs);
        }
      })().finally(() => (ticking = false));
    }, 500);

    const plans = planMix(Number(process.env.FAULTS_CONVERSATIONS ?? 120), prefix, 11);
    const { publishers, close } = await createPublishers(2, brokers, `${prefix}.`, testLogger());
    closePublishers = close;
    const player = new ConversationPlayer(plans, { publishers, rate: RATE, stepGapMs: 300, offerWaitMs: 120_000 });
    const feed = setInterval(() => {
      for (const { event } of live.of(Topics.conversationOutbound)) player.observeOutbound(event);
    }, 100);
    const killed: string[] = [];
    try {
      await Promise.all([
        player.play(),
        (async () => {
          // Kafka split the partitions: each second replica takes part before it is killed.
          await until(() => logged('routing', 1, 'handoff assigned') > 0, 'routing#2 assigned a handoff');
          await system.kill({ name: 'routing', replica: 1 });
          killed.push('routing#2');
          await until(() => logged('detection', 1, 'handoff requested') > 0, 'detection#2 requested a handoff');
          await system.kill({ name: 'detection', replica: 1 });
          killed.push('detection#2');
        })(),
      ]);
    } finally {
      clearInterval(feed);
    }

    // The survivors take the dead replicas' partitions once Kafka's session timeout (30 s) expires.
    const expecting = plans.filter((p) => p.expectsHandoff).map((p) => p.conversationId);
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      const told = new Set(live.of(Topics.conversationOutbound).filter((r) => r.event.kind === OutboundKind.OUTBOUND_KIND_TRANSITION).map((r) => r.event.conversationId));
      const done = new Set(live.of(Topics.handoffRouting).filter((r) => FINAL.includes(r.event.status)).map((r) => r.event.conversationId));
      if (expecting.every((id) => told.has(id) && done.has(id))) break;
      await sleep(500);
    }

    const report = await checkInvariants(messaging, plans, capacity);
    for (const [agent, load] of Object.entries(observedLoad)) {
      if (load > capacity[agent]!) report.violations.push(`GetAgent reported ${agent} with ${load} active handoffs, capacity ${capacity[agent]}`);
    }
    const work = `routing assigned ${logged('routing', 0, 'handoff assigned')} + ${logged('routing', 1, 'handoff assigned')}, detection requested ${logged('detection', 0, 'handoff requested')} + ${logged('detection', 1, 'handoff requested')} (first + second replica)`;
    process.stdout.write(describeReport(`2 replicas of detection and routing on ${PARTITIONS} partitions, kill -9 ${killed.join(', ')}; ${work}`, report));
    expect(killed).toEqual(['routing#2', 'detection#2']);
    expect(report.handoffs).toBeGreaterThan(0);
    expect(report.violations).toEqual([]);
    expect(report.deadLetters).toEqual([]);
    expect(await system.ready('routing')).toBe(true);
    expect(await system.ready('detection')).toBe(true);
  });
});
