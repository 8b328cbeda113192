import { ActionOutcome, EscalationReason, Role, Severity, TriggerMode, type ConversationEvent, type HandoffRequested } from '@handoff/contracts';
import { assembleContextPackage } from '../src/domain/assemble';

const t = (s: number) => new Date(Date.UTC(2026, 10, 21, 10, 0, s));
const ev = (id: string, s: number, payload: ConversationEvent['payload']): ConversationEvent => ({ eventId: id, conversationId: 'c1', occurredAt: t(s), channel: 'chat', language: 'en', payload });
const msg = (id: string, s: number, role: Role, text: string, botConfidence?: number) =>
  ev(id, s, { $case: 'messagePosted', value: { messageId: id, role, text, botConfidence, botIntent: '', agentId: '' } });

const request: HandoffRequested = {
  handoffId: 'ho_1',
  conversationId: 'c1',
  escalationSequence: 1,
  reason: EscalationReason.ESCALATION_REASON_EXPLICIT_REQUEST,
  mode: TriggerMode.TRIGGER_MODE_HARD,
  evidence: [{ reason: EscalationReason.ESCALATION_REASON_EXPLICIT_REQUEST, detail: 'customer asked: "talk to a person"', score: 1, eventId: 'e6' }],
  policyVersion: 'builtin-1',
  triggeringEventId: 'e6',
  requestedAt: t(7),
  category: 'billing_dispute',
  sentimentScore: 0,
  severity: Severity.SEVERITY_NORMAL,
  customerTier: 'standard',
  language: 'en',
  offerId: '', channel: 'chat',
};

const events = [
  // Delivered out of order: assembly orders by time.
  msg('e6', 6, Role.ROLE_CUSTOMER, 'this is useless, let me talk to a person'),
  ev('e1', 1, { $case: 'customerIdentified', value: { customerId: 'u1', name: 'Alice Moreau', email: 'alice@example.com', accountId: 'acc-9', tier: 'standard', userAgent: '' } }),
  ev('e2', 2, { $case: 'pageViewed', value: { url: 'https://shop.example/billing', title: 'Billing' } }),
  msg('e3', 3, Role.ROLE_CUSTOMER, 'I was charged twice for order 1042'),
  ev('e4', 4, { $case: 'botActionAttempted', value: { action: 'refund_lookup', outcome: ActionOutcome.ACTION_OUTCOME_FAILED, detail: 'timeout' } }),
  msg('e5', 5, Role.ROLE_BOT, 'I could not find a duplicate charge.', 0.42),
];

describe('assembleContextPackage', () => {
  const pkg = assembleContextPackage({ request, events, now: t(8) });

  it('keeps the whole transcript in order with roles and timestamps', () => {
    expect(pkg.transcript.map((m) => m.messageId)).toEqual(['e3', 'e5', 'e6']);
    expect(pkg.transcript[1]).toMatchObject({ role: Role.ROLE_BOT, botConfidence: 0.42, at: t(5) });
  });

  it('carries identity, pages, AI actions, the bot confidence and the decision', () => {
    expect(pkg.customer).toMatchObject({ customerId: 'u1', name: 'Alice Moreau', tier: 'standard' });
    expect(pkg.pages[0]).toMatchObject({ title: 'Billing' });
    expect(pkg.botActions[0]).toMatchObject({ action: 'refund_lookup', outcome: ActionOutcome.ACTION_OUTCOME_FAILED });
    expect(pkg.lastBotConfidence).toBe(0.42);
    expect(pkg.request).toBe(request);
    expect(pkg.partial).toBe(false);
  });

  it('names the page the customer was on when they asked for help, and keeps the transcript whole when it is short', () => {
    expect(pkg.currentPage).toMatchObject({ title: 'Billing' });
    expect(pkg.transcriptCut).toBeUndefined();
    expect(pkg.summarySource).toBe('template');
  });

  it('writes a summary whose every statement comes from the package', () => {
    expect(pkg.summary).toBe(
      'Alice Moreau (standard tier) asked for a person. Issue: billing dispute. First said: "I was charged twice for order 1042". ' +
        'Trigger: customer asked: "talk to a person". AI attempted: refund lookup (failed). Bot\'s last confidence: 42%. Was on: Billing. ' +
        '2 customer messages in the transcript.',
    );
  });

  it('marks the package partial when the triggering message has not reached the transcript', () => {
    const partial = assembleContextPackage({ request, events: events.filter((e) => e.eventId !== 'e6'), now: t(8) });
    expect(partial.partial).toBe(true);
    expect(partial.missingSources).toEqual(['transcript']);
    expect(partial.summary).toContain('Partial package: transcript not yet available.');
  });
});
