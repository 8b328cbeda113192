import { RoutingStatus } from '@handoff/contracts';
import { handoffFieldsOf, internalNoteOf, routingFieldsOf, routingNoteOf, tagsOf } from '../src/domain/fields';
import { assigned, queued, routingUpdate, samplePackage } from './fixtures';

describe('handoff fields', () => {
  const fields = handoffFieldsOf(samplePackage());

  it('maps the package to named fields, enums as codes', () => {
    expect(fields).toMatchObject({
      handoffId: 'ho_sample',
      conversationId: 'conv-42',
      subject: 'Billing dispute: Alice Moreau needs a person',
      category: 'billing_dispute',
      reason: 'explicit_request',
      reasonDetail: 'customer asked: "talk to a person"',
      mode: 'hard',
      severity: 'high',
      sentiment: { score: -0.55, label: 'negative', first: -0.1, direction: 'worsening' },
      customer: { id: 'cust_1', name: 'Alice Moreau', email: 'alice@example.com', accountId: 'acct_88231', tier: 'standard' },
      lastBotConfidence: 0.41,
      botActions: [{ action: 'lookup_duplicate_charge', outcome: 'failed', detail: 'billing API timeout' }],
      currentPage: { url: 'https://app.example.com/billing/invoices', title: 'Billing · Invoices' },
      repeatContact: true,
      partial: true,
      missingSources: ['crm'],
      requestedAt: '2026-11-21T10:04:00.000Z',
      transcript: { totalMessages: 3, includedMessages: 3, omittedMessages: 0, firstCustomerMessage: 'Hi, I was charged twice for my November invoice.' },
    });
    expect(fields.similarHandoffs).toEqual([{ handoffId: 'ho_old', similarity: 0.82, category: 'billing_dispute', resolution: 'Refunded the duplicate charge.' }]);
  });

  it('writes key facts an agent can scan, each from a field', () => {
    expect(fields.keyFacts).toEqual([
      'Reason: explicit_request (hard) - customer asked: "talk to a person"',
      'Category: billing_dispute · severity high · tier standard',
      'Sentiment at handoff: -0.55 (negative, worsening from -0.10)',
      'First customer message: "Hi, I was charged twice for my November invoice."',
      'Bot tried: lookup_duplicate_charge (failed: billing API timeout)',
      "Bot's last confidence: 41%",
      'Current page: Billing · Invoices (https://app.example.com/billing/invoices)',
      'Technical: error codes E402; area billing; Firefox 132 on Windows 11',
      'Account: open invoices INV-11 49.00 EUR open; payment pay_9 failed (card declined)',
      'Repeat contact: the customer contacted us about this category recently',
      'Similar resolved handoff ho_old (82% similar): Refunded the duplicate charge.',
      'Partial context: crm did not answer in time',
      'Handoff ho_sample · conversation conv-42 · policy builtin-1',
    ]);
    expect(internalNoteOf(fields).split('\n').slice(0, 4)).toEqual([
      'Alice Moreau (standard tier) asked for a person. Issue: billing dispute.',
      '',
      'Key facts:',
      '- Reason: explicit_request (hard) - customer asked: "talk to a person"',
    ]);
  });

  it('tags with handoff, category, reason and tier', () => {
    expect(tagsOf(fields)).toEqual(['handoff', 'billing_dispute', 'reason_explicit_request', 'tier_standard', 'repeat_contact', 'handoff_partial']);
  });

  it('copes with a bare package (no customer, no request details)', () => {
    const bare = handoffFieldsOf({ ...samplePackage(), customer: undefined, request: undefined, account: undefined, technical: undefined, sentiment: undefined, summary: '', pages: [], currentPage: undefined });
    expect(bare).toMatchObject({ subject: 'Other: customer needs a person', reason: 'unspecified', severity: 'unspecified', account: null, technical: null, currentPage: null });
  });

  it('maps routing updates to a status and note; OFFERED counts as queued, UNSPECIFIED is ignored', () => {
    expect(routingFieldsOf(assigned('h', 3))).toEqual({
      handoffId: 'h', conversationId: 'conv-42', sequence: 3, status: 'assigned', team: 'Billing', queuePosition: null, etaSeconds: null,
      agent: { id: 'sam', name: 'Sam Okafor' }, slaDeadline: null, at: '2026-11-21T10:05:00.000Z',
    });
    expect(routingNoteOf(routingFieldsOf(queued('h', 1))!)).toBe('Handoff queued for Billing, position 2, about 4 min.');
    expect(routingNoteOf(routingFieldsOf(assigned('h', 2))!)).toBe('Handoff assigned to Sam Okafor (Billing).');
    expect(routingFieldsOf(routingUpdate('h', 1, RoutingStatus.ROUTING_STATUS_OFFERED))?.status).toBe('queued');
    expect(routingFieldsOf(routingUpdate('h', 1, RoutingStatus.ROUTING_STATUS_UNSPECIFIED))).toBeUndefined();
    const async = routingFieldsOf(routingUpdate('h', 4, RoutingStatus.ROUTING_STATUS_ASYNC_FALLBACK, { slaDeadline: new Date('2026-11-22T09:00:00Z') }))!;
    expect(routingNoteOf(async)).toBe('No agent available now: handled asynchronously, reply promised by 2026-11-22T09:00:00.000Z.');
  });
});
