// The generic webhook: a documented, versioned JSON shape made of the connector's fields (snake_case), never the
// raw proto. Version 1; additive changes keep the version, anything else gets a new one.
import { tagsOf, type HandoffFields, type RoutingFields } from './fields';
import type { HttpRequestSpec } from './http-request';
import { DELIVERY_HEADER } from './webhook-signature';

export const WEBHOOK_VERSION = 1;

type Snake<S extends string> = S extends `${infer H}${infer T}` ? `${H extends Lowercase<H> ? H : `_${Lowercase<H>}`}${Snake<T>}` : S;
type SnakeKeys<T> = T extends Array<infer U> ? Array<SnakeKeys<U>> : T extends object ? { [K in keyof T as Snake<K & string>]: SnakeKeys<T[K]> } : T;

/** camelCase keys → snake_case, deeply. */
export function snakeKeys<T>(value: T): SnakeKeys<T> {
  if (Array.isArray(value)) return value.map((v) => snakeKeys(v)) as SnakeKeys<T>;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), snakeKeys(v)])) as SnakeKeys<T>;
  }
  return value as SnakeKeys<T>;
}

export interface WebhookCreated {
  version: typeof WEBHOOK_VERSION;
  type: 'handoff.created';
  delivery_id: string;
  handoff_id: string;
  conversation_id: string;
  handoff: SnakeKeys<HandoffFields> & { tags: string[] };
}

export interface WebhookUpdated {
  version: typeof WEBHOOK_VERSION;
  type: 'handoff.updated';
  delivery_id: string;
  handoff_id: string;
  conversation_id: string;
  routing: SnakeKeys<RoutingFields>;
}

export type WebhookPayload = WebhookCreated | WebhookUpdated;

export function webhookCreatedPayload(f: HandoffFields, deliveryId: string): WebhookCreated {
  return {
    version: WEBHOOK_VERSION,
    type: 'handoff.created',
    delivery_id: deliveryId,
    handoff_id: f.handoffId,
    conversation_id: f.conversationId,
    handoff: { ...snakeKeys(f), tags: tagsOf(f) },
  };
}

export function webhookUpdatedPayload(r: RoutingFields, deliveryId: string): WebhookUpdated {
  return { version: WEBHOOK_VERSION, type: 'handoff.updated', delivery_id: deliveryId, handoff_id: r.handoffId, conversation_id: r.conversationId, routing: snakeKeys(r) };
}

/** POSTed to WEBHOOK_URL itself; the signature headers are added per attempt by the adapter. */
export function webhookRequest(payload: WebhookPayload): HttpRequestSpec {
  return { method: 'POST', path: '', headers: { [DELIVERY_HEADER]: payload.delivery_id }, body: payload };
}

/** A receiver may answer a created delivery with {"ticket_id": "..."}; the connector records it. */
export function webhookTicketIdOf(response: unknown): string | undefined {
  const id = (response as { ticket_id?: unknown } | null)?.ticket_id;
  return typeof id === 'number' || (typeof id === 'string' && id) ? String(id) : undefined;
}
