// The floor: one trivial pass-through hop, written with the same messaging library as the services (consume a
// message, publish it unchanged to the next topic, idempotent producer, acks=all). The load benchmark runs four of
// these as separate processes, the same number of Kafka hops as trigger → handoff.requested → handoff.context →
// handoff.routing → conversation.outbound, on the same broker in the same run.
import { ConversationEvent } from '@handoff/contracts';
import { createLogger } from '@handoff/logging';
import { Messaging, type TopicDefinition } from '@handoff/messaging';

export const FLOOR_HOPS = 4;

/** floor.hop<N>.v1: the floor's topics, carrying the triggering event unchanged. */
export function floorTopic(hop: number): TopicDefinition<ConversationEvent> {
  return {
    name: `floor.hop${hop}.v1`,
    eventType: 'handoff.conversation.v1.ConversationEvent',
    codec: ConversationEvent,
    keyOf: (m) => m.conversationId,
    problemsOf: () => [],
  };
}

export const FLOOR_TOPICS = Array.from({ length: FLOOR_HOPS + 1 }, (_, hop) => floorTopic(hop));

async function runHop(hop: number): Promise<void> {
  const { KAFKA_BROKERS, FLOOR_PREFIX } = process.env;
  if (!KAFKA_BROKERS || FLOOR_PREFIX === undefined) throw new Error('KAFKA_BROKERS and FLOOR_PREFIX must be set');
  const logger = createLogger({ service: `floor-hop${hop}`, level: 'warn' });
  const messaging = new Messaging({ brokers: KAFKA_BROKERS.split(','), clientId: `floor-hop${hop}`, topicPrefix: FLOOR_PREFIX, logger });
  const publisher = await messaging.publisher();
  const next = floorTopic(hop + 1);
  await messaging
    .consumer({ groupId: `floor-hop${hop}` })
    .on(floorTopic(hop), async (event) => publisher.publish(next, event))
    .start();
  process.stdout.write('ready\n');
  const stop = async () => {
    await messaging.stopConsumers();
    await messaging.disconnect();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

if (require.main === module) {
  runHop(Number(process.argv[2])).catch((error) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  });
}
