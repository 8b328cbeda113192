// Detection memory with many active conversations (target: under 300 MB with 100,000).
//
//   npx tsx --expose-gc services/detection/bench/memory.bench.ts [conversations] [follow-up messages] [seconds]
//   (defaults 100,000, 2,000 and 600; part 2 needs KAFKA_BROKERS, MONGO_URL and `node scripts/build.mjs detection`;
//   MONGO_SLOW_COMMAND_MS=20 makes the service log every MongoDB command slower than that)
//
// Part 1, in process: what detection keeps per conversation between events is a ConversationState (state.ts). The
// real engine runs three events per conversation (customer message, bot answer, customer message) and every
// resulting state is held in a Map: the heap this takes is what a replica would need if it kept every active
// conversation in memory. (The service does not: it keeps them in MongoDB, see part 2.)
//
// Part 2, the service as deployed: the built bundle runs against Kafka and the MongoDB-wire server, where it keeps
// each conversation's state and durable timer. The states of part 1 are stored in the service's database (the
// repository's own document form) with their timers, so all of them are active conversations of that service:
// its timer poller scans all of their timers every second. Then follow-up customer messages go to random ones of
// them through conversation.events.v1 and the bench waits for the service's signal for each (at most [seconds]),
// while it samples the service process's RSS from /proc twice a second. Timers that come due meanwhile fire as in
// production (time-limit offers), so the service also works through them. (Seeding is used because this machine's FerretDB processes about
// 10-50 events a second: creating 100,000 conversations one event at a time would take hours.)
// Topics and the database get a unique prefix; the database is dropped at the end.

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConversationEvent, Role } from '@handoff/contracts';
import { createLogger } from '@handoff/logging';
import { Messaging, Topics } from '@handoff/messaging';
import { connectStore, ensureIndexes } from '@handoff/store';
import { freePort } from '@handoff/testing';
import { NOTHING_APPLIED, conversationIndexes, conversationDocumentOf } from '../src/adapters/conversation-repository';
import { timerIndexes } from '../src/adapters/timer-store';
import { loadPolicyFile } from '../src/adapters/policy-file';
import { loadMessageClassifier, type MessageClassifier, type MessageSignals } from '../src/domain/classifiers';
import { DetectionEngine } from '../src/domain/engine';
import { initialState, type ConversationState } from '../src/domain/state';

const TARGET_MB = 300;
const REPO_ROOT = path.resolve(__dirname, '../../..');
const conversations = Number(process.argv[2] ?? 100_000);
const followUps = Number(process.argv[3] ?? 2_000);
/** Time budget for the follow-up phase of part 2. */
const maxSeconds = Number(process.argv[4] ?? 600);
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

// Customer messages of the kinds detection sees, varied so that categories, sentiment and histories differ.
const CUSTOMER_TEXTS = [
  'My export keeps failing with error 500 since this morning',
  'I was charged twice for my subscription this month',
  'How do I change the e-mail address on my account?',
  'This is ridiculous, I have tried that already three times',
  'Where is my order? It should have arrived on Monday',
  'I want to cancel my plan at the end of the month',
  'The app crashes every time I open the settings page',
  'Can I pay by bank transfer instead of card?',
  'I think someone logged into my account from another country',
  'Thanks, that worked!',
  'still not working, I need this fixed today',
  'What are your opening hours on weekends?',
];
const BOT_TEXTS = ['Could you try clearing the cache and signing in again?', 'Here is our help article on billing.', 'I can help with that. Which order do you mean?'];

function message(conversationId: string, eventId: string, at: Date, role: Role, text: string, confidence = 0): ConversationEvent {
  return ConversationEvent.fromPartial({
    eventId,
    conversationId,
    occurredAt: at,
    channel: 'chat',
    language: 'en',
    payload: { $case: 'messagePosted', value: { messageId: `m_${eventId}`, role, text, botIntent: role === Role.ROLE_BOT ? 'faq' : '', agentId: '', ...(role === Role.ROLE_BOT ? { botConfidence: confidence } : {}) } },
  });
}

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect) {
    collect();
    collect();
  }
}

