// Publisher throughput on a real broker: `callers` handlers publish at once, each waiting for its send to be
// acknowledged (acks = all) before the next, as a consumer's handlers do. Prints messages/s and the latency of one
// publish. Usage: KAFKA_BROKERS=host:port npx tsx libs/messaging/bench/publish.bench.ts [messages=5000] [callers=50]
import { ConversationEvent, Role } from '@handoff/contracts';
import { createLogger } from '@handoff/logging';
import { Messaging, Topics } from '../src';

const total = Number(process.argv[2] ?? 5000);
const callers = Number(process.argv[3] ?? 50);
const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');

const event = (i: number): ConversationEvent => ({
  eventId: `e${i}`,
  conversationId: `conv-${i % 500}`,
  occurredAt: new Date(),
  channel: 'chat',
  language: 'en',
  payload: { $case: 'messagePosted', value: { messageId: `m${i}`, role: Role.ROLE_CUSTOMER, text: 'my card was charged twice for the same order', botIntent: '', agentId: '' } },
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const messaging = new Messaging({ brokers, clientId: 'publish-bench', topicPrefix: `bench-${Date.now()}.`, logger: createLogger({ service: 'publish-bench', level: 'warn' }) });
  await messaging.ensureTopics({ partitions: 3, replicationFactor: 1 }, [Topics.conversationEvents]);
  const publisher = await messaging.publisher();
  await publisher.publish(Topics.conversationEvents, event(-1)); // connection and metadata warm-up
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      for (let i = next++; i < total; i = next++) {
        const t0 = process.hrtime.bigint();
        await publisher.publish(Topics.conversationEvents, event(i));
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  console.log(
    `${total} messages, ${callers} callers: ${Math.round(total / seconds)} messages/s; one publish p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
  );
  await messaging.disconnect();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
