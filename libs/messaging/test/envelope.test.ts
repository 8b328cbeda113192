import { ConversationEvent, Role } from '@handoff/contracts';
import { CONTENT_TYPE_JSON, MalformedEventError, Topics, backoffDelay, decodeValue, encodeEvent } from '../src';
import { deadLetterHeaders } from '../src/envelope';

const event: ConversationEvent = {
  eventId: 'e-1',
  conversationId: 'c-1',
  occurredAt: new Date('2026-11-21T10:00:00Z'),
  channel: 'chat',
  language: 'en',
  payload: { $case: 'messagePosted', value: { messageId: 'm-1', role: Role.ROLE_CUSTOMER, text: 'hello', botIntent: '', agentId: '' } },
};

describe('CloudEvents envelope', () => {
  it('encodes protobuf with CloudEvents headers keyed by conversation id', () => {
    const encoded = encodeEvent(Topics.conversationEvents, event, 'chat-system', { id: 'fixed-id', time: new Date('2026-11-21T10:00:01Z') });
    expect(encoded.key).toBe('c-1');
    expect(encoded.headers).toMatchObject({
      ce_specversion: '1.0',
      ce_id: 'fixed-id',
      ce_type: 'handoff.conversation.v1.ConversationEvent',
      ce_source: 'chat-system',
      ce_time: '2026-11-21T10:00:01.000Z',
      'content-type': 'application/protobuf',
    });
    expect(decodeValue(Topics.conversationEvents, encoded.value, encoded.headers)).toEqual(event);
  });

  it('accepts proto3 JSON from producers that prefer it', () => {
    const json = {
      eventId: 'e-2',
      conversation_id: 'c-2',
      occurredAt: '2026-11-21T10:00:00Z',
      humanRequested: { source: 'button' },
    };
    const decoded = decodeValue(Topics.conversationEvents, Buffer.from(JSON.stringify(json)), { 'content-type': CONTENT_TYPE_JSON });
    expect(decoded.conversationId).toBe('c-2');
    expect(decoded.payload).toEqual({ $case: 'humanRequested', value: { source: 'button' } });
  });

  it.each([
    ['empty value', Buffer.alloc(0), {}, 'empty message value'],
    ['bytes that are not protobuf', Buffer.from([0xff, 0xff, 0xff, 0xff]), {}, 'not a valid protobuf'],
    ['broken JSON', Buffer.from('{"eventId":'), { 'content-type': CONTENT_TYPE_JSON }, 'not valid JSON'],
    ['a JSON array', Buffer.from('[1]'), { 'content-type': CONTENT_TYPE_JSON }, 'not a JSON object'],
    ['an unknown content type', Buffer.from('x'), { 'content-type': 'text/plain' }, 'unsupported content-type "text/plain"'],
    ['an event without ids or payload', Buffer.from('{}'), { 'content-type': CONTENT_TYPE_JSON }, 'event_id is required; conversation_id is required; payload is required'],
  ])('rejects %s with a reason', (_label, value, headers, reason) => {
    expect(() => decodeValue(Topics.conversationEvents, value, headers as Record<string, string>)).toThrow(MalformedEventError);
    expect(() => decodeValue(Topics.conversationEvents, value, headers as Record<string, string>)).toThrow(reason);
  });

  it('rejects strings that are not valid UTF-8, and keeps a replacement character the sender really sent', () => {
    const withText = (text: string) => ConversationEvent.encode({ ...event, payload: { $case: 'messagePosted', value: { ...(event.payload as { value: object }).value, text } as never } }).finish();
    const valid = Buffer.from(withText('hello'));
    const at = valid.indexOf(Buffer.from('hello'));
    const invalid = Buffer.from(valid);
    invalid[at] = 0xff; // not a UTF-8 byte, same length
    expect(() => decodeValue(Topics.conversationEvents, invalid, {})).toThrow(new MalformedEventError('value is not a valid protobuf handoff.conversation.v1.ConversationEvent: a string field is not valid UTF-8'));
    const sentReplacement = Buffer.from(withText('caf\uFFFD'));
    expect(decodeValue(Topics.conversationEvents, sentReplacement, {}).payload).toMatchObject({ value: { text: 'caf\uFFFD' } });
    expect(() => decodeValue(Topics.conversationEvents, Buffer.from([0x7b, 0xff, 0x7d]), { 'content-type': CONTENT_TYPE_JSON })).toThrow('value is not valid UTF-8 JSON');
  });

  it('keeps the original headers and adds the failure details for the DLQ', () => {
    const headers = deadLetterHeaders(
      { topic: 'conversation.events.v1', partition: 2, offset: '41', headers: { ce_id: 'x' } },
      { kind: 'malformed', error: 'empty message value', consumerGroup: 'detection', attempts: 1, failedAt: new Date('2026-11-21T10:00:00Z') },
    );
    expect(headers).toEqual({
      ce_id: 'x',
      dlq_error: 'empty message value',
      dlq_error_kind: 'malformed',
      dlq_original_topic: 'conversation.events.v1',
      dlq_original_partition: '2',
      dlq_original_offset: '41',
      dlq_consumer_group: 'detection',
      dlq_attempts: '1',
      dlq_failed_at: '2026-11-21T10:00:00.000Z',
    });
  });
});

describe('backoffDelay', () => {
  const policy = { attempts: 5, initialDelayMs: 100, maxDelayMs: 1000 };
  it('doubles per retry and stops at the maximum', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 5].map((r) => backoffDelay(policy, r, mid))).toEqual([100, 200, 400, 800, 1000]);
  });
  it('jitters within 20 percent', () => {
    expect(backoffDelay(policy, 1, () => 0)).toBe(80);
    expect(backoffDelay(policy, 1, () => 1)).toBe(120);
  });
});
