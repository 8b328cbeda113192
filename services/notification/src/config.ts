// The notification service's environment: the policy file, the cadence of queue updates, and the alert channels'
// endpoints and secrets (which stay out of the policy ConfigMap). Validated at start-up, naming every bad variable.
import { ConfigError, databaseEnv, env, loadConfig, platformEnv, z } from '@handoff/config';

export const SERVICE = 'notification';

const httpUrl = z.string().regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, 'expected an http(s) URL');

export const notificationEnv = {
  ...platformEnv,
  ...databaseEnv(SERVICE),
  NOTIFICATION_POLICY_FILE: z.string().min(1).optional(),
  NOTIFICATION_QUEUE_UPDATE_SECONDS: env.positiveInt.default(75),
  NOTIFICATION_REASSURE_AFTER_SECONDS: env.positiveInt.default(180),
  NOTIFICATION_ALTERNATIVES_AFTER_SECONDS: env.positiveInt.default(600),
  NOTIFICATION_POLL_MS: env.positiveInt.default(1000),
  NOTIFICATION_SLACK_WEBHOOK_URL: httpUrl.optional(),
  NOTIFICATION_SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s/]+\/?$/, 'expected smtp://[user:password@]host:port or smtps://…').optional(),
  NOTIFICATION_WEBHOOK_URL: httpUrl.optional(),
  NOTIFICATION_WEBHOOK_SECRET: z.string().min(16, 'expected a secret of at least 16 characters').optional(),
  NOTIFICATION_ALERT_TIMEOUT_MS: env.positiveInt.default(5000),
  NOTIFICATION_RETENTION_DAYS: env.positiveInt.default(7),
  NOTIFICATION_STATE_RETENTION_DAYS: env.positiveInt.default(30),
};

export type NotificationConfig = ReturnType<typeof loadNotificationConfig>;

export function loadNotificationConfig(source: Record<string, string | undefined> = process.env) {
  const config = loadConfig(notificationEnv, source);
  if (config.NOTIFICATION_WEBHOOK_URL && !config.NOTIFICATION_WEBHOOK_SECRET) {
    throw new ConfigError(['NOTIFICATION_WEBHOOK_SECRET: required when NOTIFICATION_WEBHOOK_URL is set (deliveries are signed)']);
  }
  return config;
}
