import { handoffFieldsOf, internalNoteOf, routingFieldsOf } from '../src/domain/fields';
import { zendeskCreateRequest, zendeskTicketIdOf, zendeskUpdateRequest, type ZendeskMapping } from '../src/domain/zendesk';
import { assigned, completed, queued, samplePackage } from './fixtures';

const mapping: ZendeskMapping = {
  fieldIds: { category: 101, reason: 102, sentiment: 103, tier: 104, handoff_id: 105, conversation_id: 106, policy_version: 107, status: 108, agent: 109 },
  agentIds: { sam: 9001 },
};
const fields = handoffFieldsOf(samplePackage());

describe('Zendesk mapping', () => {
  it('creates a ticket with requester, priority, tags, custom fields and a private note', () => {
    expect(zendeskCreateRequest(fields, mapping, 'hc_key')).toEqual({
      method: 'POST',
      path: '/api/v2/tickets.json',
      headers: { 'Idempotency-Key': 'hc_key' },
      body: {
        ticket: {
          subject: 'Billing dispute: Alice Moreau needs a person',
          comment: { body: internalNoteOf(fields), public: false },
          requester: { name: 'Alice Moreau', email: 'alice@example.com' },
          priority: 'high',
          tags: ['handoff', 'billing_dispute', 'reason_explicit_request', 'tier_standard', 'repeat_contact', 'handoff_partial'],
          external_id: 'ho_sample',
          custom_fields: [
            { id: 105, value: 'ho_sample' },
            { id: 106, value: 'conv-42' },
            { id: 101, value: 'billing_dispute' },
            { id: 102, value: 'explicit_request' },
            { id: 103, value: 'negative' },
            { id: 104, value: 'standard' },
            { id: 107, value: 'builtin-1' },
          ],
        },
      },
    });
  });

  it('maps critical severity to urgent and sends no custom fields when none are configured', () => {
    const critical = handoffFieldsOf({ ...samplePackage(), request: { ...samplePackage().request!, severity: 4 } });
    const body = zendeskCreateRequest(critical, { fieldIds: {}, agentIds: {} }, 'k').body as { ticket: Record<string, unknown> };
    expect(body.ticket.priority).toBe('urgent');
    expect(body.ticket.custom_fields).toEqual([]);
  });

  it('updates status, assignee (when the agent is mapped), tags, fields and adds a private note', () => {
    expect(zendeskUpdateRequest('77', routingFieldsOf(assigned('ho_sample', 2))!, mapping)).toEqual({
      method: 'PUT',
      path: '/api/v2/tickets/77.json',
      body: {
        ticket: {
          status: 'open',
          assignee_id: 9001,
          additional_tags: ['handoff_assigned'],
          custom_fields: [
            { id: 108, value: 'assigned' },
            { id: 109, value: 'Sam Okafor' },
          ],
          comment: { body: 'Handoff assigned to Sam Okafor (Billing).', public: false },
        },
      },
    });
    const queuedBody = zendeskUpdateRequest('77', routingFieldsOf(queued('ho_sample', 1))!, mapping).body as { ticket: Record<string, unknown> };
    expect(queuedBody.ticket).toMatchObject({ status: 'open', additional_tags: ['handoff_queued'] });
    expect(queuedBody.ticket.assignee_id).toBeUndefined();
    const done = zendeskUpdateRequest('77', routingFieldsOf(completed('ho_sample', 3))!, mapping).body as { ticket: Record<string, unknown> };
    expect(done.ticket).toMatchObject({ status: 'solved', comment: { body: 'Handoff completed by Sam Okafor.', public: false } });
  });

  it('reads the ticket id from the create response', () => {
    expect(zendeskTicketIdOf({ ticket: { id: 35436 } })).toBe('35436');
    expect(zendeskTicketIdOf({})).toBeUndefined();
  });
});
