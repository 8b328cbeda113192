import { handoffFieldsOf, routingFieldsOf } from '../src/domain/fields';
import { snakeKeys, webhookCreatedPayload, webhookRequest, webhookUpdatedPayload } from '../src/domain/webhook';
import { assigned, samplePackage } from './fixtures';

const fields = handoffFieldsOf(samplePackage());

describe('generic webhook payload (version 1)', () => {
  it('handoff.created carries the mapped fields in snake_case, not the proto', () => {
    const payload = webhookCreatedPayload(fields, 'hc_delivery');
    expect(webhookRequest(payload)).toEqual({ method: 'POST', path: '', headers: { 'X-Handoff-Delivery': 'hc_delivery' }, body: payload });
    expect(payload).toEqual({
      version: 1,
      type: 'handoff.created',
      delivery_id: 'hc_delivery',
      handoff_id: 'ho_sample',
      conversation_id: 'conv-42',
      handoff: {
        handoff_id: 'ho_sample',
        conversation_id: 'conv-42',
        escalation_sequence: 1,
        subject: 'Billing dispute: Alice Moreau needs a person',
        summary: 'Alice Moreau (standard tier) asked for a person. Issue: billing dispute.',
        summary_source: 'template',
        language: 'en',
        requested_at: '2026-11-21T10:04:00.000Z',
        policy_version: 'builtin-1',
        customer: { id: 'cust_1', name: 'Alice Moreau', email: 'alice@example.com', account_id: 'acct_88231', tier: 'standard' },
        category: 'billing_dispute',
        reason: 'explicit_request',
        reason_detail: 'customer asked: "talk to a person"',
        mode: 'hard',
        severity: 'high',
        sentiment: { score: -0.55, label: 'negative', first: -0.1, direction: 'worsening' },
        last_bot_confidence: 0.41,
        bot_actions: [{ action: 'lookup_duplicate_charge', outcome: 'failed', detail: 'billing API timeout' }],
        current_page: { url: 'https://app.example.com/billing/invoices', title: 'Billing · Invoices' },
        technical: { error_codes: ['E402'], error_messages: [], browser: 'Firefox 132', operating_system: 'Windows 11', product_area: 'billing' },
        account: {
          plan: '',
          account_owner: '',
          customer_since: null,
          renewal_date: null,
          contract_value: null,
          open_invoices: [{ invoice_id: 'INV-11', amount: '49.00 EUR', due_date: '2026-11-30T00:00:00.000Z', status: 'open' }],
          recent_payments: [{ payment_id: 'pay_9', amount: '49.00 EUR', at: '2026-11-02T08:00:00.000Z', status: 'failed', failure_reason: 'card declined' }],
        },
        repeat_contact: true,
        previous_handoffs: [],
        similar_handoffs: [{ handoff_id: 'ho_old', similarity: 0.82, category: 'billing_dispute', resolution: 'Refunded the duplicate charge.' }],
        transcript: { total_messages: 3, included_messages: 3, omitted_messages: 0, first_customer_message: 'Hi, I was charged twice for my November invoice.' },
        partial: true,
        missing_sources: ['crm'],
        key_facts: fields.keyFacts,
        tags: ['handoff', 'billing_dispute', 'reason_explicit_request', 'tier_standard', 'repeat_contact', 'handoff_partial'],
      },
    });
  });

  it('handoff.updated carries the routing change', () => {
    expect(webhookUpdatedPayload(routingFieldsOf(assigned('ho_sample', 2))!, 'hc_u2')).toEqual({
      version: 1,
      type: 'handoff.updated',
      delivery_id: 'hc_u2',
      handoff_id: 'ho_sample',
      conversation_id: 'conv-42',
      routing: {
        handoff_id: 'ho_sample',
        conversation_id: 'conv-42',
        sequence: 2,
        status: 'assigned',
        team: 'Billing',
        queue_position: null,
        eta_seconds: null,
        agent: { id: 'sam', name: 'Sam Okafor' },
        sla_deadline: null,
        at: '2026-11-21T10:05:00.000Z',
      },
    });
  });

  it('snake-cases keys deeply', () => {
    expect(snakeKeys({ aB: [{ cDe: 1 }], f: null })).toEqual({ a_b: [{ c_de: 1 }], f: null });
  });
});
