// Context service: wiring only.
import { databaseEnv, env, loadConfig, platformEnv, z } from '@handoff/config';
import { systemClock } from '@handoff/core';
import { runMain, startPlatform, sweepHourly } from '@handoff/lifecycle';
import { Topics } from '@handoff/messaging';
import { ensureIndexes } from '@handoff/store';
import { AccountContextGatherer, HttpAccountProvider, ProfileStore, profileIndexes, type AccountProvider } from './adapters/account-providers';
import { ConversationEventStore, eventStoreIndexes } from './adapters/event-store';
import { contextGrpc } from './adapters/grpc';
import { assembleOnHandoffRequested, recordConversationEvent, recordConversationEvents, recordSignals, recordSignalsTogether } from './adapters/handlers';
import { LlmSummarizer } from './adapters/llm-summarizer';
import { runOnce } from './adapters/migrations';
import { PackageRepository, packageIndexes } from './adapters/package-repository';
import { forgetBefore } from './adapters/retention';
import { SignalStore, signalIndexes } from './adapters/signal-store';
import { DEFAULT_MAX_TRANSCRIPT_MESSAGES } from './domain/assemble';

const SERVICE = 'context';
const url = z.string().url('expected an http(s) URL').optional();
const header = z.string().regex(/^[\w-]+: .+$/, 'expected "Header-Name: value", e.g. "Authorization: Bearer …"').optional();

runMain(SERVICE, async () => {
  const config = loadConfig({
    ...platformEnv,
    ...databaseEnv(SERVICE),
    CONTEXT_TRANSCRIPT_WAIT_MS: env.positiveInt.default(3000),
    CONTEXT_MAX_TRANSCRIPT_MESSAGES: env.positiveInt.default(DEFAULT_MAX_TRANSCRIPT_MESSAGES),
    CONTEXT_PROVIDER_DEADLINE_MS: env.positiveInt.default(300),
    CONTEXT_PROFILE_STORE: env.flag.default(true),
    CONTEXT_CRM_URL: url,
    CONTEXT_CRM_AUTH: header,
    CONTEXT_BILLING_URL: url,
    CONTEXT_BILLING_AUTH: header,
    CONTEXT_TICKETS_URL: url,
    CONTEXT_TICKETS_AUTH: header,
    CONTEXT_REPEAT_CONTACT_DAYS: env.positiveInt.default(7),
    CONTEXT_SIMILAR_THRESHOLD: z.coerce.number().min(0).max(1).default(0.25),
    CONTEXT_LLM_URL: url,
    CONTEXT_LLM_MODEL: z.string().min(1).default('gpt-4o-mini'),
    CONTEXT_LLM_API_KEY: z.string().optional(),
    CONTEXT_LLM_TIMEOUT_MS: env.positiveInt.default(1500),
    CONTEXT_RETENTION_DAYS: env.positiveInt.default(90),
  });
  const { logger, store, messaging, publisher, runtime } = await startPlatform({ service: SERVICE, config, grpc: true });
  await ensureIndexes(store.db, { ...eventStoreIndexes, ...packageIndexes, ...signalIndexes, ...profileIndexes });

  const authOf = (value: string | undefined) => (value ? { name: value.slice(0, value.indexOf(':')), value: value.slice(value.indexOf(':') + 1).trim() } : undefined);
  const providers: AccountProvider[] = [
    ...(config.CONTEXT_PROFILE_STORE ? [new ProfileStore(store.db)] : []),
    ...(config.CONTEXT_CRM_URL ? [new HttpAccountProvider('crm', config.CONTEXT_CRM_URL, authOf(config.CONTEXT_CRM_AUTH))] : []),
    ...(config.CONTEXT_BILLING_URL ? [new HttpAccountProvider('billing', config.CONTEXT_BILLING_URL, authOf(config.CONTEXT_BILLING_AUTH))] : []),
    ...(config.CONTEXT_TICKETS_URL ? [new HttpAccountProvider('tickets', config.CONTEXT_TICKETS_URL, authOf(config.CONTEXT_TICKETS_AUTH))] : []),
  ];
  const events = new ConversationEventStore(store.db);
  const packages = new PackageRepository(store.db);
  const signals = new SignalStore(store.db);
  for (const [name, migrate] of [
    ['package-refs-v1', () => packages.backfillRefs()],
    ['conversation-signals-v1', () => signals.backfillFromPerMessage()],
    ['event-stored-at-v1', () => events.backfillStoredAt()],
  ] as const) {
    const moved = await runOnce(store.db, name, migrate, () => systemClock.now());
    if (moved !== undefined) logger.info({ migration: name, documents: moved }, 'migration done');
  }
  const grpc = contextGrpc(packages, events, logger);
  runtime.addGrpcService(grpc.definition, grpc.implementation);

  await messaging
    .consumer({ groupId: 'handoff-context-transcripts', keyConcurrency: config.KAFKA_KEY_CONCURRENCY })
    .on(Topics.conversationEvents, recordConversationEvent({ events, packages, clock: systemClock }), recordConversationEvents({ events, packages, clock: systemClock }))
    .on(Topics.handoffSignals, recordSignals({ signals }), recordSignalsTogether({ signals }))
    .start();
  await messaging
    .consumer({ groupId: 'handoff-context-assembly' })
    .on(
      Topics.handoffRequested,
      assembleOnHandoffRequested({
        events,
        signals,
        packages,
        accounts: new AccountContextGatherer(providers, config.CONTEXT_PROVIDER_DEADLINE_MS, systemClock),
        publisher,
        clock: systemClock,
        logger,
        transcriptWaitMs: config.CONTEXT_TRANSCRIPT_WAIT_MS,
        maxTranscriptMessages: config.CONTEXT_MAX_TRANSCRIPT_MESSAGES,
        repeatContactDays: config.CONTEXT_REPEAT_CONTACT_DAYS,
        similar: { threshold: config.CONTEXT_SIMILAR_THRESHOLD, limit: 3 },
        ...(config.CONTEXT_LLM_URL
          ? { summarizer: new LlmSummarizer({ url: config.CONTEXT_LLM_URL, model: config.CONTEXT_LLM_MODEL, apiKey: config.CONTEXT_LLM_API_KEY, timeoutMs: config.CONTEXT_LLM_TIMEOUT_MS }, logger) }
          : {}),
      }),
    )
    .start();
  logger.info({ providers: providers.map((p) => p.name), deadlineMs: config.CONTEXT_PROVIDER_DEADLINE_MS }, 'account providers');

  sweepHourly(runtime, logger, config.CONTEXT_RETENTION_DAYS, () => systemClock.now(), (cutoff) => forgetBefore({ events, signals, packages }, cutoff));
  await runtime.start();
});
