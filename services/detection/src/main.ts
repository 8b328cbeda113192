// Detection service: wiring only.
import { databaseEnv, env, loadConfig, platformEnv, z } from '@handoff/config';
import { systemClock } from '@handoff/core';
import { runMain, startPlatform } from '@handoff/lifecycle';
import { Topics } from '@handoff/messaging';
import { ensureIndexes } from '@handoff/store';
import { ConversationRepository, conversationIndexes } from './adapters/conversation-repository';
import { DetectionProcessor } from './adapters/detection-processor';
import { detectionGrpc } from './adapters/grpc';
import { bundledPath, loadPolicyFile } from './adapters/policy-file';
import { ShadowDecisionLog, shadowDecisionIndexes } from './adapters/shadow-decision-log';
import { TimerStore, timerIndexes } from './adapters/timer-store';
import { loadMessageClassifier } from './domain/classifiers';
import { DetectionEngine } from './domain/engine';
import { PolicyRollout } from './domain/rollout';

const SERVICE = 'detection';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

runMain(SERVICE, async () => {
  const config = loadConfig({
    ...platformEnv,
    ...databaseEnv(SERVICE),
    DETECTION_POLICY_FILE: z.string().min(1).default(bundledPath('policy', 'default.yaml')),
    DETECTION_MODEL_DIR: z.string().min(1).default(bundledPath('models')),
    DETECTION_TIMER_POLL_MS: env.positiveInt.default(1000),
    // How often each replica re-reads every timer (it knows its own at once): the longest a timer set by a replica
    // that died waits past its due time.
    DETECTION_TIMER_RESCAN_MS: env.positiveInt.default(30000),
    // How long a conversation's state is kept after its last event (and shadow decisions after they were made).
    DETECTION_RETENTION_DAYS: env.positiveInt.default(30),
    // Conversation states kept in memory by the replica that owns them, saving a database read per event (0: none).
    DETECTION_STATES_REMEMBERED: env.nonNegativeInt.default(10000),
    DETECTION_CANDIDATE_POLICY_FILE: z.string().min(1).optional(),
    DETECTION_CANDIDATE_MODE: z.enum(['shadow', 'rollout'], { message: 'expected shadow or rollout' }).default('shadow'),
    DETECTION_CANDIDATE_PERCENT: z.coerce.number({ message: 'expected a percentage from 0 to 100' }).min(0).max(100).default(0),
  });
  // Both fail start-up with a message naming the file and field when they are wrong.
  const policy = loadPolicyFile(config.DETECTION_POLICY_FILE);
  const classifier = loadMessageClassifier(config.DETECTION_MODEL_DIR);
  const engine = new DetectionEngine(policy, classifier);
  const candidate = config.DETECTION_CANDIDATE_POLICY_FILE
    ? { engine: new DetectionEngine(loadPolicyFile(config.DETECTION_CANDIDATE_POLICY_FILE), classifier), mode: config.DETECTION_CANDIDATE_MODE, percent: config.DETECTION_CANDIDATE_PERCENT }
    : undefined;
  const rollout = new PolicyRollout(engine, candidate);

  const { logger, store, messaging, publisher, runtime } = await startPlatform({ service: SERVICE, config, grpc: true });
  await ensureIndexes(store.db, { ...conversationIndexes, ...timerIndexes, ...shadowDecisionIndexes });
  const timers = new TimerStore(store.db, config.DETECTION_TIMER_RESCAN_MS);
  const conversations = new ConversationRepository(store.db, 'conversations', config.DETECTION_STATES_REMEMBERED);
  const shadowConversations = new ConversationRepository(store.db, 'shadow_conversations', config.DETECTION_STATES_REMEMBERED);
  const shadowLog = new ShadowDecisionLog(store.db);
  // GetConversationState may be answered by a replica that does not own the conversation: it reads the database.
  const grpc = detectionGrpc({ engine, classifier, conversations: new ConversationRepository(store.db), logger });
  runtime.addGrpcService(grpc.definition, grpc.implementation);
  const processor = new DetectionProcessor({
    rollout,
    conversations,
    shadow: { conversations: shadowConversations, log: shadowLog },
    timers,
    publisher,
    clock: systemClock,
    logger,
  });
  await messaging.consumer({ groupId: 'handoff-detection', keyConcurrency: config.KAFKA_KEY_CONCURRENCY }).on(Topics.conversationEvents, processor.handleEvent, processor.handleEvents).start();

  // Every poll fires due timers; once an hour it also forgets what is past the retention (FerretDB has no TTL index).
  const forgetBefore = (cutoff: Date) =>
    Promise.all([conversations.purgeNotUpdatedSince(cutoff), shadowConversations.purgeNotUpdatedSince(cutoff), shadowLog.purgeBefore(cutoff)]);
  let polling = false;
  let lastSweep = 0;
  const poll = setInterval(() => {
    if (polling) return;
    polling = true;
    const now = systemClock.now().getTime();
    const sweepDue = now - lastSweep >= HOUR;
    processor
      .fireDueTimers()
      .then(async () => {
        if (!sweepDue) return;
        await forgetBefore(new Date(now - config.DETECTION_RETENTION_DAYS * DAY));
        lastSweep = now;
      })
      .catch((err: unknown) => logger.warn({ err }, 'timer poll or retention sweep failed'))
      .finally(() => (polling = false));
  }, config.DETECTION_TIMER_POLL_MS);
  runtime.onShutdown('consumers', async () => clearInterval(poll));
  logger.info(
    { policyVersion: policy.version, policyFile: config.DETECTION_POLICY_FILE, candidate: candidate && { version: candidate.engine.policy.version, mode: candidate.mode, percent: candidate.percent } },
    'policy loaded',
  );
  await runtime.start();
});
