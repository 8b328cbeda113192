// End-to-end load benchmark (npm run bench; not part of npm test): the whole system as processes on real Kafka and
// FerretDB, a traffic generator playing a realistic mix at a set rate of conversation events per second, simulated
// agents, and beside it in the same run the floor: four pass-through hops written with the same messaging library.
// Prints per-stage latencies (p50/p95/p99/max), the ratio to the floor, sustained events/s, consumer lag over time and
// CPU and memory per process.
//
// The scale check (--replicas 2) runs detection and routing as two processes each on 6 partitions with the same
// traffic, then waits for every escalation to finish and checks the routing guarantees by reading every output topic
// from the beginning (test/faults/invariants.ts); any violation or dead letter exits non-zero. --check does the same
// check on any run.
//
//   KAFKA_BROKERS=… MONGO_URL=… npx tsx test/load/bench.ts [--rate 1000] [--seconds 300] [--agents 40]
//   KAFKA_BROKERS=… MONGO_URL=… npx tsx test/load/bench.ts --replicas 2 [--partitions 6] [--rate 1000] [--seconds 300]
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OutboundKind, Presence, RoutingStatus, type ConversationEvent, type RoutingServiceClient } from '@handoff/contracts';
import { createLogger } from '@handoff/logging';
import { Messaging, Topics, type EventPublisher } from '@handoff/messaging';
import { HandoffSystem, REPO_ROOT, routingClient, unary, uniqueName } from '@handoff/testing';
import { checkInvariants } from '../faults/invariants';
import { describeReport } from '../faults/report';
import { planMix, simulatedAgents, type ConversationPlan } from './conversations';
import { FLOOR_HOPS, FLOOR_TOPICS, floorTopic } from './floor';
import { ConversationPlayer, createPublishers } from './player';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : Number(process.env[`LOAD_${name.toUpperCase()}`] ?? fallback);
}
const RATE = arg('rate', 1000);
const SECONDS = arg('seconds', 300);
const AGENTS = arg('agents', 40);
const CAPACITY = 50;
const HOLD_MS = arg('hold', 4000);
const PUBLISHERS = arg('publishers', 4);
const STEP_GAP_MS = arg('gap', 400);
/** Processes of detection and of routing (the scale check runs 2 of each). */
const REPLICAS = arg('replicas', 1);
/** Partitions of every topic (KAFKA_TOPIC_PARTITIONS of the services): 6 for the scale check, else 3. */
const PARTITIONS = arg('partitions', REPLICAS > 1 ? 6 : 3);
/** Check the routing guarantees after the run (always with replicas). */
const CHECK = process.argv.includes('--check') || process.env.LOAD_CHECK === 'true' || REPLICAS > 1;
/** After the traffic, wait for every escalation to reach its outcome while they keep arriving (at most this long). */
const SETTLE_SECONDS = arg('settle', 600);
/** …and give up waiting when none has arrived for this long. */
const STALL_SECONDS = 60;
const EVENTS_PER_CONVERSATION = 4.6; // the default mix's average, to size the plan list

const logger = createLogger({ service: 'load-bench', level: 'warn' });
const { KAFKA_BROKERS, MONGO_URL } = process.env;
if (!KAFKA_BROKERS || !MONGO_URL) throw new Error('set KAFKA_BROKERS and MONGO_URL (scripts/bench.sh does)');
const brokers = KAFKA_BROKERS.split(',');

type Stage = 'requested' | 'context' | 'assigned' | 'told' | 'floor';

/** MongoDB commands slower than this are logged by the services (MONGO_SLOW_COMMAND_MS) and summed up after the run. */
const SLOW_COMMAND_MS = arg('slow-ms', 20);

