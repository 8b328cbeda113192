// Past conversations for replay, one JSON object per line:
//   {"conversation_id": "c1", "tier": "vip", "language": "en",
//    "events": [{"at": "2026-11-21T10:00:00Z", "type": "customer", "text": "..."},
//               {"at": "...", "type": "bot", "text": "...", "confidence": 0.62},
//               {"at": "...", "type": "button"}, {"at": "...", "type": "offer_answer", "accepted": true},
//               {"at": "...", "type": "action", "action": "password_reset", "outcome": "failed", "detail": "..."},
//               {"at": "...", "type": "page", "url": "...", "title": "..."}, {"at": "...", "type": "agent", "text": "..."},
//               {"at": "...", "type": "handed_back"}, {"at": "...", "type": "close", "resolved": true, "csat": 4}],
//    "expected": {"escalate": true, "reason": "explicit_request"}}
// An event may also be a ConversationEvent in proto3 JSON (with messagePosted, humanRequested, ...).
import { ActionOutcome, ConversationEvent, Resolver, Role } from '@handoff/contracts';
import { z } from 'zod';
import { REASON_CODES, type ReasonCode } from './reason-codes';

const at = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 time, e.g. 2026-11-21T10:00:00Z');
const compactEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('customer'), at, text: z.string() }),
  z.object({ type: z.literal('bot'), at, text: z.string(), confidence: z.number().min(0).max(1).optional(), intent: z.string().optional() }),
  z.object({ type: z.literal('agent'), at, text: z.string() }),
  z.object({ type: z.literal('button'), at }),
  z.object({ type: z.literal('offer_answer'), at, accepted: z.boolean() }),
  z.object({ type: z.literal('action'), at, action: z.string(), outcome: z.enum(['succeeded', 'failed', 'pending', 'abandoned']), detail: z.string().optional() }),
  z.object({ type: z.literal('page'), at, url: z.string(), title: z.string().optional() }),
  z.object({ type: z.literal('handed_back'), at }),
  z.object({ type: z.literal('close'), at, resolved: z.boolean().optional(), csat: z.number().int().min(1).max(5).optional(), note: z.string().optional() }),
]);

const lineSchema = z.object({
  conversation_id: z.string().min(1),
  tier: z.string().optional(),
  language: z.string().optional(),
  events: z.array(z.record(z.string(), z.unknown()), { message: 'expected a list of event objects' }).min(1, 'expected at least one event'),
  expected: z.object({ escalate: z.boolean(), reason: z.enum(REASON_CODES).optional() }).optional(),
});

/** An offer answer in replay data answers whatever offer detection made last. */
export const LATEST_OFFER = '__latest_offer__';

export interface ReplayConversation {
  conversationId: string;
  events: ConversationEvent[];
  expected: { escalate: boolean; reason?: ReasonCode } | undefined;
}

const OUTCOMES: Record<string, ActionOutcome> = {
  succeeded: ActionOutcome.ACTION_OUTCOME_SUCCEEDED,
  failed: ActionOutcome.ACTION_OUTCOME_FAILED,
  pending: ActionOutcome.ACTION_OUTCOME_PENDING,
  abandoned: ActionOutcome.ACTION_OUTCOME_ABANDONED,
};

function toPayload(e: z.infer<typeof compactEvent>): ConversationEvent['payload'] {
  const message = (role: Role, text: string, botConfidence?: number, botIntent = '') => ({ $case: 'messagePosted' as const, value: { messageId: '', role, text, botConfidence, botIntent, agentId: '' } });
  switch (e.type) {
    case 'customer':
      return message(Role.ROLE_CUSTOMER, e.text);
    case 'bot':
      return message(Role.ROLE_BOT, e.text, e.confidence, e.intent);
    case 'agent':
      return message(Role.ROLE_AGENT, e.text);
    case 'button':
      return { $case: 'humanRequested', value: { source: 'button' } };
    case 'offer_answer':
      return { $case: 'offerAnswered', value: { offerId: LATEST_OFFER, accepted: e.accepted } };
    case 'action':
      return { $case: 'botActionAttempted', value: { action: e.action, outcome: OUTCOMES[e.outcome]!, detail: e.detail ?? '' } };
    case 'page':
      return { $case: 'pageViewed', value: { url: e.url, title: e.title ?? '' } };
    case 'handed_back':
      return { $case: 'handedBack', value: { agentId: '', handoffId: '' } };
    case 'close':
      return { $case: 'conversationClosed', value: { resolvedBy: Resolver.RESOLVER_UNSPECIFIED, resolved: e.resolved ?? false, csat: e.csat, resolutionNote: e.note ?? '' } };
  }
}

/** Parses one line; throws an Error whose message names the field and what was expected. */
export function parseReplayLine(line: string): ReplayConversation {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    throw new Error(`not valid JSON: ${(error as Error).message}`);
  }
  const parsed = lineSchema.safeParse(json);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || '(line)'}: ${i.message}`).join('; '));
  const c = parsed.data;
  const events: ConversationEvent[] = [];
  if (c.tier) {
    events.push({
      eventId: `${c.conversation_id}#tier`,
      conversationId: c.conversation_id,
      occurredAt: undefined,
      channel: 'chat',
      language: c.language ?? '',
      payload: { $case: 'customerIdentified', value: { customerId: '', name: '', email: '', accountId: '', tier: c.tier, userAgent: '' } },
    });
  }
  c.events.forEach((raw, i) => {
    const compact = compactEvent.safeParse(raw);
    if ('type' in raw && !compact.success) {
      throw new Error(compact.error.issues.map((issue) => `events.${i}${issue.path.length ? `.${issue.path.join('.')}` : ''}: ${issue.message}`).join('; '));
    }
    const event: ConversationEvent = compact.success
      ? { eventId: `${c.conversation_id}#${i}`, conversationId: c.conversation_id, occurredAt: new Date(compact.data.at), channel: 'chat', language: c.language ?? '', payload: toPayload(compact.data) }
      : { ...ConversationEvent.fromJSON(raw), conversationId: c.conversation_id };
    if (!event.payload) throw new Error(`events.${i}: expected a "type" (customer, bot, agent, button, offer_answer, action, page, handed_back, close) or a ConversationEvent in proto3 JSON`);
    if (!event.eventId) event.eventId = `${c.conversation_id}#${i}`;
    events.push(event);
  });
  const first = events.find((e) => e.occurredAt)?.occurredAt;
  for (const e of events) e.occurredAt ??= first;
  return { conversationId: c.conversation_id, events, expected: c.expected };
}
