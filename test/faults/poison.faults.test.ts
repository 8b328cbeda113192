// Poison input on conversation.events.v1 under steady traffic: each poison lands in the DLQ with a reason, from every
// consumer group that reads the topic, and the conversation that follows it on the same partition still escalates.
import { randomUUID } from 'node:crypto';
import { ConversationEvent, Role, RoutingUpdate, RoutingStatus } from '@handoff/contracts';
import { seededRandom } from '@handoff/core';
import { Topics, dlqNameOf, encodeEvent } from '@handoff/messaging';
import { TopicRecorder, uniqueName, waitFor } from '@handoff/testing';
import { planConversation, planMix } from '../load/conversations';
import { FaultRig } from './harness';
import { describeReport } from './report';

/** Consumer groups that read conversation.events.v1: each must dead-letter a poison on its own. */
const EVENT_GROUPS = ['handoff-detection', 'handoff-context-transcripts', 'handoff-routing-conversations'];

function validEvent(conversationId: string, text = 'hello'): ConversationEvent {
  return {
    eventId: randomUUID(),
    conversationId,
    occurredAt: new Date(),
    channel: 'chat',
    language: 'en',
    payload: { $case: 'messagePosted', value: { messageId: randomUUID(), role: Role.ROLE_CUSTOMER, text, botIntent: '', agentId: '' } },
  };
}

/** A protobuf field: key (field number, wire type 2) then length-prefixed bytes. */
function lengthDelimited(field: number, bytes: Buffer): Buffer {
  const varint = (n: number) => {
    const out: number[] = [];
    while (n > 127) {
      out.push((n & 127) | 128);
      n >>>= 7;
    }
    out.push(n);
    return Buffer.from(out);
  };
  return Buffer.concat([varint((field << 3) | 2), varint(bytes.length), bytes]);
}

interface Poison {
  name: string;
  value: Buffer;
  contentType?: string;
  /** What the DLQ reason must say. */
  reason: RegExp;
}

function poisons(conversationId: string): Poison[] {
  const random = seededRandom(1234);
  const noPayload = Buffer.from(ConversationEvent.encode({ ...validEvent(conversationId), payload: undefined }).finish());
  const marker = 'INVALID-UTF8-HERE';
  const withMarker = Buffer.from(ConversationEvent.encode(validEvent(conversationId, marker)).finish());
  const at = withMarker.indexOf(marker);
  const invalidUtf8 = Buffer.from(withMarker);
  invalidUtf8.fill(0xff, at, at + 4); // 0xFF never appears in UTF-8
  return [
    { name: 'random bytes', value: Buffer.from(Array.from({ length: 512 }, () => Math.floor(random() * 256))), reason: /protobuf|required/ },
    {
      name: 'valid protobuf of the wrong type',
      value: Buffer.from(
        RoutingUpdate.encode(RoutingUpdate.fromPartial({ updateId: 'ru_1', handoffId: 'ho_1', conversationId, sequence: 3, status: RoutingStatus.ROUTING_STATUS_ASSIGNED, team: 'Billing' })).finish(),
      ),
      reason: /invalid handoff\.conversation\.v1\.ConversationEvent|not a valid protobuf/,
    },
    { name: 'missing required fields', value: Buffer.from(ConversationEvent.encode({ ...validEvent(conversationId), eventId: '' }).finish()), reason: /event_id is required/ },
    { name: 'invalid UTF-8', value: invalidUtf8, reason: /UTF-8/ },
    { name: 'an unknown event kind', value: Buffer.concat([noPayload, lengthDelimited(99, Buffer.from('a future event'))]), reason: /payload is required/ },
    { name: 'JSON that is not JSON', value: Buffer.from('{"conversationId": '), contentType: 'application/json', reason: /not valid JSON/ },
  ];
}

