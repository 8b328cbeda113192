// The helpdesks the connector writes to. Each target turns the pure mappings of src/domain into requests.
import { unavailable } from '@handoff/errors';
import type { ConnectorConfig, TargetName } from '../config';
import type { HandoffFields, RoutingFields } from '../domain/fields';
import { freshdeskCreateRequest, freshdeskNoteRequest, freshdeskTicketIdOf, freshdeskUpdateRequests, type FreshdeskMapping } from '../domain/freshdesk';
import { DEFAULT_INTERCOM_ATTRIBUTES, intercomAttributesRequest, intercomNoteRequest, intercomUpdateRequests, type IntercomMapping } from '../domain/intercom';
import { webhookCreatedPayload, webhookRequest, webhookTicketIdOf, webhookUpdatedPayload } from '../domain/webhook';
import { signatureHeaders } from '../domain/webhook-signature';
import { zendeskCreateRequest, zendeskTicketIdOf, zendeskUpdateRequest, type ZendeskMapping } from '../domain/zendesk';
import type { HttpClient, HttpEndpoint } from './http-client';

export interface HelpdeskTarget {
  readonly name: TargetName;
  /** Creates the ticket and returns its id in the helpdesk. `key` is the same on every redelivery. */
  create(f: HandoffFields, key: string): Promise<string>;
  /** What follows once the ticket id is recorded (a note); repeated until it succeeds. */
  completeCreate(ticketId: string, f: HandoffFields, key: string): Promise<void>;
  /** Applies one routing update. */
  update(ticketId: string, r: RoutingFields, key: string): Promise<void>;
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function requireId(id: string | undefined, target: string): string {
  // A 2xx without an id is the helpdesk misbehaving, not our input: retry rather than dead-letter.
  if (!id) throw unavailable(`${target} answered the create request without a ticket id`);
  return id;
}

export class ZendeskTarget implements HelpdeskTarget {
  readonly name = 'zendesk' as const;
  private readonly endpoint: HttpEndpoint;

  constructor(private readonly http: HttpClient, baseUrl: string, email: string, apiToken: string, private readonly mapping: ZendeskMapping) {
    this.endpoint = { target: this.name, baseUrl, headers: { authorization: basic(`${email}/token`, apiToken) } };
  }

  async create(f: HandoffFields, key: string): Promise<string> {
    const { body } = await this.http.send(this.endpoint, zendeskCreateRequest(f, this.mapping, key));
    return requireId(zendeskTicketIdOf(body), this.name);
  }

  async completeCreate(): Promise<void> {
    // The summary and key facts are the ticket's first (private) comment already.
  }

  async update(ticketId: string, r: RoutingFields): Promise<void> {
    await this.http.send(this.endpoint, zendeskUpdateRequest(ticketId, r, this.mapping));
  }
}

export class FreshdeskTarget implements HelpdeskTarget {
  readonly name = 'freshdesk' as const;
  private readonly endpoint: HttpEndpoint;

  constructor(private readonly http: HttpClient, baseUrl: string, apiKey: string, private readonly mapping: FreshdeskMapping) {
    this.endpoint = { target: this.name, baseUrl, headers: { authorization: basic(apiKey, 'X') } };
  }

  async create(f: HandoffFields): Promise<string> {
    const { body } = await this.http.send(this.endpoint, freshdeskCreateRequest(f, this.mapping));
    return requireId(freshdeskTicketIdOf(body), this.name);
  }

  async completeCreate(ticketId: string, f: HandoffFields): Promise<void> {
    await this.http.send(this.endpoint, freshdeskNoteRequest(ticketId, f));
  }

  async update(ticketId: string, r: RoutingFields): Promise<void> {
    for (const request of freshdeskUpdateRequests(ticketId, r, this.mapping)) await this.http.send(this.endpoint, request);
  }
}

export class IntercomTarget implements HelpdeskTarget {
  readonly name = 'intercom' as const;
  private readonly endpoint: HttpEndpoint;

  constructor(private readonly http: HttpClient, baseUrl: string, token: string, version: string, private readonly mapping: IntercomMapping) {
    this.endpoint = { target: this.name, baseUrl, headers: { authorization: `Bearer ${token}`, 'Intercom-Version': version } };
  }

  async create(f: HandoffFields): Promise<string> {
    await this.http.send(this.endpoint, intercomAttributesRequest(f, this.mapping));
    return f.conversationId;
  }

  async completeCreate(_ticketId: string, f: HandoffFields): Promise<void> {
    await this.http.send(this.endpoint, intercomNoteRequest(f, this.mapping));
  }

  async update(conversationId: string, r: RoutingFields): Promise<void> {
    for (const request of intercomUpdateRequests(conversationId, r, this.mapping)) await this.http.send(this.endpoint, request);
  }
}

export class WebhookTarget implements HelpdeskTarget {
  readonly name = 'webhook' as const;
  private readonly endpoint: HttpEndpoint;

  constructor(private readonly http: HttpClient, url: string, secret: string) {
    this.endpoint = { target: this.name, baseUrl: url, headers: {}, sign: (body, now) => signatureHeaders(secret, body, now) };
  }

  async create(f: HandoffFields, key: string): Promise<string> {
    const { body } = await this.http.send(this.endpoint, webhookRequest(webhookCreatedPayload(f, key)));
    return webhookTicketIdOf(body) ?? f.handoffId;
  }

  async completeCreate(): Promise<void> {
    // The created delivery carries every field and the key facts.
  }

  async update(_ticketId: string, r: RoutingFields, key: string): Promise<void> {
    await this.http.send(this.endpoint, webhookRequest(webhookUpdatedPayload(r, key)));
  }
}

/** The targets CONNECTOR_TARGETS enables, in its order (loadConnectorConfig checked their variables). */
export function buildTargets(config: ConnectorConfig, http: HttpClient): HelpdeskTarget[] {
  return config.targets.map((name): HelpdeskTarget => {
    switch (name) {
      case 'zendesk':
        return new ZendeskTarget(http, config.ZENDESK_BASE_URL!, config.ZENDESK_EMAIL!, config.ZENDESK_API_TOKEN!, { fieldIds: config.ZENDESK_FIELD_IDS, agentIds: config.ZENDESK_AGENT_IDS });
      case 'freshdesk':
        return new FreshdeskTarget(http, config.FRESHDESK_BASE_URL!, config.FRESHDESK_API_KEY!, { fieldNames: config.FRESHDESK_FIELD_NAMES, agentIds: config.FRESHDESK_AGENT_IDS });
      case 'intercom':
        return new IntercomTarget(http, config.INTERCOM_BASE_URL, config.INTERCOM_TOKEN!, config.INTERCOM_VERSION, {
          adminId: config.INTERCOM_ADMIN_ID!,
          attributeNames: config.INTERCOM_ATTRIBUTE_NAMES ?? DEFAULT_INTERCOM_ATTRIBUTES,
          adminIds: config.INTERCOM_ADMIN_IDS,
        });
      case 'webhook':
        return new WebhookTarget(http, config.WEBHOOK_URL!, config.WEBHOOK_SECRET!);
    }
  });
}
