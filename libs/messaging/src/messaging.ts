// Kafka access for a service: one client, an idempotent publisher, consumer runners, topic provisioning and a health check.
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, metrics, propagation, trace, type Attributes, type Span } from '@opentelemetry/api';
import { isPermanent, describeError } from '@handoff/errors';
import type { Logger } from '@handoff/logging';
import { Kafka, Partitioners, logLevel, type Admin, type Consumer, type EachBatchPayload, type KafkaMessage, type Message, type Producer, type SASLOptions } from 'kafkajs';
import {
  MalformedEventError,
  deadLetterHeaders,
  decodeValue,
  encodeEvent,
  headersToStrings,
  metaOf,
  type EncodeOptions,
  type EventMeta,
  type FailureKind,
} from './envelope';
import { DEFAULT_RETRY, backoffDelay, type RetryPolicy } from './retry';
import { ALL_TOPICS, dlqNameOf, type TopicDefinition } from './topics';

export interface MessagingOptions {
  brokers: string[];
  /** TLS to the brokers: true for the system's CAs, or extra CA certificates (PEM). */
  ssl?: true | { ca: string[] };
  /** SASL authentication. */
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
  /** Identifies this service in Kafka and as the CloudEvents source. */
  clientId: string;
  /** Prepended to every topic name: isolates environments (and test runs) sharing a cluster. */
  topicPrefix?: string;
  logger: Logger;
}

export type EventHandler<T> = (event: T, meta: EventMeta) => Promise<void>;

/** One of several messages of a key handed to a handler together. */
export interface GroupedEvent<T> {
  event: T;
  meta: EventMeta;
  /** Runs `work` inside this message's own span, so that what it publishes continues this message's trace. */
  inTrace<R>(work: () => Promise<R>): Promise<R>;
}

/**
 * Handles consecutive messages of one key at once, in offset order (for example to save a conversation's state once
 * for all of them). It must have the same effect as the single handler called for each in turn, and be idempotent.
 * If it throws, each message is handled again on its own by the single handler, with its retries and DLQ.
 */
export type GroupHandler<T> = (events: GroupedEvent<T>[]) => Promise<void>;

export interface ConsumerOptions {
  groupId: string;
  retry?: RetryPolicy;
  /** Partitions processed in parallel; order within a partition is always kept. */
  concurrency?: number;
  /**
   * Messages with different keys handled at once within a partition (default 1: one message at a time). Messages with
   * the same key are always handled one after another, in offset order. Set it where the handler is independent per
   * key (all of a conversation's events share its id as key) and waits on I/O, so that one partition is not limited
   * to one database round trip at a time. A partition's offset moves only past messages whose handling has finished.
   */
  keyConcurrency?: number;
  /** Where a new consumer group starts: the whole history (default) or only new messages. */
  fromBeginning?: boolean;
}

export interface TopicProvisioning {
  partitions: number;
  replicationFactor: number;
}

const deadLettered = metrics.getMeter('handoff.messaging').createCounter('handoff.messaging.dead_lettered', {
  description: 'Messages moved to a DLQ, by topic and failure kind',
});

/** kafkajs reports a batch of topic creations as one error; it is harmless when every part says "already exists". */
function onlyAlreadyExists(error: unknown): boolean {
  const parts = (error as { errors?: Array<{ type?: string; message?: string }> }).errors;
  if (Array.isArray(parts) && parts.length > 0) return parts.every((e) => e.type === 'TOPIC_ALREADY_EXISTS' || /already exists/i.test(e.message ?? ''));
  return /already exists/i.test(describeError(error));
}

const tracer = trace.getTracer('handoff.messaging');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function toKafkaLogger(logger: Logger) {
  return () =>
    ({ level, log }: { level: logLevel; log: { message: string; [key: string]: unknown } }) => {
      const { message, timestamp: _t, logger: _l, ...rest } = log;
      const method = level === logLevel.ERROR ? 'error' : level === logLevel.WARN ? 'warn' : 'debug';
      logger[method]({ component: 'kafka', ...rest }, message);
    };
}

export class Messaging {
  private readonly kafka: Kafka;
  private readonly prefix: string;
  private eventPublisher: Promise<EventPublisher> | undefined;
  private admin: Admin | undefined;
  private readonly consumers: EventConsumer[] = [];

