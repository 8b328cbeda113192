// The topic registry: every Kafka topic of Handoff, its payload type, CloudEvents type and key.
import {
  AgentEvent,
  ContextPackage,
  ConversationEvent,
  ConversationOutcome,
  ConversationSignals,
  DeliveryRecord,
  HandoffOffered,
  HandoffRequested,
  OutboundMessage,
  RoutingUpdate,
} from '@handoff/contracts';

/** What ts-proto generates for every message: binary and proto3-JSON encoding. */
export interface ProtoCodec<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(input: Uint8Array): T;
  fromJSON(object: unknown): T;
  toJSON(message: T): unknown;
}

export interface TopicDefinition<T> {
  /** Topic name without the deployment prefix, e.g. "conversation.events.v1". */
  readonly name: string;
  /** CloudEvents type: the fully qualified proto message name. */
  readonly eventType: string;
  readonly codec: ProtoCodec<T>;
  /** The Kafka key, so that all events of one conversation (or agent) stay ordered on one partition. */
  keyOf(message: T): string;
  /** Envelope problems that make a message unusable; an empty list when it is well-formed. */
  problemsOf(message: T): string[];
}

function topic<T>(
  name: string,
  eventType: string,
  codec: ProtoCodec<T>,
  keyOf: (message: T) => string,
  problemsOf: (message: T) => string[],
): TopicDefinition<T> {
  return { name, eventType, codec, keyOf, problemsOf };
}

const required = (fields: Record<string, string | undefined>): string[] =>
  Object.entries(fields)
    .filter(([, value]) => !value)
    .map(([field]) => `${field} is required`);

export const Topics = {
  conversationEvents: topic(
    'conversation.events.v1',
    'handoff.conversation.v1.ConversationEvent',
    ConversationEvent,
    (m) => m.conversationId,
    (m) => [
      ...required({ event_id: m.eventId, conversation_id: m.conversationId }),
      ...(m.payload ? [] : ['payload is required: one of message_posted, bot_action_attempted, page_viewed, customer_identified, human_requested, offer_answered, conversation_closed, handed_back, follow_up_chosen']),
    ],
  ),
  conversationOutbound: topic(
    'conversation.outbound.v1',
    'handoff.conversation.v1.OutboundMessage',
    OutboundMessage,
    (m) => m.conversationId,
    (m) => required({ message_id: m.messageId, conversation_id: m.conversationId, text: m.text }),
  ),
  handoffRequested: topic(
    'handoff.requested.v1',
    'handoff.detection.v1.HandoffRequested',
    HandoffRequested,
    (m) => m.conversationId,
    (m) => required({ handoff_id: m.handoffId, conversation_id: m.conversationId }),
  ),
  handoffOffered: topic(
    'handoff.offered.v1',
    'handoff.detection.v1.HandoffOffered',
    HandoffOffered,
    (m) => m.conversationId,
    (m) => required({ offer_id: m.offerId, conversation_id: m.conversationId }),
  ),
  handoffSignals: topic(
    'handoff.signals.v1',
    'handoff.detection.v1.ConversationSignals',
    ConversationSignals,
    (m) => m.conversationId,
    (m) => required({ conversation_id: m.conversationId, event_id: m.eventId }),
  ),
  handoffContext: topic(
    'handoff.context.v1',
    'handoff.context.v1.ContextPackage',
    ContextPackage,
    (m) => m.conversationId,
    (m) => [
      ...required({ handoff_id: m.handoffId, conversation_id: m.conversationId }),
      ...(m.request ? [] : ['request is required']),
    ],
  ),
  handoffRouting: topic(
    'handoff.routing.v1',
    'handoff.routing.v1.RoutingUpdate',
    RoutingUpdate,
    (m) => m.conversationId,
    (m) => required({ update_id: m.updateId, handoff_id: m.handoffId, conversation_id: m.conversationId }),
  ),
  notificationDeliveries: topic(
    'notification.deliveries.v1',
    'handoff.notification.v1.DeliveryRecord',
    DeliveryRecord,
    (m) => m.conversationId || 'supervisors',
    (m) => required({ delivery_id: m.deliveryId }),
  ),
  handoffOutcomes: topic(
    'handoff.outcomes.v1',
    'handoff.analytics.v1.ConversationOutcome',
    ConversationOutcome,
    (m) => m.conversationId,
    (m) => [
      ...required({ outcome_id: m.outcomeId, conversation_id: m.conversationId }),
      ...(m.closedAt ? [] : ['closed_at is required']),
      ...(m.csat === undefined || (m.csat >= 1 && m.csat <= 5) ? [] : [`csat must be 1 to 5, got ${m.csat}`]),
    ],
  ),
  agentEvents: topic(
    'agent.events.v1',
    'handoff.routing.v1.AgentEvent',
    AgentEvent,
    (m) => m.agentId,
    (m) => [...required({ event_id: m.eventId, agent_id: m.agentId }), ...(m.payload ? [] : ['payload is required'])],
  ),
} as const;

export const ALL_TOPICS: readonly TopicDefinition<unknown>[] = Object.values(Topics) as TopicDefinition<unknown>[];

export const dlqNameOf = (topicName: string): string => `${topicName}.dlq`;
