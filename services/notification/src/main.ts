// Notification service: wiring only.
import { databaseEnv, loadConfig, platformEnv } from '@handoff/config';
import { systemClock } from '@handoff/core';
import { runMain, startPlatform } from '@handoff/lifecycle';
import { Topics } from '@handoff/messaging';
import { NotificationStateRepository } from './adapters/notification-state-repository';
import { handleHumanOffer, handleRoutingUpdate } from './adapters/routing-updates-handler';

const SERVICE = 'notification';

runMain(SERVICE, async () => {
  const config = loadConfig({ ...platformEnv, ...databaseEnv(SERVICE) });
  const { logger, store, messaging, publisher, runtime } = await startPlatform({ service: SERVICE, config, grpc: false });

  const states = new NotificationStateRepository(store.db);
  await messaging
    .consumer({ groupId: 'handoff-notification' })
    .on(Topics.handoffRouting, handleRoutingUpdate(states, publisher, systemClock, logger))
    .on(Topics.handoffOffered, handleHumanOffer(publisher, systemClock))
    .start();
  await runtime.start();
});