  constructor(private readonly options: MessagingOptions) {
    this.prefix = options.topicPrefix ?? '';
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      ...(options.ssl ? { ssl: options.ssl } : {}),
      ...(options.sasl ? { sasl: options.sasl as SASLOptions } : {}),
      connectionTimeout: 3000,
      requestTimeout: 30000,
      retry: { initialRetryTime: 200, retries: 8 },
      logLevel: logLevel.WARN,
      logCreator: toKafkaLogger(options.logger),
    });
  }

  /** The name of a topic (or consumer group) in this deployment: the prefix keeps environments apart. */
  topicName(topic: TopicDefinition<unknown> | string): string {
    return this.prefix + (typeof topic === 'string' ? topic : topic.name);
  }

  /** The service's one publisher (all its publishes share one queue, so that they batch). */
  publisher(): Promise<EventPublisher> {
    this.eventPublisher ??= EventPublisher.connect(() => this.newProducer(), this, this.options.clientId).catch((error: unknown) => {
      this.eventPublisher = undefined;
      throw error;
    });
    return this.eventPublisher;
  }

  private async newProducer(): Promise<Producer> {
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      // An idempotent producer must not give up on a send (a later retry could reorder or duplicate): while Kafka
      // is away the handler waits, its partition waits, and readiness reports Kafka down.
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 200, maxRetryTime: 30000 },
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    return producer;
  }

  consumer(options: ConsumerOptions): EventConsumer {
    const consumer = new EventConsumer(this.kafka, this, options, this.options.logger);
    this.consumers.push(consumer);
    return consumer;
  }

  /** Creates every registered topic and its DLQ that does not exist yet. Safe to run from many replicas at once. */
  async ensureTopics(provisioning: TopicProvisioning, topics: readonly TopicDefinition<unknown>[] = ALL_TOPICS, readyTimeoutMs = 30_000): Promise<void> {
    const admin = await this.connectedAdmin();
    const existing = new Set(await admin.listTopics());
    const missing = this.namesWithDlqs(topics).filter((name) => !existing.has(name));
    if (missing.length > 0) {
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({ topic, numPartitions: provisioning.partitions, replicationFactor: provisioning.replicationFactor })),
        });
        this.options.logger.info({ topics: missing }, 'created topics');
      } catch (error) {
        // Another replica or service created some of them first ("already exists"), or the broker is still making
        // leaders for topics someone else just created (a retriable metadata error while waiting for leaders):
        // either way the wait below decides.
        if (!onlyAlreadyExists(error) && !(error as { retriable?: boolean }).retriable) throw error;
      }
    }
    // Topics someone else just created may not have partition leaders yet; producing or consuming before they do
    // fails ("This server does not host this topic-partition"), so start-up waits for them.
    await this.awaitTopics(topics, readyTimeoutMs);
  }

  /**
   * Waits until every one of `topics` and its DLQ exists with partition leaders. A service that does not create its
   * topics calls this at start, so that a missing topic (the topic job did not run, a different KAFKA_TOPIC_PREFIX)
   * fails start-up naming it, instead of every publish to it being retried for ever.
   */
  async awaitTopics(topics: readonly TopicDefinition<unknown>[] = ALL_TOPICS, timeoutMs = 30_000): Promise<void> {
    const admin = await this.connectedAdmin();
    const names = this.namesWithDlqs(topics);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const existing = new Set(await admin.listTopics());
      const missing = names.filter((name) => !existing.has(name));
      const ready =
        missing.length === 0 &&
        (await admin
          .fetchTopicMetadata({ topics: names })
          .then(({ topics: metadata }) => metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0 && p.partitionErrorCode === 0)))
          .catch(() => false));
      if (ready) return;
      if (Date.now() > deadline) {
        if (missing.length > 0)
          throw new Error(
            `Kafka topics missing after ${timeoutMs} ms: ${missing.join(', ')}. Create them (the Helm chart's topic job, or any service started with KAFKA_CREATE_TOPICS=true) or check KAFKA_TOPIC_PREFIX`,
          );
        throw new Error(`Kafka topics have no partition leaders after ${timeoutMs} ms: ${names.join(', ')}`);
      }
      await sleep(200);
    }
  }

  private namesWithDlqs(topics: readonly TopicDefinition<unknown>[]): string[] {
    return topics.flatMap((t) => [this.topicName(t), dlqNameOf(this.topicName(t))]);
  }

  /** Throws when the cluster does not answer within the timeout; used by readiness. */
  async checkHealth(timeoutMs = 2000): Promise<void> {
    const admin = await this.connectedAdmin();
    await Promise.race([
      admin.describeCluster(),
      sleep(timeoutMs).then(() => {
        throw new Error(`Kafka did not answer within ${timeoutMs} ms`);
      }),
    ]);
    for (const consumer of this.consumers) consumer.assertRunning();
  }

  /** Stops every consumer (finishing and committing in-flight messages). */
  async stopConsumers(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
  }

  /** Disconnects the producer and admin; call after the consumers have stopped. */
  async disconnect(): Promise<void> {
    const publisher = this.eventPublisher;
    this.eventPublisher = undefined;
    await publisher?.then((p) => p.disconnect(), () => undefined);
    await this.admin?.disconnect();
    this.admin = undefined;
  }

  private async connectedAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }
}

