// A realistic context package and routing updates, shared by the unit and integration tests.
import {
  ActionOutcome,
  EscalationReason,
  Role,
  RoutingStatus,
  RoutingUpdate,
  Severity,
  SourceStatus,
  TriggerMode,
  type ContextPackage,
} from '@handoff/contracts';

export function samplePackage(handoffId = 'ho_sample', conversationId = 'conv-42'): ContextPackage {
  const at = (s: string) => new Date(`2026-11-21T10:${s}Z`);
  return {
    handoffId,
    conversationId,
    request: {
      handoffId,
      conversationId,
      escalationSequence: 1,
      reason: EscalationReason.ESCALATION_REASON_EXPLICIT_REQUEST,
      mode: TriggerMode.TRIGGER_MODE_HARD,
      evidence: [{ reason: EscalationReason.ESCALATION_REASON_EXPLICIT_REQUEST, detail: 'customer asked: "talk to a person"', score: 1, eventId: 'e5' }],
      policyVersion: 'builtin-1',
      triggeringEventId: 'e5',
      requestedAt: at('04:00'),
      category: 'billing_dispute',
      sentimentScore: -0.55,
      severity: Severity.SEVERITY_HIGH,
      customerTier: 'standard',
      language: 'en',
      offerId: '', channel: 'chat',
    },
    transcript: [
      { messageId: 'm1', role: Role.ROLE_CUSTOMER, text: 'Hi, I was charged twice for my November invoice.', at: at('00:00'), botConfidence: undefined, botIntent: '' },
      { messageId: 'm2', role: Role.ROLE_BOT, text: 'Could you confirm the invoice number?', at: at('00:05'), botConfidence: 0.74, botIntent: 'billing' },
      { messageId: 'm3', role: Role.ROLE_CUSTOMER, text: 'This is not helping, let me talk to a person.', at: at('04:00'), botConfidence: undefined, botIntent: '' },
    ],
    customer: { customerId: 'cust_1', name: 'Alice Moreau', email: 'alice@example.com', accountId: 'acct_88231', tier: 'standard' },
    pages: [{ url: 'https://app.example.com/billing/invoices', title: 'Billing · Invoices', at: at('03:00') }],
    botActions: [{ action: 'lookup_duplicate_charge', outcome: ActionOutcome.ACTION_OUTCOME_FAILED, detail: 'billing API timeout', at: at('02:00') }],
    lastBotConfidence: 0.41,
    summary: 'Alice Moreau (standard tier) asked for a person. Issue: billing dispute.',
    partial: true,
    missingSources: ['crm'],
    assembledAt: at('04:01'),
    language: 'en',
    account: {
      crm: undefined,
      openInvoices: [{ invoiceId: 'INV-11', amount: { amount: '49.00', currency: 'EUR' }, dueDate: new Date('2026-11-30T00:00:00Z'), status: 'open' }],
      recentPayments: [{ paymentId: 'pay_9', amount: { amount: '49.00', currency: 'EUR' }, at: new Date('2026-11-02T08:00:00Z'), status: 'failed', failureReason: 'card declined' }],
      previousTickets: [],
      sources: [{ source: 'crm', status: SourceStatus.SOURCE_STATUS_TIMEOUT, latencyMs: 800, error: '' }],
    },
    sentiment: { atHandoff: -0.55, first: -0.1, perMessage: [-0.1, -0.55], direction: 'worsening' },
    technical: { errorCodes: ['E402'], errorMessages: [], browser: 'Firefox 132', operatingSystem: 'Windows 11', productArea: 'billing' },
    previousHandoffs: [],
    repeatContact: true,
    similarHandoffs: [{ handoffId: 'ho_old', similarity: 0.823, category: 'billing_dispute', summary: '', resolution: 'Refunded the duplicate charge.' }],
    currentPage: { url: 'https://app.example.com/billing/invoices', title: 'Billing · Invoices', at: at('03:00') },
    transcriptCut: undefined,
    earlierInConversation: [],
    summarySource: 'template',
  };
}

export function routingUpdate(handoffId: string, sequence: number, status: RoutingStatus, extra: Partial<RoutingUpdate> = {}): RoutingUpdate {
  return RoutingUpdate.fromPartial({
    updateId: `ru-${handoffId}-${sequence}`,
    handoffId,
    conversationId: 'conv-42',
    sequence,
    status,
    queueId: 'billing',
    team: 'Billing',
    queuePosition: 0,
    etaSeconds: undefined,
    agent: undefined,
    at: new Date('2026-11-21T10:05:00Z'),
    category: 'billing_dispute',
    language: 'en',
    customerTier: 'standard',
    slaDeadline: undefined,
    ...extra,
  });
}

export const assigned = (handoffId: string, sequence: number) =>
  routingUpdate(handoffId, sequence, RoutingStatus.ROUTING_STATUS_ASSIGNED, { agent: { agentId: 'sam', displayName: 'Sam Okafor' } });
export const queued = (handoffId: string, sequence: number, position = 2) =>
  routingUpdate(handoffId, sequence, RoutingStatus.ROUTING_STATUS_QUEUED, { queuePosition: position, etaSeconds: 240 });
export const completed = (handoffId: string, sequence: number) =>
  routingUpdate(handoffId, sequence, RoutingStatus.ROUTING_STATUS_COMPLETED, { agent: { agentId: 'sam', displayName: 'Sam Okafor' } });