interface Active {
  state: ConversationState;
  timerDueAt: Date | undefined;
}

function inProcess(n: number, start: number): Map<string, Active> {
  const policyFile = path.join(__dirname, '../policy/default.yaml');
  // The messages repeat, so their classifications are memoised (this part measures memory, not speed).
  const classifier = loadMessageClassifier();
  const classified = new Map<string, MessageSignals>();
  const memo: MessageClassifier = {
    classify: (text) => classified.get(text) ?? classified.set(text, classifier.classify(text)).get(text)!,
  };
  const engine = new DetectionEngine(loadPolicyFile(policyFile), memo);
  gc();
  const before = process.memoryUsage();
  const states = new Map<string, Active>();
  const t0 = Date.now();
  for (let i = 0; i < n; i++) {
    const id = `conv-${i}`;
    const at = (s: number): Date => new Date(start + i + s * 1000);
    let state = initialState(id);
    state = engine.onEvent(state, message(id, `${id}-1`, at(0), Role.ROLE_CUSTOMER, CUSTOMER_TEXTS[i % CUSTOMER_TEXTS.length]!), at(0)).state;
    state = engine.onEvent(state, message(id, `${id}-2`, at(5), Role.ROLE_BOT, BOT_TEXTS[i % BOT_TEXTS.length]!, 0.8), at(5)).state;
    const last = engine.onEvent(state, message(id, `${id}-3`, at(30), Role.ROLE_CUSTOMER, CUSTOMER_TEXTS[(i * 7 + 3) % CUSTOMER_TEXTS.length]!), at(30));
    states.set(id, { state: last.state, timerDueAt: last.timerDueAt });
  }
  const seconds = (Date.now() - t0) / 1000;
  gc();
  const after = process.memoryUsage();
  const heap = after.heapUsed - before.heapUsed;
  console.log(`\n[1] in process: ${n.toLocaleString('en')} conversation states held in a Map (3 events each through the engine, ${seconds.toFixed(1)} s)`);
  console.log(`    heap used by the states: ${mib(heap)} (${(heap / n).toFixed(0)} bytes per conversation)${(globalThis as { gc?: unknown }).gc ? '' : '  [run with --expose-gc for exact numbers]'}`);
  console.log(`    process RSS with them: ${mib(after.rss)} (heap ${mib(after.heapUsed)})`);
  const escalated = [...states.values()].filter((a) => a.state.escalated).length;
  console.log(`    ${escalated.toLocaleString('en')} of them escalated (hard triggers), the rest are open with a time-limit timer`);
  return states;
}