/** A message waiting for the publisher's next request, and the caller waiting for its acknowledgement. */
interface QueuedSend {
  topic: string;
  message: Message;
  bytes: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Upper bounds of one produce request. The broker refuses a record batch over its message.max.bytes (1 MiB by default)
 * per partition; staying under half of that in all leaves room for the protocol's overhead.
 */
export const PUBLISH_BATCH_LIMITS = { messages: 500, bytes: 512 * 1024 };

/**
 * Publishes with natural batching: while one produce request is on its way (the idempotent producer allows one at a
 * time, to keep order), every publish made meanwhile waits in a queue, and the next request carries all of them. A
 * lone publish goes at once; under load one round trip serves many handlers. Order is kept: the queue is sent in the
 * order publishes were made. Each publish resolves when its own message is acknowledged by every in-sync replica.
 *
 * Each message gets its own producer span, a child of the caller's active span, and that span's trace context in its
 * `traceparent` header, so the consumer continues the caller's trace whichever request carried the message.
 */
export class EventPublisher {
  private readonly queue: QueuedSend[] = [];
  private sending = false;

  private constructor(
    private producer: Producer,
    private readonly newProducer: () => Promise<Producer>,
    private readonly messaging: Messaging,
    private readonly source: string,
  ) {}

  static async connect(newProducer: () => Promise<Producer>, messaging: Messaging, source: string): Promise<EventPublisher> {
    return new EventPublisher(await newProducer(), newProducer, messaging, source);
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }

  /** Publishes one event and waits until every in-sync replica has it. */
  async publish<T>(topic: TopicDefinition<T>, message: T, options: EncodeOptions = {}): Promise<void> {
    const encoded = encodeEvent(topic, message, this.source, options);
    await this.publishRaw(this.messaging.topicName(topic), encoded.key, encoded.value, encoded.headers);
  }