/** Where MongoDB time went: the services' slow-command log lines grouped by service, command, collection and filter. */
function slowCommandProfile(logs: Array<{ service: string; logFile: string }>): string {
  const groups = new Map<string, { count: number; totalMs: number; maxMs: number }>();
  for (const { service, logFile } of logs) {
    let text = '';
    try {
      text = readFileSync(logFile, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      if (!line.includes('"slowCommand"')) continue;
      try {
        const { command, collection, filterFields, durationMs } = JSON.parse(line).slowCommand as { command: string; collection: string; filterFields: string[]; durationMs: number };
        const key = `${service.padEnd(14)} ${command} ${collection} {${filterFields.join(',')}}`;
        const group = groups.get(key) ?? { count: 0, totalMs: 0, maxMs: 0 };
        group.count += 1;
        group.totalMs += durationMs;
        group.maxMs = Math.max(group.maxMs, durationMs);
        groups.set(key, group);
      } catch {
        // a line cut off at shutdown
      }
    }
  }
  const top = [...groups].sort(([, a], [, b]) => b.totalMs - a.totalMs).slice(0, 15);
  const rows = top.map(([key, g]) => `  ${key.padEnd(72)} ${String(g.count).padStart(7)} × mean ${(g.totalMs / g.count).toFixed(0).padStart(5)} ms, max ${g.maxMs.toFixed(0).padStart(6)} ms, total ${(g.totalMs / 1000).toFixed(1)} s\n`);
  return `\n[profile] MongoDB commands slower than ${SLOW_COMMAND_MS} ms, by total time (service, command, collection, filter fields):\n${rows.join('') || '  none\n'}`;
}

function percentiles(values: number[]): { n: number; p50: number; p95: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN };
}
const fmt = (p: ReturnType<typeof percentiles>) => `p50 ${p.p50.toFixed(0)} ms, p95 ${p.p95.toFixed(0)} ms, p99 ${p.p99.toFixed(0)} ms, max ${p.max.toFixed(0)} ms (n=${p.n})`;

/** CPU (% of one core) and resident memory of a process, from /proc. */
class ProcessSampler {
  private last = new Map<number, { ticks: number; at: number }>();
  readonly samples = new Map<string, Array<{ cpu: number; rssMiB: number }>>();
  private readonly hz = 100;

  sample(name: string, pid: number | undefined): void {
    if (!pid) return;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      const now = Date.now();
      const prev = this.last.get(pid);
      this.last.set(pid, { ticks, at: now });
      if (!prev) return;
      const cpu = ((ticks - prev.ticks) / this.hz / ((now - prev.at) / 1000)) * 100;
      this.samples.set(name, [...(this.samples.get(name) ?? []), { cpu, rssMiB: rssKiB / 1024 }]);
    } catch {
      // the process is gone
    }
  }
}

function infraPid(component: 'kafka' | 'ferretdb'): number | undefined {
  const runDir = path.join(process.env.HANDOFF_INFRA_STATE_DIR ?? process.env.HANDOFF_INFRA_DIR ?? path.join(REPO_ROOT, '.infra'), 'run');
  try {
    return Number(readFileSync(path.join(runDir, `${component}.pid`), 'utf8').trim());
  } catch {
    return undefined;
  }
}

/** Total lag per consumer group of this run, from Kafka's own consumer-group tool (scripts/infra lag). */
function lagByGroup(groups: string[]): Record<string, number> {
  try {
    const output = execFileSync('bash', [path.join(REPO_ROOT, 'scripts/infra'), 'lag', ...groups], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 });
    const lag: Record<string, number> = {};
    for (const line of output.split('\n')) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 6 || !groups.includes(cols[0]!)) continue;
      const value = Number(cols[5]);
      if (Number.isFinite(value)) lag[cols[0]!] = (lag[cols[0]!] ?? 0) + value;
    }
    return lag;
  } catch {
    return {};
  }
}

