// A hand-computed hour of conversations and handoffs (2026-11-02 10:00–11:00 UTC). Every expected number in the tests
// is worked out in the comments here.
import type { ConversationFact, HandoffFact, MeasureSettings } from '../src/domain/facts';

export const HOUR = new Date('2026-11-02T10:00:00Z');
export const at = (hhmmss: string) => new Date(`2026-11-02T${hhmmss}Z`);
export const SETTINGS: MeasureSettings = { quickResolutionSeconds: 600, repeatContactDays: 7 };

const conversation = (id: string, parts: Partial<ConversationFact>): ConversationFact => ({
  conversationId: id,
  identities: {},
  signals: {},
  handoffs: {},
  agentMessages: {},
  closes: {},
  outcomes: {},
  offers: {},
  offerAnswers: {},
  ...parts,
});

/**
 * c1 (cus_1, standard): h1 hard_category billing_dispute at 10:01, queued with ETA 120 s in "billing", assigned 10:03
 *    (time to agent 120 s, ETA exact), agent replies 10:03:30 (150 s), resolved by a person 10:08 with
 *    refund_issued (resolution 420 s, handling 300 s: quick), CSAT 4, sentiment −0.6 → 0.2; flagged avoidable "yes".
 * c2 (cus_2, vip): h2 explicit_request account_access at 10:11, ETA 60 s in "general", assigned 10:16 (300 s; ETA 240 s
 *    short), agent replies 10:17 (360 s), resolved 10:41 (1800 s; handling 1500 s: not quick), CSAT 2, sentiment
 *    −0.2 → −0.5 (worse); flagged "no".
 * c3 (cus_1 again, billing_dispute by its messages): the AI resolves it, CSAT 5. A repeat contact of c1.
 * c4 (anonymous): h3 without a reason code (unclassified) at 10:31, queued, abandoned at 10:36 after 300 s.
 * c5 (anonymous): the AI resolves it; CSAT 3 from the chat system's close event.
 */
export function hourFacts(): { conversations: ConversationFact[]; handoffs: HandoffFact[] } {
  const conversations = [
    conversation('c1', {
      startedAt: at('10:00:00'),
      identities: { e1: { at: at('10:00:00'), customerId: 'cus_1', tier: 'standard' } },
      handoffs: { h1: { at: at('10:01:00'), category: 'billing_dispute', tier: 'standard' } },
      agentMessages: { m2: at('10:05:00'), m1: at('10:03:30') },
      signals: { s1: { at: at('10:00:30'), sentiment: -0.6, category: 'billing_dispute', confidence: 0.9 } },
      outcomes: {
        o1: { outcomeId: 'o1', handoffId: 'h1', closedAt: at('10:08:00'), resolvedBy: 'human', resolved: true, csat: 4, resolutionCode: 'refund_issued', resolutionNote: 'Refunded the duplicate charge', closingSentiment: 0.2, customerId: 'cus_1' },
      },
    }),
    conversation('c2', {
      startedAt: at('10:10:00'),
      identities: { e2: { at: at('10:10:00'), customerId: 'cus_2', tier: 'vip' } },
      handoffs: { h2: { at: at('10:11:00'), category: 'account_access', tier: 'vip' } },
      agentMessages: { m3: at('10:17:00') },
      outcomes: {
        o2: { outcomeId: 'o2', handoffId: 'h2', closedAt: at('10:41:00'), resolvedBy: 'human', resolved: true, csat: 2, resolutionCode: 'password_reset', resolutionNote: 'Reset the password', closingSentiment: -0.5, customerId: 'cus_2' },
      },
    }),
    conversation('c3', {
      startedAt: at('10:20:00'),
      identities: { e3: { at: at('10:20:00'), customerId: 'cus_1', tier: 'standard' } },
      signals: { s3: { at: at('10:20:10'), sentiment: 0.1, category: 'billing_dispute', confidence: 0.8 } },
      outcomes: { o3: { outcomeId: 'o3', handoffId: '', closedAt: at('10:25:00'), resolvedBy: 'ai', resolved: true, csat: 5, resolutionCode: '', resolutionNote: '', customerId: 'cus_1' } },
    }),
    conversation('c4', {
      startedAt: at('10:30:00'),
      handoffs: { h3: { at: at('10:31:00'), category: '', tier: '' } },
    }),
    conversation('c5', {
      startedAt: at('10:40:00'),
      closes: { x5: { at: at('10:45:00'), resolvedBy: 'ai', resolved: true, csat: 3, note: '' } },
    }),
  ];
  const handoffs: HandoffFact[] = [
    {
      handoffId: 'h1',
      conversationId: 'c1',
      request: { at: at('10:01:00'), reason: 'hard_category', mode: 'hard', category: 'billing_dispute', tier: 'standard', sentiment: -0.6 },
      routing: {
        '3': { sequence: 3, status: 'completed', at: at('10:09:00'), queueId: 'billing' },
        '1': { sequence: 1, status: 'queued', at: at('10:01:00'), queueId: 'billing', etaSeconds: 120 },
        '2': { sequence: 2, status: 'assigned', at: at('10:03:00'), queueId: 'billing', agentId: 'sam' },
      },
      outcomes: {
        o1: { outcomeId: 'o1', handoffId: 'h1', closedAt: at('10:08:00'), resolvedBy: 'human', resolved: true, csat: 4, resolutionCode: 'refund_issued', resolutionNote: 'Refunded the duplicate charge', closingSentiment: 0.2, customerId: 'cus_1' },
      },
      flags: { sam: { agentId: 'sam', verdict: 'yes', at: at('10:09:00'), note: '' } },
    },
    {
      handoffId: 'h2',
      conversationId: 'c2',
      request: { at: at('10:11:00'), reason: 'explicit_request', mode: 'hard', category: 'account_access', tier: 'vip', sentiment: -0.2 },
      routing: {
        '1': { sequence: 1, status: 'queued', at: at('10:11:00'), queueId: 'general', etaSeconds: 60 },
        '2': { sequence: 2, status: 'assigned', at: at('10:16:00'), queueId: 'general', agentId: 'kim' },
      },
      outcomes: {},
      flags: { kim: { agentId: 'kim', verdict: 'no', at: at('10:42:00'), note: 'needed an identity check' } },
    },
    {
      handoffId: 'h3',
      conversationId: 'c4',
      request: { at: at('10:31:00'), reason: 'unclassified', mode: 'unspecified', category: '', tier: '', sentiment: 0 },
      routing: {
        '2': { sequence: 2, status: 'abandoned', at: at('10:36:00'), queueId: 'general' },
        '1': { sequence: 1, status: 'queued', at: at('10:31:00'), queueId: 'general', etaSeconds: 200 },
      },
      outcomes: {},
      flags: {},
    },
  ];
  return { conversations, handoffs };
}