  /** Publishes raw bytes as they are: used for dead letters and by tests that need malformed input. */
  publishRaw(topicName: string, key: string | null, value: Buffer | null, headers: Record<string, string>): Promise<void> {
    const attributes = { 'messaging.system': 'kafka', 'messaging.operation.type': 'send', 'messaging.destination.name': topicName, ...(headers['ce_id'] ? { 'messaging.message.id': headers['ce_id'] } : {}) };
    // The caller's active span is the parent; without one, a trace context the caller put in the headers (a chat
    // system's own traceparent, say) is.
    const active = context.active();
    const parent = trace.getSpan(active) ? active : propagation.extract(active, headers);
    return tracer.startActiveSpan(`send ${topicName}`, { kind: SpanKind.PRODUCER, attributes }, parent, async (span) => {
      const carrier: Record<string, string> = { ...headers };
      propagation.inject(context.active(), carrier);
      try {
        await this.enqueue(topicName, { key, value, headers: carrier });
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: describeError(error) });
        throw error;
      } finally {
        span.end();
      }
    });
  }

  private enqueue(topic: string, message: Message): Promise<void> {
    return new Promise((resolve, reject) => {
      const bytes = (message.value?.length ?? 0) + Buffer.byteLength(message.key ?? '') + Object.entries(message.headers ?? {}).reduce((n, [k, v]) => n + k.length + String(v).length, 0);
      this.queue.push({ topic, message, bytes, resolve, reject });
      if (!this.sending) void this.sendQueued();
    });
  }

  private async sendQueued(): Promise<void> {
    this.sending = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.takeBatch();
        try {
          await this.send(batch);
          for (const queued of batch) queued.resolve();
        } catch (error) {
          if (batch.length === 1) batch[0]!.reject(error);
          else await this.sendOneByOne(batch);
        }
      }
    } finally {
      this.sending = false;
    }
  }

  /**
   * After a request failed, each of its messages is sent on its own, so that one bad message (too large for the broker,
   * a topic this service may not write) fails alone. Kafka accepts or refuses each partition of a request on its own,
   * and kafkajs then no longer knows the idempotent producer's sequence numbers for the partitions that were accepted
   * (every later send to them would fail as out of order); so a new producer, with a new producer id, sends them. A
   * message the broker had already accepted is then stored twice: consumption is at-least-once, and every consumer
   * ignores an event id it has handled.
   */
  private async sendOneByOne(batch: QueuedSend[]): Promise<void> {
    try {
      const old = this.producer;
      this.producer = await this.newProducer();
      await old.disconnect().catch(() => undefined);
    } catch (error) {
      for (const queued of batch) queued.reject(error);
      return;
    }
    for (const queued of batch) await this.send([queued]).then(queued.resolve, queued.reject);
  }

  private takeBatch(): QueuedSend[] {
    let count = 1;
    let bytes = this.queue[0]!.bytes;
    while (count < this.queue.length && count < PUBLISH_BATCH_LIMITS.messages && bytes + this.queue[count]!.bytes <= PUBLISH_BATCH_LIMITS.bytes) bytes += this.queue[count++]!.bytes;
    return this.queue.splice(0, count);
  }

  private async send(batch: QueuedSend[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    for (const { topic, message } of batch) byTopic.set(topic, [...(byTopic.get(topic) ?? []), message]);
    await this.producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
  }
}

/** A message as it sits in Kafka, for consumers of topics whose values may not decode (DLQs). */
export interface RawMessage {
  key: string | null;
  value: Buffer | null;
  meta: EventMeta;
}

type Subscription =
  | { raw: false; topic: TopicDefinition<unknown>; handler: EventHandler<unknown>; together?: GroupHandler<unknown> }
  | { raw: true; handler: (message: RawMessage) => Promise<void> };

/** A subscription with a group handler. */
type GroupingSubscription = Extract<Subscription, { raw: false }> & { together: GroupHandler<unknown> };

const isGrouping = (subscription: Subscription | undefined): subscription is GroupingSubscription => !!subscription && !subscription.raw && !!subscription.together;

export class EventConsumer {
  private consumer: Consumer | undefined;
  private readonly subscriptions = new Map<string, Subscription>();
  private crashed: string | undefined;
  private publisher: EventPublisher | undefined;
  private readonly retry: RetryPolicy;
  private readonly groupName: string;

  constructor(
    private readonly kafka: Kafka,
    private readonly messaging: Messaging,
    private readonly options: ConsumerOptions,
    private readonly logger: Logger,
  ) {
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.groupName = messaging.topicName(options.groupId);
  }

  /**
   * `together`: with `keyConcurrency` above 1, a fetched batch's messages of one key (two or more) go to it at once
   * instead of one by one to `handler`; `handler` stays the fallback (see GroupHandler).
   */
  on<T>(topic: TopicDefinition<T>, handler: EventHandler<T>, together?: GroupHandler<T>): this {
    this.subscriptions.set(this.messaging.topicName(topic), {
      raw: false,
      topic: topic as TopicDefinition<unknown>,
      handler: handler as EventHandler<unknown>,
      ...(together ? { together: together as GroupHandler<unknown> } : {}),
    });
    return this;
  }

  /** Subscribes to a topic by its full name and receives undecoded messages; failures are retried, never dead-lettered. */
  onRaw(topicName: string, handler: (message: RawMessage) => Promise<void>): this {
    this.subscriptions.set(topicName, { raw: true, handler });
    return this;
  }

