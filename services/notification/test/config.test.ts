import { ConfigError } from '@handoff/config';
import { loadNotificationConfig } from '../src/config';

const base = { KAFKA_BROKERS: '127.0.0.1:19092', MONGO_URL: 'mongodb://127.0.0.1:27018/' };
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadNotificationConfig({ ...base, ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected the configuration to be rejected');
};

describe('notification configuration', () => {
  it('starts with every alert channel off by default', () => {
    const config = loadNotificationConfig(base);
    expect(config).toMatchObject({ NOTIFICATION_QUEUE_UPDATE_SECONDS: 75, NOTIFICATION_POLL_MS: 1000, NOTIFICATION_ALERT_TIMEOUT_MS: 5000 });
    expect(config.NOTIFICATION_SLACK_WEBHOOK_URL ?? config.NOTIFICATION_SMTP_URL ?? config.NOTIFICATION_WEBHOOK_URL).toBeUndefined();
  });

  it('refuses a webhook without its signing secret, and malformed endpoints, naming each variable', () => {
    expect(problemsOf({ NOTIFICATION_WEBHOOK_URL: 'https://hooks.example.com/handoff' })).toEqual([
      'NOTIFICATION_WEBHOOK_SECRET: required when NOTIFICATION_WEBHOOK_URL is set (deliveries are signed)',
    ]);
    const problems = problemsOf({ NOTIFICATION_SMTP_URL: 'mail.example.com:25', NOTIFICATION_SLACK_WEBHOOK_URL: 'hooks.slack.com/x', NOTIFICATION_WEBHOOK_SECRET: 'short' });
    expect(problems).toEqual([
      expect.stringMatching(/^NOTIFICATION_SLACK_WEBHOOK_URL: expected an http\(s\) URL/),
      expect.stringMatching(/^NOTIFICATION_SMTP_URL: expected smtp:\/\//),
      expect.stringMatching(/^NOTIFICATION_WEBHOOK_SECRET: expected a secret of at least 16 characters/),
    ]);
  });
});
