// Detection service: wiring only.
import { databaseEnv, loadConfig, platformEnv } from '@handoff/config';
import { systemClock } from '@handoff/core';
import { runMain, startPlatform } from '@handoff/lifecycle';
import { Topics } from '@handoff/messaging';
import { ProcessedEvents, ensureIndexes, processedEventsIndexes } from '@handoff/store';
import { ConversationRepository, conversationIndexes } from './adapters/conversation-repository';
import { handleConversationEvent } from './adapters/conversation-events-handler';
import { DEFAULT_POLICY } from './domain/policy';

const SERVICE = 'detection';

runMain(SERVICE, async () => {
  const config = loadConfig({ ...platformEnv, ...databaseEnv(SERVICE) });
  const { logger, store, messaging, publisher, runtime } = await startPlatform({ service: SERVICE, config, grpc: false });
  await ensureIndexes(store.db, { ...conversationIndexes, ...processedEventsIndexes });

  const handler = handleConversationEvent({
    conversations: new ConversationRepository(store.db),
    processed: new ProcessedEvents(store.db),
    publisher,
    policy: DEFAULT_POLICY,
    clock: systemClock,
    logger,
  });
  await messaging.consumer({ groupId: 'handoff-detection' }).on(Topics.conversationEvents, handler).start();
  await runtime.start();
});
