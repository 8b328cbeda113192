// The fault suite's rig: its own Kafka and FerretDB (other ports, own state, never the shared instance), the whole
// system as processes, steady traffic, simulated agents who complete what they are given, and the invariant check.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { ServiceError } from '@grpc/grpc-js';
import { OutboundKind, Presence, RoutingStatus, type GetAgentResponse, type RoutingServiceClient } from '@handoff/contracts';
import { Messaging, Topics, type EventPublisher } from '@handoff/messaging';
import { HandoffSystem, REPO_ROOT, TopicRecorder, routingClient, testLogger, unary, uniqueName, type AnyServiceName } from '@handoff/testing';
import { simulatedAgents, type ConversationPlan } from '../load/conversations';
import { ConversationPlayer, createPublishers } from '../load/player';
import { checkInvariants, type InvariantReport } from './invariants';

export const FAULT_KAFKA_PORT = Number(process.env.HANDOFF_FAULTS_KAFKA_PORT ?? 29092);
export const FAULT_MONGO_PORT = Number(process.env.HANDOFF_FAULTS_MONGO_PORT ?? 27028);

/** scripts/infra settings of the fault suite's own instance: other ports, its own data, the shared jar/binary cache. */
export function faultInfraEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HANDOFF_KAFKA_PORT: String(FAULT_KAFKA_PORT),
    HANDOFF_MONGO_PORT: String(FAULT_MONGO_PORT),
    HANDOFF_INFRA_STATE_DIR: process.env.HANDOFF_FAULTS_STATE_DIR ?? path.join(REPO_ROOT, '.infra/faults'),
  };
}

/** `scripts/infra up|down [kafka|ferretdb]` on the fault suite's instance. */
export function faultInfra(command: 'up' | 'down', component?: 'kafka' | 'ferretdb'): void {
  execFileSync('bash', [path.join(REPO_ROOT, 'scripts/infra'), command, ...(component ? [component] : [])], { env: faultInfraEnv(), stdio: ['ignore', 'ignore', 'inherit'] });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface RigOptions {
  services?: readonly AnyServiceName[];
  serviceEnv?: Partial<Record<AnyServiceName, Record<string, string>>>;
  agents?: number;
  capacity?: number;
  /** How long a simulated agent keeps a handoff before completing it. */
  holdMs?: number;
  /** Whether the simulated agents take offers at once (default true). */
  autoAccept?: boolean;
}

/** Retries a gRPC call while the service is down or restarting. */
async function withRetry<T>(call: () => Promise<T>, attempts = 60): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await call();
    } catch (error) {
      const code = (error as ServiceError).code;
      if (i >= attempts || (code !== 14 && code !== 4)) throw error; // UNAVAILABLE, DEADLINE_EXCEEDED
      await sleep(500);
    }
  }
}

export class FaultRig {
  readonly capacity: Record<string, number> = {};
  readonly agentIds: string[] = [];
  /** The highest activeHandoffs GetAgent reported per agent while traffic ran. */
  readonly observedLoad: Record<string, number> = {};
  private readonly completed = new Set<string>();
  private polling: NodeJS.Timeout | undefined;
  private closers: Array<() => Promise<void>> = [];

  private constructor(
    readonly prefix: string,
    readonly system: HandoffSystem,
    readonly messaging: Messaging,
    readonly live: TopicRecorder,
    readonly routing: () => RoutingServiceClient,
    readonly publishers: EventPublisher[],
    private readonly options: RigOptions,
  ) {}

  static async start(label: string, options: RigOptions = {}): Promise<FaultRig> {
    const prefix = uniqueName(label);
    const brokers = [`127.0.0.1:${FAULT_KAFKA_PORT}`];
    const system = await HandoffSystem.start({
      kafkaBrokers: brokers.join(','),
      mongoUrl: `mongodb://127.0.0.1:${FAULT_MONGO_PORT}/`,
      namePrefix: prefix,
      logDir: path.join(os.tmpdir(), prefix),
      services: options.services,
      serviceEnv: options.serviceEnv,
      env: { LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_MS: '10000', OTEL_SDK_DISABLED: 'true', ...(process.env.FAULTS_SERVICE_ENV ? JSON.parse(process.env.FAULTS_SERVICE_ENV) : {}) },
      readyTimeoutMs: 90_000,
    });
    const messaging = new Messaging({ brokers, clientId: 'fault-suite', topicPrefix: `${prefix}.`, logger: testLogger() });
    const live = new TopicRecorder(messaging, uniqueName('live')).record(Topics.handoffRouting).record(Topics.conversationOutbound);
    await live.start();
    const { publishers, close } = await createPublishers(2, brokers, `${prefix}.`, testLogger());
    let client: RoutingServiceClient | undefined;
    let clientAddress = '';
    const routing = () => {
      const address = system.grpcAddress('routing');
      if (!client || clientAddress !== address) {
        client?.close();
        client = routingClient(address);
        clientAddress = address;
      }
      return client;
    };
    const rig = new FaultRig(prefix, system, messaging, live, routing, publishers, options);
    rig.closers.push(close, async () => client?.close());
    await rig.registerAgents();
    return rig;
  }