  async start(): Promise<void> {
    this.publisher = await this.messaging.publisher();
    const consumer = this.kafka.consumer({
      groupId: this.groupName,
      sessionTimeout: 30000,
      heartbeatInterval: 3000,
      allowAutoTopicCreation: false,
    });
    consumer.on(consumer.events.CRASH, (event) => {
      this.crashed = describeError(event.payload.error);
      this.logger.error({ err: event.payload.error, restart: event.payload.restart }, 'consumer crashed');
      if (event.payload.restart) this.crashed = undefined;
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.subscriptions.keys()], fromBeginning: this.options.fromBeginning ?? true });
    const partitionsConsumedConcurrently = this.options.concurrency ?? 3;
    const keyConcurrency = this.options.keyConcurrency ?? 1;
    if (keyConcurrency > 1) {
      await consumer.run({ partitionsConsumedConcurrently, eachBatchAutoResolve: false, eachBatch: (payload) => this.processBatch(payload, keyConcurrency) });
    } else {
      await consumer.run({
        partitionsConsumedConcurrently,
        eachMessage: async ({ topic, partition, message, heartbeat }) => this.processInTrace(topic, partition, message, heartbeat),
      });
    }
    this.consumer = consumer;
  }

  assertRunning(): void {
    if (this.crashed) throw new Error(`consumer ${this.groupName} stopped: ${this.crashed}`);
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.disconnect();
  }

  /**
   * One fetched batch of a partition: a chain of messages per key, up to `keyConcurrency` chains at once. The offset is
   * resolved up to the last message before which everything has been handled, as handling finishes; a rebalance or
   * stop lets the chains finish the message in hand and start no other (the next owner gets the rest).
   */
  private async processBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload, keyConcurrency: number): Promise<void> {
    const chains = new Map<string, KafkaMessage[]>();
    for (const message of batch.messages) {
      const key = message.key?.toString('latin1') ?? '';
      const chain = chains.get(key);
      if (chain) chain.push(message);
      else chains.set(key, [message]);
    }
    const finished = new Set<string>();
    let next = 0; // index in batch.messages of the first message not yet known to be finished
    const markFinished = async (offset: string): Promise<void> => {
      finished.add(offset);
      const before = next;
      while (next < batch.messages.length && finished.has(batch.messages[next]!.offset)) next++;
      if (next > before) {
        resolveOffset(batch.messages[next - 1]!.offset);
        await heartbeat();
      }
    };
    const pending = [...chains.values()];
    const subscription = this.subscriptions.get(batch.topic);
    const grouping = isGrouping(subscription) ? subscription : undefined;
    let failed = false; // a message could be neither handled nor dead-lettered, or the heartbeat failed: start no more
    const worker = async (): Promise<void> => {
      for (let chain = pending.shift(); chain; chain = pending.shift()) {
        let oneByOne = chain;
        if (grouping && chain.length > 1) {
          if (failed || !isRunning() || isStale()) return;
          try {
            oneByOne = await this.processTogether(batch.topic, batch.partition, chain, grouping);
            for (const message of chain) if (!oneByOne.includes(message)) await markFinished(message.offset);
          } catch (error) {
            failed = true;
            throw error;
          }
        }
        for (const message of oneByOne) {
          if (failed || !isRunning() || isStale()) return;
          try {
            await this.processInTrace(batch.topic, batch.partition, message, heartbeat);
            await markFinished(message.offset);
          } catch (error) {
            failed = true;
            throw error;
          }
        }
      }
    };
    const outcomes = await Promise.allSettled(Array.from({ length: Math.min(keyConcurrency, pending.length) }, worker));
    const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failure) throw failure.reason;
  }

  /**
   * Hands a key's messages to the group handler, each in its own span. Messages that do not decode are dead-lettered
   * first. Returns the messages left to handle one by one: none, or, when the group handler failed, all it was given.
   */
  private async processTogether(topicName: string, partition: number, chain: KafkaMessage[], subscription: GroupingSubscription): Promise<KafkaMessage[]> {
    const grouped: Array<{ message: KafkaMessage; item: GroupedEvent<unknown>; span: Span }> = [];
    for (const message of chain) {
      const headers = headersToStrings(message.headers as Record<string, unknown>);
      const meta = metaOf(topicName, partition, message.offset, message.key, headers, message.timestamp);
      const parent = propagation.extract(ROOT_CONTEXT, headers);
      const span = tracer.startSpan(`process ${topicName}`, { kind: SpanKind.CONSUMER, attributes: this.spanAttributes(topicName, partition, message, meta) }, parent);
      const inSpan = trace.setSpan(parent, span);
      try {
        const event = decodeValue(subscription.topic, message.value, headers);
        grouped.push({ message, span, item: { event, meta, inTrace: (work) => context.with(inSpan, work) } });
      } catch (error) {
        await context.with(inSpan, () => this.deadLetter(meta, message, 'malformed', error, 1)).finally(() => span.end());
      }
    }
    if (grouped.length === 0) return [];
    try {
      await subscription.together(grouped.map((g) => g.item));
      return [];
    } catch (error) {
      for (const { span } of grouped) span.setStatus({ code: SpanStatusCode.ERROR, message: describeError(error) });
      this.logger.warn({ topic: topicName, partition, offsets: grouped.map((g) => g.message.offset), err: describeError(error) }, 'handling messages together failed; handling them one by one');
      return grouped.map((g) => g.message);
    } finally {
      for (const { span } of grouped) span.end();
    }
  }

  private spanAttributes(topicName: string, partition: number, message: KafkaMessage, meta?: EventMeta): Attributes {
    return {
      'messaging.system': 'kafka',
      'messaging.destination.name': topicName,
      'messaging.destination.partition.id': String(partition),
      'messaging.kafka.offset': message.offset,
      'messaging.consumer.group.name': this.groupName,
      ...(meta ? { 'messaging.message.id': meta.id, 'cloudevents.event_type': meta.type } : {}),
    };
  }

  /** `process` inside a span whose parent is the trace context the message carries (its `traceparent` header). */
  private processInTrace(topicName: string, partition: number, message: KafkaMessage, heartbeat: () => Promise<void>): Promise<void> {
    const headers = headersToStrings(message.headers as Record<string, unknown>);
    const parent = propagation.extract(ROOT_CONTEXT, headers);
    return tracer.startActiveSpan(`process ${topicName}`, { kind: SpanKind.CONSUMER, attributes: this.spanAttributes(topicName, partition, message) }, parent, async (span) => {
      try {
        await this.process(topicName, partition, message, heartbeat, headers);
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: describeError(error) });
        throw error;
      } finally {
        span.end();
      }
    });
  }

  /** `headers`: the message's headers as strings. */
  private async process(topicName: string, partition: number, message: KafkaMessage, heartbeat: () => Promise<void>, headers: Record<string, string>): Promise<void> {
    const subscription = this.subscriptions.get(topicName);
    if (!subscription) return;
    const meta = metaOf(topicName, partition, message.offset, message.key, headers, message.timestamp);
    trace.getActiveSpan()?.setAttributes({ 'messaging.message.id': meta.id, 'cloudevents.event_type': meta.type });
    if (subscription.raw) {
      await subscription.handler({ key: message.key?.toString('utf8') ?? null, value: message.value, meta });
      return;
    }

    let event: unknown;
    try {
      event = decodeValue(subscription.topic, message.value, headers);
    } catch (error) {
      await this.deadLetter(meta, message, 'malformed', error, 1);
      return;
    }

    for (let attempt = 1; ; attempt++) {
      try {
        await subscription.handler(event, meta);
        return;
      } catch (error) {
        const kind: FailureKind = isPermanent(error) || error instanceof MalformedEventError ? 'rejected' : 'handler';
        if (kind === 'rejected' || attempt >= this.retry.attempts) {
          await this.deadLetter(meta, message, kind, error, attempt);
          return;
        }
        const delay = backoffDelay(this.retry, attempt);
        this.logger.warn({ topic: topicName, partition, offset: message.offset, attempt, delay, err: describeError(error) }, 'handler failed; retrying');
        await sleep(delay);
        await heartbeat();
      }
    }
  }

  /** Moves a message that cannot be processed to <topic>.dlq with the reason; if even that fails, the error propagates and Kafka redelivers. */
  private async deadLetter(meta: EventMeta, message: KafkaMessage, kind: FailureKind, error: unknown, attempts: number): Promise<void> {
    const reason = describeError(error);
    const headers = deadLetterHeaders(meta, { kind, error: reason, consumerGroup: this.groupName, attempts, failedAt: new Date() });
    await this.publisher!.publishRaw(dlqNameOf(meta.topic), message.key?.toString('utf8') ?? null, message.value, headers);
    deadLettered.add(1, { topic: meta.topic, kind });
    this.logger.error({ topic: meta.topic, partition: meta.partition, offset: meta.offset, kind, reason, attempts }, 'message sent to DLQ');
  }
}

