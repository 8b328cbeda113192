// Kafka for Handoff services: the only place that imports kafkajs.
export { Messaging, EventPublisher, EventConsumer, type MessagingOptions, type EventHandler, type GroupHandler, type GroupedEvent, type ConsumerOptions, type TopicProvisioning, type RawMessage } from './messaging';
export { Topics, ALL_TOPICS, dlqNameOf, type TopicDefinition, type ProtoCodec } from './topics';
export {
  CONTENT_TYPE_JSON,
  CONTENT_TYPE_PROTOBUF,
  MalformedEventError,
  encodeEvent,
  decodeValue,
  type EventMeta,
  type EncodeOptions,
  type Headers,
} from './envelope';
export { DEFAULT_RETRY, backoffDelay, type RetryPolicy } from './retry';
