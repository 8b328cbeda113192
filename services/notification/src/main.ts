// Notification service: wiring only.
import { databaseEnv, env, loadConfig, platformEnv } from '@handoff/config';
import { systemClock } from '@handoff/core';
import { runMain, startPlatform } from '@handoff/lifecycle';
import { Topics } from '@handoff/messaging';
import { ensureIndexes } from '@handoff/store';
import { NotificationStateRepository } from './adapters/notification-state-repository';
import { handleHumanOffer, handleRoutingUpdate, sendDueQueueUpdates } from './adapters/routing-updates-handler';
import { WaitingCustomers, waitingIndexes } from './adapters/waiting-customers';

const SERVICE = 'notification';

runMain(SERVICE, async () => {
  const config = loadConfig({
    ...platformEnv,
    ...databaseEnv(SERVICE),
    NOTIFICATION_QUEUE_UPDATE_SECONDS: env.positiveInt.default(75),
    NOTIFICATION_REASSURE_AFTER_SECONDS: env.positiveInt.default(180),
    NOTIFICATION_ALTERNATIVES_AFTER_SECONDS: env.positiveInt.default(600),
  });
  const { logger, store, messaging, publisher, runtime } = await startPlatform({ service: SERVICE, config, grpc: false });
  await ensureIndexes(store.db, waitingIndexes);
  const settings = {
    intervalSeconds: config.NOTIFICATION_QUEUE_UPDATE_SECONDS,
    reassureAfterSeconds: config.NOTIFICATION_REASSURE_AFTER_SECONDS,
    alternativesAfterSeconds: config.NOTIFICATION_ALTERNATIVES_AFTER_SECONDS,
  };

  const states = new NotificationStateRepository(store.db);
  const waiting = new WaitingCustomers(store.db);
  await messaging
    .consumer({ groupId: 'handoff-notification' })
    .on(Topics.handoffRouting, handleRoutingUpdate(states, waiting, settings, publisher, systemClock, logger))
    .on(Topics.handoffOffered, handleHumanOffer(publisher, systemClock))
    .start();

  // Durable queue updates: whatever replica polls first sends a due check, once.
  let checking = false;
  const poll = setInterval(() => {
    if (checking) return;
    checking = true;
    sendDueQueueUpdates(waiting, settings, publisher, systemClock, logger)
      .then(() => waiting.purgeChecksBefore(new Date(Date.now() - 86_400_000)))
      .catch((err: unknown) => logger.warn({ err }, 'queue update check failed'))
      .finally(() => (checking = false));
  }, 5000);
  runtime.onShutdown('consumers', async () => clearInterval(poll));
  await runtime.start();
});
