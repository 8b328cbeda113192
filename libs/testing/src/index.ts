// Helpers for integration and end-to-end tests against real Kafka and MongoDB.
import { randomBytes } from 'node:crypto';
import { createLogger, type Logger } from '@handoff/logging';
import { Messaging, type EventMeta, type RawMessage, type TopicDefinition } from '@handoff/messaging';

export { provideInfrastructure, REPO_ROOT, type Infrastructure } from './infrastructure';

/** A unique prefix for topics, databases and consumer groups, so runs never see each other's data. */
export function uniqueName(label: string): string {
  return `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}-${label}`;
}

export function testLogger(): Logger {
  return createLogger({ service: 'test', level: process.env.TEST_LOG_LEVEL ?? 'silent' });
}

export function infraEnv(): { kafkaBrokers: string[]; mongoUrl: string } {
  const { KAFKA_BROKERS, MONGO_URL } = process.env;
  if (!KAFKA_BROKERS || !MONGO_URL) throw new Error('KAFKA_BROKERS and MONGO_URL must be set (run through jest.infra.config.js)');
  return { kafkaBrokers: KAFKA_BROKERS.split(','), mongoUrl: MONGO_URL };
}

export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 30000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Recorded<T> {
  event: T;
  meta: EventMeta;
}

/** Records everything published on some topics, decoded, for assertions. */
export class TopicRecorder {
  private readonly records = new Map<string, Recorded<unknown>[]>();
  private readonly raw = new Map<string, RawMessage[]>();
  private readonly consumer;

  constructor(private readonly messaging: Messaging, groupId: string) {
    this.consumer = messaging.consumer({ groupId, retry: { attempts: 1, initialDelayMs: 1, maxDelayMs: 1 } });
  }

  record<T>(topic: TopicDefinition<T>): this {
    const name = this.messaging.topicName(topic);
    this.records.set(name, []);
    this.consumer.on(topic, async (event, meta) => {
      this.records.get(name)!.push({ event, meta });
    });
    return this;
  }

  recordRaw(topicName: string): this {
    this.raw.set(topicName, []);
    this.consumer.onRaw(topicName, async (message) => {
      this.raw.get(topicName)!.push(message);
    });
    return this;
  }

  start(): Promise<void> {
    return this.consumer.start();
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }

  of<T>(topic: TopicDefinition<T>): Recorded<T>[] {
    return (this.records.get(this.messaging.topicName(topic)) ?? []) as Recorded<T>[];
  }

  rawOf(topicName: string): RawMessage[] {
    return this.raw.get(topicName) ?? [];
  }
}
export { HandoffSystem, freePort, SERVICES, OPTIONAL_SERVICES, type AnyServiceName, type ServiceName, type ServicePorts, type SystemOptions } from './system';
export { OtlpCollector, type CollectedSpan } from './otlp-collector';
export { unary, routingClient, contextClient, detectionClient, analyticsClient } from './grpc-clients';
export { useTestDatabase } from './test-database';
