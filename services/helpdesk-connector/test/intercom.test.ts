import { handoffFieldsOf, routingFieldsOf } from '../src/domain/fields';
import { DEFAULT_INTERCOM_ATTRIBUTES, intercomAttributesRequest, intercomNoteRequest, intercomUpdateRequests, type IntercomMapping } from '../src/domain/intercom';
import { assigned, queued, samplePackage } from './fixtures';

const mapping: IntercomMapping = { adminId: '814', attributeNames: DEFAULT_INTERCOM_ATTRIBUTES, adminIds: { sam: '991' } };
const fields = handoffFieldsOf(samplePackage());

describe('Intercom mapping', () => {
  it('sets conversation custom attributes on the chat system conversation', () => {
    expect(intercomAttributesRequest(fields, mapping)).toEqual({
      method: 'PUT',
      path: '/conversations/conv-42',
      body: {
        custom_attributes: {
          handoff_id: 'ho_sample',
          handoff_category: 'billing_dispute',
          handoff_reason: 'explicit_request',
          handoff_severity: 'high',
          handoff_sentiment: 'negative',
          customer_tier: 'standard',
        },
      },
    });
  });

  it('adds an admin note with the summary and key facts', () => {
    const note = intercomNoteRequest(fields, mapping);
    expect(note).toMatchObject({ method: 'POST', path: '/conversations/conv-42/reply', body: { message_type: 'note', type: 'admin', admin_id: '814' } });
    expect((note.body as { body: string }).body).toMatch(/^<p>Alice Moreau \(standard tier\) asked for a person\. Issue: billing dispute\.<\/p><p><b>Key facts<\/b><\/p><ul><li>Reason: explicit_request/);
  });

  it('on assignment: attributes, assignment to the mapped admin, then a note', () => {
    expect(intercomUpdateRequests('conv-42', routingFieldsOf(assigned('ho_sample', 2))!, mapping)).toEqual([
      { method: 'PUT', path: '/conversations/conv-42', body: { custom_attributes: { handoff_status: 'assigned', handoff_agent: 'Sam Okafor' } } },
      { method: 'POST', path: '/conversations/conv-42/parts', body: { message_type: 'assignment', type: 'admin', admin_id: '814', assignee_id: '991' } },
      { method: 'POST', path: '/conversations/conv-42/reply', body: { message_type: 'note', type: 'admin', admin_id: '814', body: '<p>Handoff assigned to Sam Okafor (Billing).</p>' } },
    ]);
  });

  it('when queued: no assignment', () => {
    const requests = intercomUpdateRequests('conv/odd id', routingFieldsOf(queued('ho_sample', 1))!, mapping);
    expect(requests.map((r) => r.path)).toEqual(['/conversations/conv%2Fodd%20id', '/conversations/conv%2Fodd%20id/reply']);
  });
});