async function main(): Promise<void> {
  const prefix = uniqueName('load');
  const started = new Date();
  const topology = `detection ×${REPLICAS}, routing ×${REPLICAS}, context ×1, notification ×1; ${PARTITIONS} partitions per topic`;
  process.stdout.write(`[load] ${RATE} events/s for ${SECONDS} s, ${AGENTS} agents × ${CAPACITY}, hold ${HOLD_MS} ms; ${topology}; Kafka ${KAFKA_BROKERS}, MongoDB ${MONGO_URL}; prefix ${prefix}\n`);
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build.mjs')], { stdio: 'ignore' });
  const system = await HandoffSystem.start({
    kafkaBrokers: KAFKA_BROKERS!,
    mongoUrl: MONGO_URL!,
    namePrefix: prefix,
    logDir: path.join(os.tmpdir(), prefix),
    env: { LOG_LEVEL: 'warn', OTEL_SDK_DISABLED: 'true', SHUTDOWN_TIMEOUT_MS: '15000', KAFKA_TOPIC_PARTITIONS: String(PARTITIONS), MONGO_SLOW_COMMAND_MS: String(SLOW_COMMAND_MS), ...(process.env['KAFKA_KEY_CONCURRENCY'] ? { KAFKA_KEY_CONCURRENCY: process.env['KAFKA_KEY_CONCURRENCY'] } : {}) },
    replicas: { detection: REPLICAS, routing: REPLICAS },
    readyTimeoutMs: 120_000,
  });
  const messaging = new Messaging({ brokers, clientId: 'load-bench', topicPrefix: `${prefix}.`, logger });
  await messaging.ensureTopics({ partitions: PARTITIONS, replicationFactor: 1 }, FLOOR_TOPICS);
  const hops: ChildProcess[] = [];
  // Interrupted (Ctrl-C, kill): stop the services and floor hops rather than leave them running.
  const interrupt = () => {
    for (const hop of hops) hop.kill('SIGTERM');
    void system.stop(5000).finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt).once('SIGTERM', interrupt);
  for (let hop = 0; hop < FLOOR_HOPS; hop++) {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'floor.ts'), String(hop)], {
      cwd: REPO_ROOT,
      env: { ...process.env, FLOOR_PREFIX: `${prefix}.`, KAFKAJS_NO_PARTITIONER_WARNING: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout!.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`floor hop ${hop} exited with ${code}`)));
    });
    hops.push(child);
  }

  // One client per routing replica: agents complete through either, as behind a load balancer.
  const routingClients: RoutingServiceClient[] = system.replicasOf('routing').map((s) => routingClient(system.grpcAddress(s)));
  const routing = routingClients[0]!;
  const agents = simulatedAgents(AGENTS, CAPACITY, { idPrefix: 'load' });
  for (const agent of agents) {
    await unary((done) => routing.upsertAgent({ agent }, done));
    await unary((done) => routing.setPresence({ agentId: agent.agentId, presence: Presence.PRESENCE_AVAILABLE }, done));
  }

  // Stage times per conversation: when the triggering event was sent, and when each stage's output was seen.
  const times = new Map<string, Partial<Record<Stage | 'trigger' | 'floorStart', number>>>();
  const mark = (conversationId: string, stage: Stage | 'trigger' | 'floorStart') => {
    const entry = times.get(conversationId) ?? {};
    entry[stage] ??= Date.now();
    times.set(conversationId, entry);
  };
  let completions = 0;
  let completionErrors = 0;
  // For --check: which conversations have their final routing outcome and their first word to the customer.
  const finalOutcome = new Set<string>();
  const firstWord = new Set<string>();
  const complete = (handoffId: string, agentId: string) =>
    setTimeout(() => {
      const client = routingClients[completions % routingClients.length]!;
      unary((done) => client.completeHandoff({ handoffId, agentId }, done)).then(
        () => completions++,
        () => completionErrors++,
      );
    }, HOLD_MS);

  const floorPublisher: EventPublisher = await messaging.publisher();
  const { publishers, close } = await createPublishers(PUBLISHERS, brokers, `${prefix}.`, logger);
  const plans: ConversationPlan[] = planMix(Math.ceil((RATE * SECONDS) / EVENTS_PER_CONVERSATION), prefix, 2026);
  const player = new ConversationPlayer(plans, {
    publishers,
    rate: RATE,
    stepGapMs: STEP_GAP_MS,
    onTrigger: (plan, at) => {
      const entry = times.get(plan.conversationId) ?? {};
      entry.trigger = at;
      times.set(plan.conversationId, entry);
      // The floor carries a copy of the same triggering event through four pass-through hops.
      const copy: ConversationEvent = { eventId: `${plan.conversationId}-floor`, conversationId: plan.conversationId, occurredAt: new Date(), channel: 'chat', language: 'en', payload: undefined };
      entry.floorStart = Date.now();
      void floorPublisher.publish(floorTopic(0), copy);
    },
  });

  const observer = messaging.consumer({ groupId: 'bench-observer', fromBeginning: false, concurrency: 3 });
  observer
    .on(Topics.handoffRequested, async (e) => mark(e.conversationId, 'requested'))
    .on(Topics.handoffContext, async (e) => mark(e.conversationId, 'context'))
    .on(Topics.handoffRouting, async (e) => {
      if ([RoutingStatus.ROUTING_STATUS_ASSIGNED, RoutingStatus.ROUTING_STATUS_ASYNC_FALLBACK, RoutingStatus.ROUTING_STATUS_ABANDONED].includes(e.status)) finalOutcome.add(e.conversationId);
      if (e.status === RoutingStatus.ROUTING_STATUS_ASSIGNED && !times.get(e.conversationId)?.assigned) {
        mark(e.conversationId, 'assigned');
        complete(e.handoffId, e.agent!.agentId);
      }
    })
    .on(Topics.conversationOutbound, async (e) => {
      player.observeOutbound(e);
      if (e.kind === OutboundKind.OUTBOUND_KIND_TRANSITION) mark(e.conversationId, 'told');
      if (e.kind === OutboundKind.OUTBOUND_KIND_TRANSITION || e.kind === OutboundKind.OUTBOUND_KIND_ASYNC_NOTICE) firstWord.add(e.conversationId);
    })
    .on(floorTopic(FLOOR_HOPS), async (e) => mark(e.conversationId, 'floor'));
  await observer.start();

  const sampler = new ProcessSampler();
  const sampleAll = () => {
    for (const s of system.services) sampler.sample(s.label, s.process.pid);
    hops.forEach((h, i) => sampler.sample(`floor-hop${i}`, h.pid));
    sampler.sample('kafka', infraPid('kafka'));
    sampler.sample('ferretdb', infraPid('ferretdb'));
    sampler.sample('load generator', process.pid);
  };
  const sampling = setInterval(sampleAll, 1000);
  const groups = ['handoff-detection', 'handoff-context-transcripts', 'handoff-context-assembly', 'handoff-routing', 'handoff-routing-conversations', 'handoff-notification'].map((g) => `${prefix}.${g}`);
  const lagSeries: Array<{ at: number; lag: Record<string, number> }> = [];
  const throughput: Array<{ at: number; sent: number }> = [];
  const t0 = Date.now();
  const progress = setInterval(() => throughput.push({ at: (Date.now() - t0) / 1000, sent: player.stats.eventsSent }), 5000);
  let lagging = true;
  const lagLoop = (async () => {
    while (lagging) {
      await new Promise((r) => setTimeout(r, 30_000));
      if (!lagging) break;
      lagSeries.push({ at: Math.round((Date.now() - t0) / 1000), lag: lagByGroup(groups) });
    }
  })();

  const timer = setTimeout(() => player.stop(), SECONDS * 1000);
  const stats = await player.play();
  clearTimeout(timer);
  const playedSeconds = (Date.now() - t0) / 1000;
  lagging = false;
  // Let the last handoffs finish.
  await new Promise((r) => setTimeout(r, 15_000));
  clearInterval(sampling);
  clearInterval(progress);
  await lagLoop;
  const finalLag = lagByGroup(groups);

  // Latencies from the triggering message (handed to the producer) to each stage, and per stage.
  const escalated = [...times.values()].filter((t) => t.trigger !== undefined && t.told !== undefined);
  const since = (from: 'trigger' | Stage, to: Stage) => escalated.filter((t) => t[from] !== undefined && t[to] !== undefined).map((t) => t[to]! - t[from]!);
  const endToEnd = percentiles(since('trigger', 'told'));
  const floorValues = [...times.values()].filter((t) => t.floorStart !== undefined && t.floor !== undefined).map((t) => t.floor! - t.floorStart!);
  const floor = percentiles(floorValues);
  const triggered = [...times.values()].filter((t) => t.trigger !== undefined).length;

  const out: string[] = [];
  out.push(`\n## End-to-end load — ${started.toISOString()}`);
  out.push(`machine: ${os.cpus()[0]?.model ?? '?'} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
  out.push(`command: npx tsx test/load/bench.ts --rate ${RATE} --seconds ${SECONDS} --agents ${AGENTS}${REPLICAS > 1 ? ` --replicas ${REPLICAS}` : ''} --partitions ${PARTITIONS} (KAFKA_BROKERS=${KAFKA_BROKERS})`);
  out.push(`processes: ${topology}; floor: ${FLOOR_HOPS} single-process hops on ${PARTITIONS} partitions`);
  out.push(`played: ${stats.eventsSent} events in ${playedSeconds.toFixed(1)} s = ${(stats.eventsSent / playedSeconds).toFixed(0)} events/s sustained (target rate ${RATE}); ${stats.conversationsStarted} conversations; offers never shown ${stats.offersMissing.length}; publish errors ${stats.publishErrors}`);
  out.push(`handoffs: ${triggered} triggering messages sent, ${escalated.length} customers told; agents completed ${completions} (errors ${completionErrors})`);
  out.push('');
  out.push('| stage | latency |');
  out.push('|---|---|');
  out.push(`| triggering message → handoff.requested | ${fmt(percentiles(since('trigger', 'requested')))} |`);
  out.push(`| handoff.requested → handoff.context | ${fmt(percentiles(since('requested', 'context')))} |`);
  out.push(`| handoff.context → assigned (handoff.routing) | ${fmt(percentiles(since('context', 'assigned')))} |`);
  out.push(`| assigned → transition message (conversation.outbound) | ${fmt(percentiles(since('assigned', 'told')))} |`);
  out.push(`| **triggering message → transition message** | ${fmt(endToEnd)} |`);
  out.push(`| floor: same 4 hops, pass-through consumers | ${fmt(floor)} |`);
  out.push(`| ratio handoff / floor | p50 ${(endToEnd.p50 / floor.p50).toFixed(1)}×, p99 ${(endToEnd.p99 / floor.p99).toFixed(1)}× |`);
  out.push('');
  out.push(`events/s every 5 s: ${throughput.map((p, i) => (i === 0 ? p.sent / p.at : (p.sent - throughput[i - 1]!.sent) / (p.at - throughput[i - 1]!.at)).toFixed(0)).join(' ')}`);
  out.push(`consumer lag (messages) every 30 s: ${lagSeries.map((s) => `${s.at}s ${JSON.stringify(Object.fromEntries(Object.entries(s.lag).map(([g, v]) => [g.replace(`${prefix}.`, ''), v])))}`).join('; ') || '(run shorter than 30 s)'}`);
  out.push(`consumer lag 15 s after the traffic stopped: ${JSON.stringify(Object.fromEntries(Object.entries(finalLag).map(([g, v]) => [g.replace(`${prefix}.`, ''), v])))}`);
  out.push('');
  out.push('| process | CPU % of one core, mean / max | RSS MiB, mean / max |');
  out.push('|---|---|---|');
  for (const [name, samples] of sampler.samples) {
    const mean = (f: (s: { cpu: number; rssMiB: number }) => number) => samples.reduce((n, s) => n + f(s), 0) / samples.length;
    const max = (f: (s: { cpu: number; rssMiB: number }) => number) => Math.max(...samples.map(f));
    out.push(`| ${name} | ${mean((s) => s.cpu).toFixed(0)} / ${max((s) => s.cpu).toFixed(0)} | ${mean((s) => s.rssMiB).toFixed(0)} / ${max((s) => s.rssMiB).toFixed(0)} |`);
  }
  process.stdout.write(`${out.join('\n')}\n`);

  const failures: string[] = [];
  if (CHECK) {
    // Only what Kafka acknowledged counts: a conversation stopped before its triggering message must have no handoff.
    const played = plans
      .filter((p) => player.stepsSent.has(p.conversationId))
      .map((p) => ({ ...p, expectsHandoff: p.expectsHandoff && player.stepsSent.get(p.conversationId)! > p.triggerStep }));
    const expecting = played.filter((p) => p.expectsHandoff).map((p) => p.conversationId);
    const unfinished = () => expecting.filter((id) => !finalOutcome.has(id) || !firstWord.has(id));
    const settleStarted = Date.now();
    let left = unfinished().length;
    let lastProgress = Date.now();
    while (left > 0 && Date.now() - settleStarted < SETTLE_SECONDS * 1000 && Date.now() - lastProgress < STALL_SECONDS * 1000) {
      await new Promise((r) => setTimeout(r, 1000));
      const now = unfinished().length;
      if (now < left) lastProgress = Date.now();
      left = now;
    }
    process.stdout.write(
      `\n[check] ${played.length} conversations played, ${expecting.length} sent their triggering message; ` +
        `${expecting.length - left} reached an outcome and a first word, ${((Date.now() - settleStarted) / 1000).toFixed(0)} s after the 15 s tail ` +
        `(waiting while they kept arriving, up to ${SETTLE_SECONDS} s); reading every output topic from the beginning…\n`,
    );
    const capacity = Object.fromEntries(agents.map((a) => [a.agentId, a.chatCapacity]));
    const report = await checkInvariants(messaging, played, capacity, { timeoutMs: 180_000 });
    process.stdout.write(describeReport(`routing guarantees, ${topology}`, report));
    for (const d of report.deadLetters.slice(0, 10)) process.stdout.write(`  dead letter on ${d.topic} (${d.group}): ${d.kind} ${d.error}\n`);
    // Nothing yet for a conversation may be lag (late) or loss; more than one, or any where none belongs, never is lag.
    const missing = report.violations.filter((v) => /: 0 [a-z ]+, expected 1$/.test(v)).length;
    if (missing > 0) {
      const lag = lagByGroup(groups);
      const behind = Object.values(lag).reduce((n, v) => n + v, 0);
      process.stdout.write(`  ${missing} of the violations are something not there yet; consumer lag now ${behind} (${JSON.stringify(Object.fromEntries(Object.entries(lag).map(([g, v]) => [g.replace(`${prefix}.`, ''), v])))})${behind > 0 ? ': the system is still behind, so these may be late rather than lost' : ''}\n`);
    }
    for (const v of report.violations.filter((v) => !/: 0 [a-z ]+, expected 1$/.test(v)).slice(0, 20)) process.stdout.write(`  ✗ ${v}\n`);
    if (report.violations.length > missing) failures.push(`${report.violations.length - missing} duplicates, unexpected escalations or agents over capacity`);
    if (missing > 0) failures.push(`${missing} outcomes missing`);
    if (report.deadLetters.length > 0) failures.push(`${report.deadLetters.length} dead letters`);
    if (report.handoffs === 0) failures.push('no handoff happened: nothing was checked');
  }

  await observer.stop();
  await close();
  await messaging.disconnect();
  for (const client of routingClients) client.close();
  for (const hop of hops) hop.kill('SIGTERM');
  await system.stop();
  process.stdout.write(slowCommandProfile(system.services.map((s) => ({ service: s.label, logFile: s.logFile }))));
  if (failures.length > 0) throw new Error(`routing guarantees violated: ${failures.join(', ')}`);
  if (CHECK) process.stdout.write('[check] routing guarantees hold\n');
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