describe('poison input on conversation.events.v1 under steady traffic', () => {
  let rig: FaultRig;
  let dlq: TopicRecorder;
  let dlqName: string;
  beforeAll(async () => {
    rig = await FaultRig.start('poison');
    dlqName = dlqNameOf(rig.messaging.topicName(Topics.conversationEvents));
    dlq = new TopicRecorder(rig.messaging, uniqueName('dlq')).recordRaw(dlqName);
    await dlq.start();
  }, 180_000);
  afterAll(async () => {
    await dlq?.stop();
    await rig?.stop();
  });

  const shared = 'poisoned-conversation';
  const outcomes: Record<string, string[]> = {};

  it('dead-letters each poison with its reason from every consumer group, and the partition keeps flowing', async () => {
    const plans = planMix(40, rig.prefix, 11);
    // The conversation after the poisons has the same key, so it sits behind them on the same partition.
    const after = planConversation('hard_category', 0, `${rig.prefix}-${shared}`);
    const list = poisons(after.conversationId);
    const publisher = rig.publishers[0]!;
    await rig.play([...plans, after], 10, async () => {
      for (const poison of list) {
        const encoded = encodeEvent(Topics.conversationEvents, validEvent(after.conversationId), 'fault-suite', { id: `poison-${poison.name}` });
        await publisher.publishRaw(rig.messaging.topicName(Topics.conversationEvents), after.conversationId, poison.value, {
          ...encoded.headers,
          ...(poison.contentType ? { 'content-type': poison.contentType } : {}),
        });
      }
    });
    await rig.settle([...plans, after]);

    for (const poison of list) {
      const entries = await waitFor(
        () => {
          const found = dlq.rawOf(dlqName).filter((m) => m.meta.headers.ce_id === `poison-${poison.name}`);
          return found.length >= EVENT_GROUPS.length ? found : undefined;
        },
        `DLQ entries for ${poison.name}`,
        20_000,
      ).catch(() => dlq.rawOf(dlqName).filter((m) => m.meta.headers.ce_id === `poison-${poison.name}`));
      outcomes[poison.name] = entries.map((e) => `${e.meta.headers.dlq_consumer_group?.replace(`${rig.prefix}.`, '')}: ${e.meta.headers.dlq_error_kind} — ${e.meta.headers.dlq_error}`);
    }
    process.stdout.write(`\n[faults] poison outcomes:\n${Object.entries(outcomes).map(([n, o]) => `  ${n}:\n${o.map((l) => `    ${l}\n`).join('') || '    (not dead-lettered)\n'}`).join('')}`);
    const report = await rig.check([...plans, after]);
    process.stdout.write(describeReport('poison input', report));

    expect(report.violations).toEqual([]);
    for (const poison of list) {
      const entries = dlq.rawOf(dlqName).filter((m) => m.meta.headers.ce_id === `poison-${poison.name}`);
      expect({ poison: poison.name, groups: [...new Set(entries.map((e) => e.meta.headers.dlq_consumer_group))].sort() }).toEqual({
        poison: poison.name,
        groups: EVENT_GROUPS.map((g) => `${rig.prefix}.${g}`).sort(),
      });
      for (const entry of entries) expect({ poison: poison.name, reason: entry.meta.headers.dlq_error }).toEqual({ poison: poison.name, reason: expect.stringMatching(poison.reason) });
    }
  });

  it('refuses a 5 MB message at the broker (above Kafka\'s 1 MB message limit), and the partition keeps flowing', async () => {
    const after = planConversation('explicit_words', 1, `${rig.prefix}-${shared}`);
    const conversation = after.conversationId;
    const publisher = rig.publishers[1]!;
    const big = encodeEvent(Topics.conversationEvents, validEvent(conversation, 'x'.repeat(5 * 1024 * 1024)), 'fault-suite');
    const refused = await publisher.publishRaw(rig.messaging.topicName(Topics.conversationEvents), conversation, big.value, big.headers).then(
      () => 'accepted',
      (error: Error) => error.message,
    );
    expect(refused).toMatch(/larger than the max message size|too large/i);
    await rig.play([after], 10);
    await rig.settle([after]);
    const report = await rig.check([after]);
    expect(report.violations).toEqual([]);
  });
});