  private async registerAgents(): Promise<void> {
    const agents = simulatedAgents(this.options.agents ?? 6, this.options.capacity ?? 3, { idPrefix: this.prefix.slice(-12), autoAccept: this.options.autoAccept ?? true });
    for (const agent of agents) {
      this.capacity[agent.agentId] = agent.chatCapacity;
      this.agentIds.push(agent.agentId);
      await unary((done) => this.routing().upsertAgent({ agent }, done));
      await unary((done) => this.routing().setPresence({ agentId: agent.agentId, presence: Presence.PRESENCE_AVAILABLE }, done));
    }
  }

  /** Simulated agents: complete each assigned handoff after holdMs; poll every agent's load once a second. */
  private startAgents(): void {
    if (this.polling) return;
    const holdMs = this.options.holdMs ?? 2000;
    const tick = async () => {
      for (const record of this.live.of(Topics.handoffRouting)) {
        const update = record.event;
        if (update.status !== RoutingStatus.ROUTING_STATUS_ASSIGNED || this.completed.has(update.handoffId)) continue;
        if (Date.now() - (update.at?.getTime() ?? 0) < holdMs) continue;
        this.completed.add(update.handoffId);
        void withRetry(() => unary((done) => this.routing().completeHandoff({ handoffId: update.handoffId, agentId: update.agent!.agentId }, done))).catch(() => this.completed.delete(update.handoffId));
      }
      for (const agentId of Object.keys(this.capacity)) {
        const response = await unary<GetAgentResponse>((done) => this.routing().getAgent({ agentId }, done)).catch(() => undefined);
        if (response?.agent) this.observedLoad[agentId] = Math.max(this.observedLoad[agentId] ?? 0, response.agent.activeHandoffs);
      }
    };
    let running = false;
    this.polling = setInterval(() => {
      if (running) return;
      running = true;
      void tick().finally(() => (running = false));
    }, 500);
  }

  /** Plays the plans at `rate` events/s while `during` injects a fault; resolves when the traffic has been played. */
  async play(plans: ConversationPlan[], rate: number, during?: () => Promise<void>): Promise<void> {
    this.startAgents();
    const player = new ConversationPlayer(plans, { publishers: this.publishers, rate, stepGapMs: 300, offerWaitMs: 120_000 });
    const feed = setInterval(() => {
      for (const r of this.live.of(Topics.conversationOutbound)) player.observeOutbound(r.event);
    }, 100);
    try {
      await Promise.all([player.play(), during?.()]);
    } finally {
      clearInterval(feed);
    }
  }

  /** Waits until every conversation that should escalate has its transition message and a final outcome. */
  async settle(plans: ConversationPlan[], timeoutMs = 120_000): Promise<void> {
    const expecting = plans.filter((p) => p.expectsHandoff).map((p) => p.conversationId);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const told = new Set(this.live.of(Topics.conversationOutbound).filter((r) => r.event.kind === OutboundKind.OUTBOUND_KIND_TRANSITION).map((r) => r.event.conversationId));
      const done = new Set(this.live.of(Topics.handoffRouting).filter((r) => r.event.status === RoutingStatus.ROUTING_STATUS_ASSIGNED).map((r) => r.event.conversationId));
      if (expecting.every((id) => told.has(id) && done.has(id))) return;
      await sleep(500);
    }
  }

  async check(plans: ConversationPlan[]): Promise<InvariantReport> {
    const report = await checkInvariants(this.messaging, plans, this.capacity);
    for (const [agent, load] of Object.entries(this.observedLoad)) {
      if (load > (this.capacity[agent] ?? Infinity)) report.violations.push(`GetAgent reported ${agent} with ${load} active handoffs, capacity ${this.capacity[agent]}`);
    }
    return report;
  }

  async stop(): Promise<void> {
    if (this.polling) clearInterval(this.polling);
    await this.live.stop().catch(() => undefined);
    for (const close of this.closers) await close().catch(() => undefined);
    await this.messaging.disconnect().catch(() => undefined);
    await this.system.stop(15_000);
  }
}

/** Polls a service's /readyz until it reports `ready` (true or false). */
export async function waitForReadiness(system: HandoffSystem, name: AnyServiceName, ready: boolean, timeoutMs = 90_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if ((await system.ready(name)) === ready) return Date.now() - started;
    await sleep(250);
  }
  throw new Error(`${name} did not report ${ready ? 'ready' : 'not ready'} within ${timeoutMs} ms`);
}
