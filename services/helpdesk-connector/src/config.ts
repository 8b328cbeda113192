// The connector's environment: which targets are enabled and what each needs. Validated at start-up; a target listed
// in CONNECTOR_TARGETS without its variables stops the service naming every missing one.
import { ConfigError, databaseEnv, env, loadConfig, platformEnv, z } from '@handoff/config';
import { MAPPABLE_FIELDS, type MappableField } from './domain/fields';
import type { HttpRetryPolicy } from './domain/retry-policy';

export const SERVICE = 'helpdesk-connector';
export const TARGET_NAMES = ['zendesk', 'freshdesk', 'intercom', 'webhook'] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

const httpUrl = z.string().regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, 'expected an http(s) URL');

/** A JSON object; `value` validates each value, and keys must be connector field names when `fieldKeys` is set. */
function jsonMap<V extends z.ZodType>(value: V, what: string, fieldKeys: boolean) {
  return z.string().transform((text, ctx): Record<string, z.infer<V>> => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: `expected a JSON object of ${what}` });
      return z.NEVER;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      ctx.addIssue({ code: 'custom', message: `expected a JSON object of ${what}` });
      return z.NEVER;
    }
    const out: Record<string, z.infer<V>> = {};
    for (const [key, raw] of Object.entries(parsed)) {
      if (fieldKeys && !(MAPPABLE_FIELDS as readonly string[]).includes(key)) {
        ctx.addIssue({ code: 'custom', message: `unknown field "${key}" (known: ${MAPPABLE_FIELDS.join(', ')})` });
        continue;
      }
      const result = value.safeParse(raw);
      if (!result.success) ctx.addIssue({ code: 'custom', message: `"${key}": expected ${what}` });
      else out[key] = result.data as z.infer<V>;
    }
    return out;
  });
}

const numericId = z.union([z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number)]);
const targetList = env.list.pipe(z.array(z.enum(TARGET_NAMES, { message: `expected a comma-separated list of ${TARGET_NAMES.join(', ')}` })).min(1));

export const connectorEnv = {
  ...platformEnv,
  ...databaseEnv(SERVICE),
  CONNECTOR_TARGETS: targetList,
  CONNECTOR_HTTP_TIMEOUT_MS: env.positiveInt.default(10_000),
  CONNECTOR_HTTP_ATTEMPTS: env.positiveInt.default(4),
  CONNECTOR_HTTP_BACKOFF_MS: env.positiveInt.default(500),
  CONNECTOR_HTTP_MAX_BACKOFF_MS: env.positiveInt.default(10_000),
  CONNECTOR_HTTP_MAX_RETRY_AFTER_MS: env.positiveInt.default(30_000),
  CONNECTOR_CLAIM_LEASE_MS: env.positiveInt.default(120_000),
  CONNECTOR_RETENTION_HOURS: env.positiveInt.default(168),
  CONNECTOR_TICKET_RETENTION_DAYS: env.positiveInt.default(30),

  ZENDESK_BASE_URL: httpUrl.optional(),
  ZENDESK_EMAIL: z.string().min(3).optional(),
  ZENDESK_API_TOKEN: z.string().min(1).optional(),
  ZENDESK_FIELD_IDS: jsonMap(numericId, 'Zendesk ticket field ids (numbers) by field name', true).default({}),
  ZENDESK_AGENT_IDS: jsonMap(numericId, 'Zendesk user ids (numbers) by Handoff agent id', false).default({}),

  FRESHDESK_BASE_URL: httpUrl.optional(),
  FRESHDESK_API_KEY: z.string().min(1).optional(),
  FRESHDESK_FIELD_NAMES: jsonMap(z.string().regex(/^cf_\w+$/), 'Freshdesk custom field names (cf_...) by field name', true).default({}),
  FRESHDESK_AGENT_IDS: jsonMap(numericId, 'Freshdesk agent ids (numbers) by Handoff agent id', false).default({}),

  INTERCOM_BASE_URL: httpUrl.default('https://api.intercom.io'),
  INTERCOM_TOKEN: z.string().min(1).optional(),
  INTERCOM_ADMIN_ID: z.string().regex(/^\d+$/, 'expected an Intercom admin id (digits)').optional(),
  INTERCOM_VERSION: z.string().min(1).default('2.11'),
  INTERCOM_ATTRIBUTE_NAMES: jsonMap(z.string().min(1), 'conversation attribute names by field name', true).optional(),
  INTERCOM_ADMIN_IDS: jsonMap(z.union([z.string().regex(/^\d+$/), z.number().int().positive().transform(String)]), 'Intercom admin ids by Handoff agent id', false).default({}),

  WEBHOOK_URL: httpUrl.optional(),
  // Length is checked in loadConnectorConfig, whose message never echoes the value.
  WEBHOOK_SECRET: z.string().optional(),
};

type RawConfig = z.infer<z.ZodObject<typeof connectorEnv>>;

/** What each target cannot run without. */
export const REQUIRED_BY_TARGET: Record<TargetName, ReadonlyArray<keyof RawConfig>> = {
  zendesk: ['ZENDESK_BASE_URL', 'ZENDESK_EMAIL', 'ZENDESK_API_TOKEN'],
  freshdesk: ['FRESHDESK_BASE_URL', 'FRESHDESK_API_KEY'],
  intercom: ['INTERCOM_TOKEN', 'INTERCOM_ADMIN_ID'],
  webhook: ['WEBHOOK_URL', 'WEBHOOK_SECRET'],
};

export type ConnectorConfig = RawConfig & { targets: TargetName[]; httpRetry: HttpRetryPolicy };

export function loadConnectorConfig(environment: Record<string, string | undefined> = process.env): ConnectorConfig {
  const problems: string[] = [];
  let config: RawConfig | undefined;
  try {
    config = loadConfig(connectorEnv, environment);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  // Cross-variable checks on the raw environment, so one start-up names every problem at once.
  const listed = (environment.CONNECTOR_TARGETS ?? '').split(',').map((t) => t.trim());
  const targets = TARGET_NAMES.filter((t) => listed.includes(t));
  for (const target of targets) {
    for (const name of REQUIRED_BY_TARGET[target]) {
      if (!environment[name]) problems.push(`${name}: required because CONNECTOR_TARGETS includes ${target}`);
    }
  }
  const secret = environment.WEBHOOK_SECRET;
  if (secret !== undefined && secret.length < 16) problems.push('WEBHOOK_SECRET: expected a secret of at least 16 characters');
  if (problems.length > 0 || !config) throw new ConfigError(problems);
  return {
    ...config,
    targets: [...new Set(config.CONNECTOR_TARGETS)],
    httpRetry: {
      attempts: config.CONNECTOR_HTTP_ATTEMPTS,
      initialDelayMs: config.CONNECTOR_HTTP_BACKOFF_MS,
      maxDelayMs: config.CONNECTOR_HTTP_MAX_BACKOFF_MS,
      maxRetryAfterMs: config.CONNECTOR_HTTP_MAX_RETRY_AFTER_MS,
    },
  };
}

export type FieldIds = Partial<Record<MappableField, number>>;
