import { context, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ConversationEvent, Role } from '@handoff/contracts';
import { TopicRecorder, infraEnv, testLogger, uniqueName, waitFor } from '@handoff/testing';
import { Messaging, Topics, type EventPublisher } from '../src';
import { PUBLISH_BATCH_LIMITS } from '../src/messaging';

const message = (conversationId: string, eventId: string, text = eventId): ConversationEvent => ({
  eventId,
  conversationId,
  occurredAt: new Date(),
  channel: 'chat',
  language: 'en',
  payload: { $case: 'messagePosted', value: { messageId: eventId, role: Role.ROLE_CUSTOMER, text, botIntent: '', agentId: '' } },
});

describe('publisher on a real broker', () => {
  const prefix = `${uniqueName('pub')}.`;
  const messaging = new Messaging({ brokers: infraEnv().kafkaBrokers, clientId: 'publisher-test', topicPrefix: prefix, logger: testLogger() });
  const recorder = new TopicRecorder(messaging, 'publisher-reader').record(Topics.conversationEvents);
  const spans = new InMemorySpanExporter();
  const contextManager = new AsyncLocalStorageContextManager();
  let publisher: EventPublisher;

  beforeAll(async () => {
    context.setGlobalContextManager(contextManager.enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }));
    await messaging.ensureTopics({ partitions: 2, replicationFactor: 1 }, [Topics.conversationEvents]);
    publisher = await messaging.publisher();
    await recorder.start();
  });

  afterAll(async () => {
    await messaging.stopConsumers();
    await messaging.disconnect();
    trace.disable();
    propagation.disable();
    context.disable();
  });

  const received = (conversationId: string) =>
    recorder
      .of(Topics.conversationEvents)
      .filter((r) => r.event.conversationId === conversationId)
      .map((r) => r.event.eventId);

  it('delivers every message published at once, each conversation in the order it was published', async () => {
    const conversations = ['conv-a', 'conv-b', 'conv-c'];
    await Promise.all(conversations.map(async (c) => Promise.all(Array.from({ length: 100 }, (_, i) => publisher.publish(Topics.conversationEvents, message(c, `${c}-${i}`))))));
    for (const c of conversations) {
      const ids = await waitFor(() => (received(c).length >= 100 ? received(c) : undefined), `100 messages of ${c}`);
      expect(ids).toEqual(Array.from({ length: 100 }, (_, i) => `${c}-${i}`));
    }
  });

  it('fails only the message the broker refuses, not the others that shared its request', async () => {
    const limits = { ...PUBLISH_BATCH_LIMITS };
    // Let the oversized message into a shared request (the limits would otherwise send it alone).
    PUBLISH_BATCH_LIMITS.bytes = 64 * 1024 * 1024;
    try {
      const outcomes = await Promise.allSettled([
        ...Array.from({ length: 10 }, (_, i) => publisher.publish(Topics.conversationEvents, message('conv-d', `d-${i}`))),
        publisher.publish(Topics.conversationEvents, message('conv-e', 'too-large', 'x'.repeat(3 * 1024 * 1024))),
        ...Array.from({ length: 10 }, (_, i) => publisher.publish(Topics.conversationEvents, message('conv-d', `d-${10 + i}`))),
      ]);
      expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(1);
      expect(outcomes[10]!.status).toBe('rejected');
    } finally {
      Object.assign(PUBLISH_BATCH_LIMITS, limits);
    }
    // Those the broker had accepted with the refused one may arrive twice (at-least-once); each arrives, in order.
    const firstSeen = () => [...new Set(received('conv-d'))];
    const ids = await waitFor(() => (firstSeen().length >= 20 ? firstSeen() : undefined), "conv-d's 20 messages");
    expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => `d-${i}`));
    expect(received('conv-e')).toEqual([]);
    // The publisher still works for every partition afterwards.
    await publisher.publish(Topics.conversationEvents, message('conv-d', 'd-after'));
    await waitFor(() => received('conv-d').includes('d-after') || undefined, 'a message published after the failure');
  });

  it("carries each caller's own trace, also when messages share a request", async () => {
    const tracer = trace.getTracer('test');
    const callers = await Promise.all(
      ['conv-f', 'conv-g', 'conv-h'].map((c) =>
        tracer.startActiveSpan(`handle ${c}`, async (span) => {
          await publisher.publish(Topics.conversationEvents, message(c, `${c}-traced`));
          span.end();
          return { conversationId: c, traceId: span.spanContext().traceId };
        }),
      ),
    );
    for (const { conversationId, traceId } of callers) {
      const [record] = await waitFor(() => {
        const found = recorder.of(Topics.conversationEvents).filter((r) => r.event.conversationId === conversationId);
        return found.length > 0 ? found : undefined;
      }, `the traced message of ${conversationId}`);
      const [, headerTraceId, parentSpanId] = record!.meta.headers.traceparent!.split('-');
      expect(headerTraceId).toBe(traceId);
      const producerSpan = spans.getFinishedSpans().find((s) => s.spanContext().spanId === parentSpanId);
      expect(producerSpan?.name).toBe(`send ${messaging.topicName(Topics.conversationEvents)}`);
    }
    expect(new Set(callers.map((c) => c.traceId)).size).toBe(3);
  });

  it("continues a trace context the caller put in the headers when no span is active", async () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    await context.with(context.active(), () =>
      publisher.publishRaw(messaging.topicName(Topics.conversationEvents), 'conv-i', Buffer.from(Topics.conversationEvents.codec.encode(message('conv-i', 'i-1')).finish()), {
        ce_id: 'i-1',
        ce_type: Topics.conversationEvents.eventType,
        traceparent: `00-${traceId}-b7ad6b7169203331-01`,
      }),
    );
    const [record] = await waitFor(() => {
      const found = recorder.of(Topics.conversationEvents).filter((r) => r.event.conversationId === 'conv-i');
      return found.length > 0 ? found : undefined;
    }, 'the message of conv-i');
    expect(record!.meta.headers.traceparent!.split('-')[1]).toBe(traceId);
  });
});
