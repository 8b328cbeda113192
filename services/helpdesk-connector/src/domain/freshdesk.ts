// Freshdesk API v2 mapping: POST /api/v2/tickets, PUT /api/v2/tickets/{id}, private notes on /api/v2/tickets/{id}/notes.
import { createFieldValues, humanize, mappedValues, routingNoteOf, tagsOf, updateFieldValues, type HandoffFields, type HandoffStatus, type MappableField, type RoutingFields } from './fields';
import { escapeHtml, htmlNote, type HttpRequestSpec } from './http-request';

export interface FreshdeskMapping {
  /** Custom field names (cf_...) by connector field name (FRESHDESK_FIELD_NAMES). */
  fieldNames: Partial<Record<MappableField, string>>;
  /** Freshdesk agent ids by Handoff agent id (FRESHDESK_AGENT_IDS). */
  agentIds: Record<string, number>;
}

/** Freshdesk priorities: 1 low, 2 medium, 3 high, 4 urgent. */
const PRIORITY: Record<string, number> = { low: 1, normal: 2, high: 3, critical: 4 };
/** Freshdesk statuses: 2 open, 3 pending, 4 resolved, 5 closed. */
export const FRESHDESK_STATUS: Record<HandoffStatus, number> = { queued: 2, assigned: 2, async: 2, abandoned: 2, completed: 4 };
/** Ticket source 7: chat. */
const SOURCE_CHAT = 7;

const customFields = (values: ReturnType<typeof createFieldValues>, names: Partial<Record<MappableField, string>>) => Object.fromEntries(mappedValues(values, names));

/**
 * The ticket. Its description is visible to the requester in the Freshdesk portal, so it carries only a neutral
 * line; the summary and key facts go into a private note (freshdeskNoteRequest).
 */
export function freshdeskCreateRequest(f: HandoffFields, mapping: FreshdeskMapping): HttpRequestSpec {
  const requester = f.customer.email ? { email: f.customer.email } : { unique_external_id: f.customer.id || f.conversationId };
  return {
    method: 'POST',
    path: '/api/v2/tickets',
    body: {
      subject: f.subject,
      description: `<p>${escapeHtml(`Chat conversation handed to a person: ${humanize(f.category)}.`)}</p>`,
      ...(f.customer.name ? { name: f.customer.name } : {}),
      ...requester,
      priority: PRIORITY[f.severity] ?? 2,
      status: FRESHDESK_STATUS.queued,
      source: SOURCE_CHAT,
      tags: tagsOf(f),
      custom_fields: customFields(createFieldValues(f), mapping.fieldNames),
    },
  };
}

export function freshdeskTicketIdOf(response: unknown): string | undefined {
  const id = (response as { id?: unknown } | null)?.id;
  return typeof id === 'number' || (typeof id === 'string' && id) ? String(id) : undefined;
}

/** The private note with the summary and key facts, added right after the ticket. */
export function freshdeskNoteRequest(ticketId: string, f: HandoffFields): HttpRequestSpec {
  return { method: 'POST', path: `/api/v2/tickets/${encodeURIComponent(ticketId)}/notes`, body: { body: htmlNote(f.summary || '(no summary)', f.keyFacts), private: true } };
}

export function freshdeskUpdateRequests(ticketId: string, r: RoutingFields, mapping: FreshdeskMapping): HttpRequestSpec[] {
  const responder = r.status === 'assigned' && r.agent ? mapping.agentIds[r.agent.id] : undefined;
  const fields = customFields(updateFieldValues(r), mapping.fieldNames);
  return [
    {
      method: 'PUT',
      path: `/api/v2/tickets/${encodeURIComponent(ticketId)}`,
      body: {
        status: FRESHDESK_STATUS[r.status],
        ...(responder !== undefined ? { responder_id: responder } : {}),
        ...(Object.keys(fields).length > 0 ? { custom_fields: fields } : {}),
      },
    },
    { method: 'POST', path: `/api/v2/tickets/${encodeURIComponent(ticketId)}/notes`, body: { body: `<p>${escapeHtml(routingNoteOf(r))}</p>`, private: true } },
  ];
}
