// CloudEvents Kafka binding (binary mode) over protobuf or proto3-JSON values: encoding, decoding and the DLQ headers.
import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import type { TopicDefinition } from './topics';

export const CONTENT_TYPE_PROTOBUF = 'application/protobuf';
export const CONTENT_TYPE_JSON = 'application/json';

export type Headers = Record<string, string>;

/** What a consumer knows about a message besides its payload. */
export interface EventMeta {
  topic: string;
  partition: number;
  offset: string;
  key: string;
  /** CloudEvents id; unique per event. */
  id: string;
  type: string;
  source: string;
  time: Date;
  headers: Headers;
}

export interface EncodedEvent {
  key: string;
  value: Buffer;
  headers: Headers;
}

export interface EncodeOptions {
  id?: string;
  time?: Date;
  key?: string;
  contentType?: typeof CONTENT_TYPE_PROTOBUF | typeof CONTENT_TYPE_JSON;
}

export function encodeEvent<T>(topic: TopicDefinition<T>, message: T, source: string, options: EncodeOptions = {}): EncodedEvent {
  const contentType = options.contentType ?? CONTENT_TYPE_PROTOBUF;
  const value =
    contentType === CONTENT_TYPE_JSON
      ? Buffer.from(JSON.stringify(topic.codec.toJSON(message)))
      : Buffer.from(topic.codec.encode(message).finish());
  return {
    key: options.key ?? topic.keyOf(message),
    value,
    headers: {
      ce_specversion: '1.0',
      ce_id: options.id ?? randomUUID(),
      ce_type: topic.eventType,
      ce_source: source,
      ce_time: (options.time ?? new Date()).toISOString(),
      'content-type': contentType,
    },
  };
}

/** A message that can never be processed as it is: it goes to the DLQ without retries. */
export class MalformedEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedEventError';
  }
}

const ENCODED_REPLACEMENT_CHARACTER = Buffer.from([0xef, 0xbf, 0xbd]);

function containsReplacementCharacter(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\uFFFD');
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array || value instanceof Date) return false;
  return Object.values(value).some(containsReplacementCharacter);
}

export function decodeValue<T>(topic: TopicDefinition<T>, value: Buffer | null, headers: Headers): T {
  if (!value || value.length === 0) throw new MalformedEventError('empty message value');
  const contentType = (headers['content-type'] ?? CONTENT_TYPE_PROTOBUF).split(';')[0]!.trim().toLowerCase();
  let message: T;
  if (contentType === CONTENT_TYPE_JSON) {
    if (!isUtf8(value)) throw new MalformedEventError('value is not valid UTF-8 JSON');
    let parsed: unknown;
    try {
      parsed = JSON.parse(value.toString('utf8'));
    } catch (error) {
      throw new MalformedEventError(`value is not valid JSON: ${(error as Error).message}`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new MalformedEventError(`value is not a JSON object of ${topic.eventType}`);
    }
    message = topic.codec.fromJSON(parsed);
  } else if (contentType === CONTENT_TYPE_PROTOBUF) {
    try {
      message = topic.codec.decode(value);
    } catch (error) {
      throw new MalformedEventError(`value is not a valid protobuf ${topic.eventType}: ${(error as Error).message}`);
    }
    // Protobuf strings must be UTF-8; the decoder quietly turns invalid bytes into U+FFFD. A replacement character
    // that the sender did not encode (as EF BF BD) means the bytes were invalid.
    if (containsReplacementCharacter(message) && !value.includes(ENCODED_REPLACEMENT_CHARACTER)) {
      throw new MalformedEventError(`value is not a valid protobuf ${topic.eventType}: a string field is not valid UTF-8`);
    }
  } else {
    throw new MalformedEventError(`unsupported content-type "${contentType}"; use ${CONTENT_TYPE_PROTOBUF} or ${CONTENT_TYPE_JSON}`);
  }
  const problems = topic.problemsOf(message);
  if (problems.length > 0) throw new MalformedEventError(`invalid ${topic.eventType}: ${problems.join('; ')}`);
  return message;
}

export function headersToStrings(raw: Record<string, unknown> | undefined): Headers {
  const out: Headers = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (value === undefined || value === null) continue;
    out[name] = Array.isArray(value) ? String(value[value.length - 1]) : Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
  }
  return out;
}

export function metaOf(
  topicName: string,
  partition: number,
  offset: string,
  key: Buffer | null,
  headers: Headers,
  fallbackTime: string,
): EventMeta {
  const time = new Date(headers.ce_time ?? Number(fallbackTime));
  return {
    topic: topicName,
    partition,
    offset,
    key: key?.toString('utf8') ?? '',
    // Producers that do not speak CloudEvents still get a stable id: the message's position is unique.
    id: headers.ce_id ?? `${topicName}/${partition}/${offset}`,
    type: headers.ce_type ?? '',
    source: headers.ce_source ?? '',
    time: Number.isNaN(time.getTime()) ? new Date(Number(fallbackTime)) : time,
    headers,
  };
}

export type FailureKind = 'malformed' | 'rejected' | 'handler';

export interface DeadLetterDetails {
  kind: FailureKind;
  error: string;
  consumerGroup: string;
  attempts: number;
  failedAt: Date;
}

/** The original headers, plus why and where the message failed. */
export function deadLetterHeaders(meta: Pick<EventMeta, 'topic' | 'partition' | 'offset' | 'headers'>, details: DeadLetterDetails): Headers {
  return {
    ...meta.headers,
    dlq_error: details.error.slice(0, 2000),
    dlq_error_kind: details.kind,
    dlq_original_topic: meta.topic,
    dlq_original_partition: String(meta.partition),
    dlq_original_offset: meta.offset,
    dlq_consumer_group: details.consumerGroup,
    dlq_attempts: String(details.attempts),
    dlq_failed_at: details.failedAt.toISOString(),
  };
}
