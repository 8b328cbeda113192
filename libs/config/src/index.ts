// Environment configuration validated at start-up: a missing or wrong variable stops the service with a message naming it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export { z };

/** Configuration an operator must fix: the service refuses to start and says exactly what is wrong. */
export class ConfigError extends Error {
  constructor(
    readonly problems: string[],
    heading = 'Invalid configuration',
  ) {
    super(`${heading}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Parses the environment against a schema; throws ConfigError listing every bad variable. */
export function loadConfig<Shape extends z.ZodRawShape>(shape: Shape, env: Env = process.env): z.infer<z.ZodObject<Shape>> {
  const result = z.object(shape).safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.');
    const received = env[name];
    if (received === undefined) return `${name}: required but not set`;
    return `${name}: ${issue.message} (got ${JSON.stringify(received)})`;
  });
  throw new ConfigError(problems);
}

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const env = {
  flag,
  port: z.coerce.number({ message: 'expected a port number' }).int().min(0).max(65535),
  positiveInt: z.coerce.number({ message: 'expected a whole number' }).int().positive(),
  nonNegativeInt: z.coerce.number({ message: 'expected a whole number' }).int().min(0, 'expected 0 or more'),
  list: z
    .string()
    .min(1, 'expected a comma-separated list')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean)),
  mongoUrl: z.string().regex(/^mongodb(\+srv)?:\/\/.+/, 'expected a MongoDB connection string (mongodb://host:port/)'),
};

/** Variables every service reads: Kafka, MongoDB, ports and shutdown budget. */
export const platformEnv = {
  KAFKA_BROKERS: env.list,
  KAFKA_CLIENT_ID: z.string().optional(),
  KAFKA_TOPIC_PREFIX: z.string().regex(/^[a-zA-Z0-9._-]*$/, 'expected letters, digits, dots, dashes or underscores').default(''),
  KAFKA_CREATE_TOPICS: flag.default(true),
  KAFKA_TOPIC_PARTITIONS: env.positiveInt.default(3),
  KAFKA_REPLICATION_FACTOR: env.positiveInt.default(1),
  /** With KAFKA_CREATE_TOPICS=false: how long start-up waits for the topics to exist before failing and naming them. */
  KAFKA_TOPICS_WAIT_MS: env.positiveInt.default(60_000),
  /**
   * Conversations whose events are handled at once within one partition, by the consumers whose work is independent
   * per conversation (detection; context's transcripts). A conversation's own events always go one at a time, in order.
   */
  KAFKA_KEY_CONCURRENCY: env.positiveInt.default(4),
  /** TLS to the brokers; KAFKA_SSL_CA_FILE adds a CA bundle (PEM) to the system's trusted ones. */
  KAFKA_SSL: flag.default(false),
  KAFKA_SSL_CA_FILE: z.string().min(1).optional(),
  /** SASL authentication; username and password are then required. */
  KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512'], { message: 'expected plain, scram-sha-256 or scram-sha-512' }).optional(),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  MONGO_URL: env.mongoUrl,
  /** Log every MongoDB command slower than this many ms (its name, collection and filter fields; never values). */
  MONGO_SLOW_COMMAND_MS: env.positiveInt.optional(),
  HTTP_PORT: env.port.default(8080),
  GRPC_PORT: env.port.default(50051),
  SHUTDOWN_TIMEOUT_MS: env.positiveInt.default(20000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};

export type PlatformConfig = z.infer<z.ZodObject<typeof platformEnv>>;

/** How to reach Kafka, in terms the messaging library takes. */
export interface KafkaConnection {
  brokers: string[];
  ssl?: true | { ca: string[] };
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
}

type KafkaSettings = Pick<PlatformConfig, 'KAFKA_BROKERS' | 'KAFKA_SSL' | 'KAFKA_SSL_CA_FILE' | 'KAFKA_SASL_MECHANISM' | 'KAFKA_SASL_USERNAME' | 'KAFKA_SASL_PASSWORD'>;

/** The Kafka connection from the platform variables; ConfigError naming the variable when they do not fit together. */
export function kafkaConnectionOf(config: KafkaSettings): KafkaConnection {
  const problems: string[] = [];
  let ca: string | undefined;
  if (config.KAFKA_SSL_CA_FILE) {
    if (!config.KAFKA_SSL) problems.push('KAFKA_SSL_CA_FILE: set KAFKA_SSL=true too (a CA file is only used for TLS)');
    try {
      ca = readFileSync(config.KAFKA_SSL_CA_FILE, 'utf8');
    } catch (error) {
      problems.push(`KAFKA_SSL_CA_FILE: cannot read ${config.KAFKA_SSL_CA_FILE} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }
  if (config.KAFKA_SASL_MECHANISM) {
    if (!config.KAFKA_SASL_USERNAME) problems.push(`KAFKA_SASL_USERNAME: required when KAFKA_SASL_MECHANISM is ${config.KAFKA_SASL_MECHANISM}`);
    if (!config.KAFKA_SASL_PASSWORD) problems.push(`KAFKA_SASL_PASSWORD: required when KAFKA_SASL_MECHANISM is ${config.KAFKA_SASL_MECHANISM}`);
  } else if (config.KAFKA_SASL_USERNAME || config.KAFKA_SASL_PASSWORD) {
    problems.push('KAFKA_SASL_MECHANISM: required when KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD is set (plain, scram-sha-256 or scram-sha-512)');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    brokers: config.KAFKA_BROKERS,
    ...(config.KAFKA_SSL ? { ssl: ca ? { ca: [ca] } : (true as const) } : {}),
    ...(config.KAFKA_SASL_MECHANISM ? { sasl: { mechanism: config.KAFKA_SASL_MECHANISM, username: config.KAFKA_SASL_USERNAME!, password: config.KAFKA_SASL_PASSWORD! } } : {}),
  };
}

/** The service's own MongoDB database, named handoff_<service> unless MONGO_DATABASE says otherwise. */
export const databaseEnv = (service: string) => ({
  MONGO_DATABASE: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/, 'expected a database name (letters, digits, _ or -)')
    .default(`handoff_${service}`),
});

import { validateYaml } from './yaml-document';

export { validateYaml };

/** A policy file that does not validate: start-up stops naming the file and every problem (path, line, expectation). */
export class PolicyError extends ConfigError {
  constructor(
    /** Whose policy: "detection", "routing", "notification". */
    readonly kind: string,
    readonly source: string,
    problems: string[],
  ) {
    super(problems, `Invalid ${kind} policy ${source}`);
    this.name = 'PolicyError';
  }
}

/** Policy YAML validated against its schema, or PolicyError naming the path and line of each problem. */
export function parsePolicyYaml<S extends z.ZodType>(kind: string, text: string, source: string, schema: S): z.infer<S> {
  const result = validateYaml(text, schema);
  if ('problems' in result) throw new PolicyError(kind, source, result.problems);
  return result.value;
}

/** The text of a policy file (mounted from a ConfigMap in Kubernetes), or PolicyError when it cannot be read. */
export function readPolicyFile(kind: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new PolicyError(kind, file, [`cannot read the file: ${(error as Error).message}`]);
  }
}

/**
 * A file shipped with a service (its default policy, its models): next to the bundle (dist/services/<name>/…) when
 * built, or in the source tree (services/<name>/…) when run from source. `dir` is the caller's __dirname.
 */
export function shippedFile(dir: string, ...relative: string[]): string {
  const candidates = [path.join(dir, ...relative), path.resolve(dir, '..', ...relative), path.resolve(dir, '..', '..', ...relative)];
  return candidates.find((c) => existsSync(c)) ?? candidates[candidates.length - 1]!;
}
