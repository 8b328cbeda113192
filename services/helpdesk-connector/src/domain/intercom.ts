// Intercom mapping: the handoff lands on the Intercom conversation whose id is the chat system's conversation id,
// as conversation custom attributes (PUT /conversations/{id}) and an admin note (POST /conversations/{id}/reply).
import { createFieldValues, mappedValues, routingNoteOf, updateFieldValues, type HandoffFields, type MappableField, type RoutingFields } from './fields';
import { escapeHtml, htmlNote, type HttpRequestSpec } from './http-request';

export interface IntercomMapping {
  /** The admin the notes and assignments are written as (INTERCOM_ADMIN_ID). */
  adminId: string;
  /** Conversation attribute names by connector field name (INTERCOM_ATTRIBUTE_NAMES). */
  attributeNames: Partial<Record<MappableField, string>>;
  /** Intercom admin ids by Handoff agent id (INTERCOM_ADMIN_IDS): assigned handoffs are assigned to that admin. */
  adminIds: Record<string, string>;
}

export const DEFAULT_INTERCOM_ATTRIBUTES: Partial<Record<MappableField, string>> = {
  handoff_id: 'handoff_id',
  category: 'handoff_category',
  reason: 'handoff_reason',
  severity: 'handoff_severity',
  sentiment: 'handoff_sentiment',
  tier: 'customer_tier',
  status: 'handoff_status',
  agent: 'handoff_agent',
};

const path = (conversationId: string, suffix = '') => `/conversations/${encodeURIComponent(conversationId)}${suffix}`;
const attributes = (values: ReturnType<typeof createFieldValues>, names: Partial<Record<MappableField, string>>) => Object.fromEntries(mappedValues(values, names));
const note = (conversationId: string, adminId: string, body: string): HttpRequestSpec => ({
  method: 'POST',
  path: path(conversationId, '/reply'),
  body: { message_type: 'note', type: 'admin', admin_id: adminId, body },
});

/** Sets the attributes (idempotent); the ticket id the connector records is the conversation id. */
export function intercomAttributesRequest(f: HandoffFields, mapping: IntercomMapping): HttpRequestSpec {
  return { method: 'PUT', path: path(f.conversationId), body: { custom_attributes: attributes(createFieldValues(f), mapping.attributeNames) } };
}

/** The note with the summary and key facts, added once the attributes are set. */
export function intercomNoteRequest(f: HandoffFields, mapping: IntercomMapping): HttpRequestSpec {
  return note(f.conversationId, mapping.adminId, htmlNote(f.summary || '(no summary)', f.keyFacts));
}

export function intercomUpdateRequests(conversationId: string, r: RoutingFields, mapping: IntercomMapping): HttpRequestSpec[] {
  const requests: HttpRequestSpec[] = [];
  const attrs = attributes(updateFieldValues(r), mapping.attributeNames);
  if (Object.keys(attrs).length > 0) requests.push({ method: 'PUT', path: path(conversationId), body: { custom_attributes: attrs } });
  const assignee = r.status === 'assigned' && r.agent ? mapping.adminIds[r.agent.id] : undefined;
  if (assignee !== undefined) {
    requests.push({ method: 'POST', path: path(conversationId, '/parts'), body: { message_type: 'assignment', type: 'admin', admin_id: mapping.adminId, assignee_id: assignee } });
  }
  requests.push(note(conversationId, mapping.adminId, `<p>${escapeHtml(routingNoteOf(r))}</p>`));
  return requests;
}
