// Context service: wiring only.
import { databaseEnv, env, loadConfig, platformEnv } from '@handoff/config';
import { systemClock } from '@handoff/core';
import { runMain, startPlatform } from '@handoff/lifecycle';
import { Topics } from '@handoff/messaging';
import { ensureIndexes } from '@handoff/store';
import { ConversationEventStore, eventStoreIndexes } from './adapters/event-store';
import { contextGrpc } from './adapters/grpc';
import { assembleOnHandoffRequested, recordConversationEvent } from './adapters/handlers';
import { PackageRepository, packageIndexes } from './adapters/package-repository';

const SERVICE = 'context';

runMain(SERVICE, async () => {
  const config = loadConfig({ ...platformEnv, ...databaseEnv(SERVICE), CONTEXT_TRANSCRIPT_WAIT_MS: env.positiveInt.default(3000) });
  const { logger, store, messaging, publisher, runtime } = await startPlatform({ service: SERVICE, config, grpc: true });
  await ensureIndexes(store.db, { ...eventStoreIndexes, ...packageIndexes });

  const events = new ConversationEventStore(store.db);
  const packages = new PackageRepository(store.db);
  const grpc = contextGrpc(packages, logger);
  runtime.addGrpcService(grpc.definition, grpc.implementation);

  await messaging.consumer({ groupId: 'handoff-context-transcripts' }).on(Topics.conversationEvents, recordConversationEvent({ events })).start();
  await messaging
    .consumer({ groupId: 'handoff-context-assembly' })
    .on(Topics.handoffRequested, assembleOnHandoffRequested({ events, packages, publisher, clock: systemClock, logger, transcriptWaitMs: config.CONTEXT_TRANSCRIPT_WAIT_MS }))
    .start();
  await runtime.start();
});
