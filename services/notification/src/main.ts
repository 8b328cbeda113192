// Notification service: wiring only.
import { systemClock } from '@handoff/core';
import { runMain, startPlatform } from '@handoff/lifecycle';
import { Topics } from '@handoff/messaging';
import { ensureIndexes } from '@handoff/store';
import { AlertDispatcher } from './adapters/alert-dispatcher';
import { AlertFactsRepository, alertFactsIndexes } from './adapters/alert-facts';
import { EmailChannel, SlackChannel, WebhookChannel, type AlertChannels } from './adapters/channels';
import { Deliveries, deliveryIndexes } from './adapters/deliveries';
import { NotificationStateRepository, notificationStateIndexes } from './adapters/notification-state-repository';
import { defaultPolicyFile, loadNotificationPolicy } from './adapters/policy-file';
import { handleContextPackage, handleHumanOffer, handleRoutingUpdate, sendDueQueueUpdates, type NotificationDeps } from './adapters/routing-updates-handler';
import { WaitingCustomers, waitingIndexes } from './adapters/waiting-customers';
import { SERVICE, loadNotificationConfig } from './config';

const DAY = 86_400_000;

runMain(SERVICE, async () => {
  const config = loadNotificationConfig();
  // An invalid policy (unknown template variable, missing language...) stops start-up before anything connects.
  const policyFile = config.NOTIFICATION_POLICY_FILE ?? defaultPolicyFile();
  const policy = loadNotificationPolicy(policyFile);
  const { logger, store, messaging, publisher, runtime } = await startPlatform({ service: SERVICE, config, grpc: false });
  await ensureIndexes(store.db, { ...waitingIndexes, ...deliveryIndexes, ...alertFactsIndexes, ...notificationStateIndexes });

  const timeout = config.NOTIFICATION_ALERT_TIMEOUT_MS;
  const channels: AlertChannels = {
    ...(config.NOTIFICATION_SLACK_WEBHOOK_URL ? { slack: new SlackChannel(config.NOTIFICATION_SLACK_WEBHOOK_URL, timeout) } : {}),
    ...(config.NOTIFICATION_SMTP_URL ? { email: new EmailChannel(config.NOTIFICATION_SMTP_URL, policy.alerts.email.from, timeout) } : {}),
    ...(config.NOTIFICATION_WEBHOOK_URL ? { webhook: new WebhookChannel(config.NOTIFICATION_WEBHOOK_URL, config.NOTIFICATION_WEBHOOK_SECRET!, timeout) } : {}),
  };
  const named = [...new Set([...policy.alerts.channels.urgent, ...policy.alerts.channels.routine, ...policy.digest.channels])];
  const off = named.filter((name) => !channels[name]);
  logger.info({ policyVersion: policy.version, languages: Object.keys(policy.messages.languages), channelsOn: named.filter((n) => channels[n]), channelsOff: off }, 'notification policy loaded');

  const deliveries = new Deliveries(store.db);
  const facts = new AlertFactsRepository(store.db);
  const dispatcher = new AlertDispatcher({
    deliveries,
    facts,
    channels,
    policy,
    publisher,
    topicName: (name) => messaging.topicName(name),
    source: config.KAFKA_CLIENT_ID ?? `handoff-${SERVICE}`,
    clock: systemClock,
    logger,
  });
  const deps: NotificationDeps = {
    states: new NotificationStateRepository(store.db),
    waiting: new WaitingCustomers(store.db),
    deliveries,
    facts,
    dispatcher,
    settings: {
      intervalSeconds: config.NOTIFICATION_QUEUE_UPDATE_SECONDS,
      reassureAfterSeconds: config.NOTIFICATION_REASSURE_AFTER_SECONDS,
      alternativesAfterSeconds: config.NOTIFICATION_ALTERNATIVES_AFTER_SECONDS,
    },
    policy,
    publisher,
    clock: systemClock,
    logger,
  };
  await messaging
    .consumer({ groupId: 'handoff-notification' })
    .on(Topics.handoffRouting, handleRoutingUpdate(deps))
    .on(Topics.handoffOffered, handleHumanOffer(deps))
    .on(Topics.handoffContext, handleContextPackage(deps))
    .start();

  // Durable timers: queue updates, alert retries and the digest live in MongoDB; whatever replica polls first sends a
  // due one, once.
  let checking = false;
  let lastCleanup = 0;
  let lastDigestCheck = 0;
  const poll = setInterval(() => {
    if (checking) return;
    checking = true;
    const now = systemClock.now().getTime();
    const cleanup: Promise<unknown> =
      now - lastCleanup > DAY / 24
        ? Promise.all([
            deps.waiting.purgeChecksBefore(new Date(now - DAY)),
            deliveries.purgeSettledBefore(new Date(now - config.NOTIFICATION_RETENTION_DAYS * DAY)),
            facts.purgeBefore(new Date(now - config.NOTIFICATION_RETENTION_DAYS * DAY)),
            deps.states.purgeNotUpdatedSince(new Date(now - config.NOTIFICATION_STATE_RETENTION_DAYS * DAY)),
          ]).then(() => (lastCleanup = now))
        : Promise.resolve();
    // The digest reads every waiting customer: every 30 s is often enough for a threshold counted in minutes.
    const digestDue = now - lastDigestCheck >= 30_000;
    if (digestDue) lastDigestCheck = now;
    sendDueQueueUpdates(deps)
      .then(async () => (digestDue ? dispatcher.digest(await deps.waiting.snapshot()) : 0))
      .then(() => dispatcher.kick())
      .then(() => cleanup)
      .catch((err: unknown) => logger.warn({ err }, 'due check failed'))
      .finally(() => (checking = false));
  }, config.NOTIFICATION_POLL_MS);
  runtime.onShutdown('consumers', async () => {
    clearInterval(poll);
    await dispatcher.idle();
    channels.email?.close();
  });
  await runtime.start();
});
