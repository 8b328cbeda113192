import { handoffFieldsOf, routingFieldsOf } from '../src/domain/fields';
import { freshdeskCreateRequest, freshdeskNoteRequest, freshdeskTicketIdOf, freshdeskUpdateRequests, type FreshdeskMapping } from '../src/domain/freshdesk';
import { assigned, completed, samplePackage } from './fixtures';

const mapping: FreshdeskMapping = {
  fieldNames: { handoff_id: 'cf_handoff_id', category: 'cf_category', reason: 'cf_reason', sentiment: 'cf_sentiment', tier: 'cf_tier', repeat_contact: 'cf_repeat', status: 'cf_status' },
  agentIds: { sam: 42 },
};
const fields = handoffFieldsOf(samplePackage());

describe('Freshdesk mapping', () => {
  it('creates a ticket with requester, numeric priority and status, tags and cf_ fields; the description stays neutral', () => {
    expect(freshdeskCreateRequest(fields, mapping)).toEqual({
      method: 'POST',
      path: '/api/v2/tickets',
      body: {
        subject: 'Billing dispute: Alice Moreau needs a person',
        description: '<p>Chat conversation handed to a person: Billing dispute.</p>',
        name: 'Alice Moreau',
        email: 'alice@example.com',
        priority: 3,
        status: 2,
        source: 7,
        tags: ['handoff', 'billing_dispute', 'reason_explicit_request', 'tier_standard', 'repeat_contact', 'handoff_partial'],
        custom_fields: { cf_handoff_id: 'ho_sample', cf_category: 'billing_dispute', cf_reason: 'explicit_request', cf_sentiment: 'negative', cf_tier: 'standard', cf_repeat: true },
      },
    });
  });

  it('identifies a customer without e-mail by unique_external_id', () => {
    const noEmail = handoffFieldsOf({ ...samplePackage(), customer: { ...samplePackage().customer!, email: '' } });
    const body = freshdeskCreateRequest(noEmail, mapping).body as Record<string, unknown>;
    expect(body.email).toBeUndefined();
    expect(body.unique_external_id).toBe('cust_1');
  });

  it('adds the summary and key facts as a private HTML note', () => {
    const note = freshdeskNoteRequest('5', fields);
    expect(note.method).toBe('POST');
    expect(note.path).toBe('/api/v2/tickets/5/notes');
    expect(note.body).toEqual({
      private: true,
      body:
        '<p>Alice Moreau (standard tier) asked for a person. Issue: billing dispute.</p><p><b>Key facts</b></p><ul>' +
        fields.keyFacts.map((k) => `<li>${k.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}</li>`).join('') +
        '</ul>',
    });
    expect((note.body as { body: string }).body).toContain('<li>Reason: explicit_request (hard) - customer asked: &quot;talk to a person&quot;</li>');
  });

  it('updates status and responder, then adds a private note', () => {
    expect(freshdeskUpdateRequests('5', routingFieldsOf(assigned('ho_sample', 2))!, mapping)).toEqual([
      { method: 'PUT', path: '/api/v2/tickets/5', body: { status: 2, responder_id: 42, custom_fields: { cf_status: 'assigned' } } },
      { method: 'POST', path: '/api/v2/tickets/5/notes', body: { body: '<p>Handoff assigned to Sam Okafor (Billing).</p>', private: true } },
    ]);
    expect(freshdeskUpdateRequests('5', routingFieldsOf(completed('ho_sample', 3))!, { fieldNames: {}, agentIds: {} })[0]).toEqual({
      method: 'PUT',
      path: '/api/v2/tickets/5',
      body: { status: 4 },
    });
  });

  it('reads the ticket id from the create response', () => {
    expect(freshdeskTicketIdOf({ id: 1 })).toBe('1');
  });
});
