// Zendesk Support API mapping: POST /api/v2/tickets.json to create, PUT /api/v2/tickets/{id}.json to update.
import { internalNoteOf, mappedValues, routingNoteOf, tagsOf, createFieldValues, updateFieldValues, type HandoffFields, type HandoffStatus, type MappableField, type RoutingFields } from './fields';
import type { HttpRequestSpec } from './http-request';

export interface ZendeskMapping {
  /** Custom ticket field ids by connector field name (ZENDESK_FIELD_IDS). */
  fieldIds: Partial<Record<MappableField, number>>;
  /** Zendesk user ids of agents by Handoff agent id (ZENDESK_AGENT_IDS); unmapped agents are named in the note only. */
  agentIds: Record<string, number>;
}

const PRIORITY: Record<string, string> = { low: 'low', normal: 'normal', high: 'high', critical: 'urgent' };

/** queued, assigned, async and abandoned stay open for an agent; completed is solved. */
export const ZENDESK_STATUS: Record<HandoffStatus, string> = { queued: 'open', assigned: 'open', async: 'open', abandoned: 'open', completed: 'solved' };

const customFields = (values: ReturnType<typeof createFieldValues>, ids: Partial<Record<MappableField, number>>) =>
  mappedValues(values, ids).map(([id, value]) => ({ id, value }));

export function zendeskCreateRequest(f: HandoffFields, mapping: ZendeskMapping, idempotencyKey: string): HttpRequestSpec {
  const requester = f.customer.email || f.customer.name ? { ...(f.customer.name ? { name: f.customer.name } : {}), ...(f.customer.email ? { email: f.customer.email } : {}) } : undefined;
  return {
    method: 'POST',
    path: '/api/v2/tickets.json',
    headers: { 'Idempotency-Key': idempotencyKey },
    body: {
      ticket: {
        subject: f.subject,
        comment: { body: internalNoteOf(f), public: false },
        ...(requester ? { requester } : {}),
        priority: PRIORITY[f.severity] ?? 'normal',
        tags: tagsOf(f),
        external_id: f.handoffId,
        custom_fields: customFields(createFieldValues(f), mapping.fieldIds),
      },
    },
  };
}

/** The ticket id from the create response ({ ticket: { id } }). */
export function zendeskTicketIdOf(response: unknown): string | undefined {
  const id = (response as { ticket?: { id?: unknown } } | null)?.ticket?.id;
  return typeof id === 'number' || (typeof id === 'string' && id) ? String(id) : undefined;
}

export function zendeskUpdateRequest(ticketId: string, r: RoutingFields, mapping: ZendeskMapping): HttpRequestSpec {
  const assignee = r.status === 'assigned' && r.agent ? mapping.agentIds[r.agent.id] : undefined;
  return {
    method: 'PUT',
    path: `/api/v2/tickets/${encodeURIComponent(ticketId)}.json`,
    body: {
      ticket: {
        status: ZENDESK_STATUS[r.status],
        ...(assignee !== undefined ? { assignee_id: assignee } : {}),
        additional_tags: [`handoff_${r.status}`],
        custom_fields: customFields(updateFieldValues(r), mapping.fieldIds),
        comment: { body: routingNoteOf(r), public: false },
      },
    },
  };
}
