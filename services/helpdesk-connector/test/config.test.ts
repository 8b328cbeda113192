import { ConfigError } from '@handoff/config';
import { loadConnectorConfig } from '../src/config';

const base = { KAFKA_BROKERS: '127.0.0.1:9092', MONGO_URL: 'mongodb://127.0.0.1:27017/' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConnectorConfig({ ...base, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('connector configuration', () => {
  it('loads enabled targets with defaults and parsed field maps', () => {
    const config = loadConnectorConfig({
      ...base,
      CONNECTOR_TARGETS: 'zendesk, webhook',
      ZENDESK_BASE_URL: 'https://acme.zendesk.com',
      ZENDESK_EMAIL: 'bot@acme.com',
      ZENDESK_API_TOKEN: 't0k',
      ZENDESK_FIELD_IDS: '{"category": 360001, "handoff_id": "360002"}',
      WEBHOOK_URL: 'https://inbox.acme.com/handoff',
      WEBHOOK_SECRET: 'whsec_0123456789abcdef',
    });
    expect(config.targets).toEqual(['zendesk', 'webhook']);
    expect(config.ZENDESK_FIELD_IDS).toEqual({ category: 360001, handoff_id: 360002 });
    expect(config.MONGO_DATABASE).toBe('handoff_helpdesk-connector');
    expect(config.httpRetry).toEqual({ attempts: 4, initialDelayMs: 500, maxDelayMs: 10_000, maxRetryAfterMs: 30_000 });
    expect(config.CONNECTOR_HTTP_TIMEOUT_MS).toBe(10_000);
  });

  it('names every variable a listed target is missing', () => {
    expect(problemsOf({ CONNECTOR_TARGETS: 'zendesk,intercom', ZENDESK_BASE_URL: 'https://acme.zendesk.com' })).toEqual([
      'ZENDESK_EMAIL: required because CONNECTOR_TARGETS includes zendesk',
      'ZENDESK_API_TOKEN: required because CONNECTOR_TARGETS includes zendesk',
      'INTERCOM_TOKEN: required because CONNECTOR_TARGETS includes intercom',
      'INTERCOM_ADMIN_ID: required because CONNECTOR_TARGETS includes intercom',
    ]);
    expect(problemsOf({ CONNECTOR_TARGETS: 'freshdesk' })).toEqual([
      'FRESHDESK_BASE_URL: required because CONNECTOR_TARGETS includes freshdesk',
      'FRESHDESK_API_KEY: required because CONNECTOR_TARGETS includes freshdesk',
    ]);
  });

  it('rejects unknown targets, bad URLs, short secrets and bad field maps, naming the variable', () => {
    expect(problemsOf({})).toEqual(['CONNECTOR_TARGETS: required but not set']);
    // Schema problems and missing target variables are reported together.
    expect(problemsOf({ CONNECTOR_TARGETS: 'webhook', CONNECTOR_HTTP_TIMEOUT_MS: 'soon' })).toEqual([
      'CONNECTOR_HTTP_TIMEOUT_MS: expected a whole number (got "soon")',
      'WEBHOOK_URL: required because CONNECTOR_TARGETS includes webhook',
      'WEBHOOK_SECRET: required because CONNECTOR_TARGETS includes webhook',
    ]);
    expect(problemsOf({ CONNECTOR_TARGETS: 'zendesk,jira' })[0]).toMatch(/^CONNECTOR_TARGETS\.1: /);
    const problems = problemsOf({
      CONNECTOR_TARGETS: 'webhook',
      WEBHOOK_URL: 'ftp://x',
      WEBHOOK_SECRET: 'short',
      ZENDESK_FIELD_IDS: '{"colour": 1}',
      FRESHDESK_FIELD_NAMES: '{"category": "category"}',
      INTERCOM_ATTRIBUTE_NAMES: 'not json',
    });
    expect(problems).toHaveLength(5);
    expect(problems).toEqual(expect.arrayContaining([
      'WEBHOOK_URL: expected an http(s) URL (got "ftp://x")',
      // The secret itself is never echoed.
      'WEBHOOK_SECRET: expected a secret of at least 16 characters',
      expect.stringMatching(/^ZENDESK_FIELD_IDS: unknown field "colour" \(known: handoff_id, /),
      expect.stringMatching(/^FRESHDESK_FIELD_NAMES: "category": expected Freshdesk custom field names/),
      expect.stringMatching(/^INTERCOM_ATTRIBUTE_NAMES: expected a JSON object/),
    ]));
  });
});
