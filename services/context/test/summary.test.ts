import { EscalationReason, Role, SourceStatus, TriggerMode, type ContextPackage, type ConversationEvent, type HandoffRequested } from '@handoff/contracts';
import { assembleContextPackage } from '../src/domain/assemble';

const t = (s: number) => new Date(Date.UTC(2026, 10, 21, 10, 0, s));
const message = (id: string, s: number, role: Role, text: string): ConversationEvent => ({
  eventId: id, conversationId: 'c', occurredAt: t(s), channel: 'chat', language: 'en',
  payload: { $case: 'messagePosted', value: { messageId: id, role, text, botIntent: '', agentId: '' } },
});
const request: HandoffRequested = {
  handoffId: 'ho_2', conversationId: 'c', escalationSequence: 2, reason: EscalationReason.ESCALATION_REASON_SENTIMENT_DROP, mode: TriggerMode.TRIGGER_MODE_HARD,
  evidence: [{ reason: EscalationReason.ESCALATION_REASON_SENTIMENT_DROP, detail: 'sentiment fell from 0.10 to -0.85 in one message', score: -0.85, eventId: 'e3' }],
  policyVersion: 'p', triggeringEventId: 'e3', requestedAt: t(4), category: 'technical_issue', sentimentScore: -0.85, severity: 3, customerTier: 'vip', language: 'en', offerId: '', channel: 'chat',
};
const events = [
  message('e1', 1, Role.ROLE_CUSTOMER, 'Export fails with error 500'),
  message('e2', 2, Role.ROLE_BOT, 'Please retry.'),
  message('e3', 3, Role.ROLE_CUSTOMER, 'THIS IS THE THIRD TIME. Useless.'),
];

function full(): ContextPackage {
  return assembleContextPackage({
    request,
    events,
    sentimentByEvent: new Map([['e1', 0.1], ['e3', -0.85]]),
    account: {
      crm: { plan: 'Business', customerSince: t(0), renewalDate: new Date('2027-01-31T00:00:00Z'), contractValue: { amount: '12000.00', currency: 'EUR' }, accountOwner: 'Dana', notes: '' },
      openInvoices: [{ invoiceId: 'inv-1', amount: { amount: '99.00', currency: 'EUR' }, dueDate: t(0), status: 'overdue' }],
      recentPayments: [{ paymentId: 'p-1', amount: { amount: '99.00', currency: 'EUR' }, at: t(0), status: 'failed', failureReason: 'card expired' }],
      previousTickets: [],
      sources: [{ source: 'crm', status: SourceStatus.SOURCE_STATUS_OK, latencyMs: 12, error: '' }, { source: 'billing', status: SourceStatus.SOURCE_STATUS_TIMEOUT, latencyMs: 300, error: 'no answer within 300 ms' }],
    },
    history: {
      previous: [{ handoffId: 'ho_old', conversationId: 'old', requestedAt: t(0), reason: 1, category: 'technical_issue', outcome: 'unresolved', resolution: '' }],
      earlierInConversation: [{ handoffId: 'ho_1', conversationId: 'c', requestedAt: t(0), reason: 1, category: 'technical_issue', outcome: 'open', resolution: '' }],
      similar: [{ handoffId: 'ho_sim', similarity: 0.6, category: 'technical_issue', summary: '', resolution: 'Split the export into monthly files' }],
      repeatContact: true,
    },
    now: t(5),
  });
}

describe('handoff summary', () => {
  it('states the reason, issue, sentiment trend, errors, account, history and a similar resolution — each from a field', () => {
    const pkg = full();
    expect(pkg.summary).toBe(
      'The customer (vip tier) became very upset suddenly. Issue: technical issue. First said: "Export fails with error 500". ' +
        'Trigger: sentiment fell from 0.10 to -0.85 in one message. AI attempted no actions. Sentiment -0.8 at handoff, worsening. Error codes: 500. ' +
        'Account: plan Business, renews 2027-01-31, contract 12000.00 EUR, 1 open invoice, 1 recent failed payment (card expired). ' +
        'Previous handoffs: 1 (1 unresolved); repeat contact about the same issue. Escalated earlier in this conversation 1 time. ' +
        'A similar case was resolved by: "Split the export into monthly files". 2 customer messages in the transcript. Partial package: billing not yet available.',
    );
    expect(pkg).toMatchObject({ partial: true, missingSources: ['billing'], repeatContact: true, sentiment: { direction: 'worsening', perMessage: [0.1, -0.85] } });
  });

  it('says nothing about what the package does not hold', () => {
    const bare = assembleContextPackage({ request, events, now: t(5) });
    expect(bare.summary).not.toMatch(/Account|Previous handoffs|similar case|Sentiment|Partial/);
    expect(bare.similarHandoffs).toEqual([]);
  });
});