/** The built service as a real process (as in production: telemetry registered first), on free loopback ports. */
async function startService(prefix: string, database: string, logFile: string): Promise<ChildProcess> {
  const http = await freePort();
  const grpc = await freePort();
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(
    process.execPath,
    ['--require', path.join(REPO_ROOT, 'dist/telemetry/register.js'), path.join(REPO_ROOT, 'dist/services/detection/main.js')],
    {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '',
        KAFKAJS_NO_PARTITIONER_WARNING: '1',
        OTEL_SERVICE_NAME: 'handoff-detection',
        KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '',
        MONGO_URL: process.env['MONGO_URL'] ?? '',
        KAFKA_TOPIC_PREFIX: `${prefix}.`,
        KAFKA_CREATE_TOPICS: 'false',
        MONGO_DATABASE: database,
        HTTP_PORT: String(http),
        GRPC_PORT: String(grpc),
        LOG_LEVEL: 'warn',
        ...(process.env['MONGO_SLOW_COMMAND_MS'] ? { MONGO_SLOW_COMMAND_MS: process.env['MONGO_SLOW_COMMAND_MS'] } : {}),
        ...(process.env['KAFKA_KEY_CONCURRENCY'] ? { KAFKA_KEY_CONCURRENCY: process.env['KAFKA_KEY_CONCURRENCY'] } : {}),
        ...(process.env['DETECTION_STATES_REMEMBERED'] ? { DETECTION_STATES_REMEMBERED: process.env['DETECTION_STATES_REMEMBERED'] } : {}),
        ...(process.env['SERVICE_NODE_OPTIONS'] ? { NODE_OPTIONS: process.env['SERVICE_NODE_OPTIONS'] } : {}),
        // Telemetry settings (OTEL_SDK_DISABLED, OTEL_TRACES_EXPORTER, OTEL_EXPORTER_OTLP_ENDPOINT...) as given.
        ...Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[0].startsWith('OTEL_') && e[0] !== 'OTEL_SERVICE_NAME' && e[1] !== undefined)),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`detection exited with code ${child.exitCode} during start-up (log: ${logFile})`);
    const ready = await fetch(`http://127.0.0.1:${http}/readyz`, { signal: AbortSignal.timeout(2000) }).then((r) => r.status === 200, () => false);
    if (ready) return child;
    if (Date.now() > deadline) throw new Error(`detection not ready after 60 s (log: ${logFile})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stopService(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function rssOf(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

async function service(active: Map<string, Active>, followUpCount: number): Promise<void> {
  const { KAFKA_BROKERS, MONGO_URL } = process.env;
  if (!KAFKA_BROKERS || !MONGO_URL) {
    console.log('\n[2] service: skipped (set KAFKA_BROKERS and MONGO_URL)');
    return;
  }
  if (!existsSync(path.join(REPO_ROOT, 'dist/services/detection/main.js'))) throw new Error('dist/services/detection/main.js is missing: run `node scripts/build.mjs detection` first');
  const n = active.size;
  const prefix = `b${Date.now().toString(36)}${randomBytes(3).toString('hex')}-detmem`;
  const database = `${prefix}_detection`.replace(/[^A-Za-z0-9_-]/g, '_');
  const logFile = path.join(os.tmpdir(), `${prefix}-detection.log`);
  const logger = createLogger({ service: 'bench', level: 'warn' });
  const messaging = new Messaging({ brokers: KAFKA_BROKERS.split(','), clientId: 'detection-memory-bench', topicPrefix: `${prefix}.`, logger });
  const store = await connectStore({ url: MONGO_URL, database, appName: 'bench' });
  let child: ChildProcess | undefined;
  const seen = new Set<string>();
  const counter = messaging.consumer({ groupId: `${prefix}.bench-counter` });
  let sampler: NodeJS.Timeout | undefined;
  try {
    // Store every conversation as the service would have: state document + durable timer.
    await ensureIndexes(store.db, { ...conversationIndexes, ...timerIndexes });
    const t0 = Date.now();
    const now = new Date();
    const ids = [...active.keys()];
    const batch = 1000;
    for (let i = 0; i < ids.length; i += batch) {
      const slice = ids.slice(i, i + batch);
      await store.db.collection('conversations').insertMany(slice.map((id) => conversationDocumentOf(active.get(id)!.state, 1, [], NOTHING_APPLIED, now) as never));
      const timers = slice.filter((id) => active.get(id)!.timerDueAt).map((id) => ({ _id: id, dueAt: active.get(id)!.timerDueAt! }));
      if (timers.length > 0) await store.db.collection('timers').insertMany(timers as never);
    }
    const stored = await store.db.collection('conversations').estimatedDocumentCount();
    const timerCount = await store.db.collection('timers').estimatedDocumentCount();
    console.log(`\n[2] service: stored ${stored.toLocaleString('en')} conversations and ${timerCount.toLocaleString('en')} timers in ${((Date.now() - t0) / 1000).toFixed(0)} s (database ${database})`);
    if (stored !== n) throw new Error(`stored ${stored} conversations, expected ${n}`);

    await messaging.ensureTopics({ partitions: 3, replicationFactor: 1 });
    child = await startService(prefix, database, logFile);
    const pid = child.pid!;
    counter.on(Topics.handoffSignals, async (signals) => {
      seen.add(signals.eventId);
    });
    let offers = 0;
    counter.on(Topics.handoffOffered, async () => {
      offers += 1;
    });
    await counter.start();
    let peak = 0;
    const samples: Array<{ done: number; rss: number }> = [];
    sampler = setInterval(() => {
      const m = rssOf(pid);
      if (!m) return;
      peak = Math.max(peak, m.rss);
      samples.push({ done: seen.size, rss: m.rss });
    }, 500);
    const idle = rssOf(pid)!;
    console.log(`    service pid ${pid} (built bundle, Kafka ${KAFKA_BROKERS}, MongoDB-wire ${MONGO_URL}): RSS after start-up ${mib(idle.rss)}`);

    // Follow-up customer messages to random active conversations: the service loads, updates and saves their state.
    const t1 = Date.now();
    const publisher = await messaging.publisher();
    const open = ids.filter((id) => !active.get(id)!.state.escalated);
    let next = 0;
    let seed = 12345;
    const random = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const send = async (): Promise<void> => {
      while (next < followUpCount) {
        const i = next++;
        const id = open[Math.floor(random() * open.length)]!;
        const eventId = `${id}-f${i}`;
        await publisher.publish(Topics.conversationEvents, message(id, eventId, new Date(), Role.ROLE_CUSTOMER, CUSTOMER_TEXTS[i % CUSTOMER_TEXTS.length]!));
      }
    };
    await Promise.all(Array.from({ length: 64 }, send));
    // Bounded in time: on a slow MongoDB-wire server the follow-ups queue behind the timers that come due.
    const deadline = t1 + maxSeconds * 1000;
    let lastReport = Date.now();
    while (seen.size < followUpCount && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1000));
      if (Date.now() - lastReport > 30_000) {
        lastReport = Date.now();
        console.log(`    after ${((Date.now() - t1) / 1000).toFixed(0)} s: ${seen.size.toLocaleString('en')} of ${followUpCount.toLocaleString('en')} follow-ups processed, ${offers.toLocaleString('en')} offers from due timers, RSS ${mib(rssOf(pid)?.rss ?? 0)}`);
      }
    }
    await new Promise((r) => setTimeout(r, 2000));
    const end = rssOf(pid)!;
    const seconds = (Date.now() - t1) / 1000;
    console.log(`    in ${seconds.toFixed(0)} s: ${seen.size.toLocaleString('en')} of ${followUpCount.toLocaleString('en')} follow-up messages to random ones of the ${n.toLocaleString('en')} conversations processed, ${offers.toLocaleString('en')} time-limit offers published by timers that came due${seen.size < followUpCount ? ' (stopped at the time budget)' : ''}`);
    for (const fraction of [0.25, 0.5, 0.75]) {
      const s = samples.find((x) => x.done >= followUpCount * fraction);
      if (s) console.log(`    RSS after ${s.done.toLocaleString('en')} follow-ups: ${mib(s.rss)}`);
    }
    console.log(`    RSS at the end: ${mib(end.rss)}; peak sampled ${mib(peak)}; kernel high-water mark (VmHWM) ${mib(end.hwm)}`);
    const worst = Math.max(peak, end.hwm);
    console.log(`    target: under ${TARGET_MB} MB with ${n.toLocaleString('en')} active conversations -> ${worst / 1e6 < TARGET_MB ? 'met' : 'MISSED'} (high-water mark ${(worst / 1e6).toFixed(0)} MB)`);
  } finally {
    if (sampler) clearInterval(sampler);
    await counter.stop().catch(() => undefined);
    if (child) await stopService(child);
    await messaging.disconnect().catch(() => undefined);
    await store.db.dropDatabase().catch(() => undefined);
    await store.close();
    console.log(`    service log: ${logFile}; bench database dropped`);
  }
}

async function main(): Promise<void> {
  console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
  console.log(`active conversations: ${conversations.toLocaleString('en')}`);
  const active = inProcess(conversations, Date.now() - 60_000);
  await service(active, followUps);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
