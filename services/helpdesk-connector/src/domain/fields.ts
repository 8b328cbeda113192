// The connector's one view of a handoff: the context package and routing updates reduced to named, typed fields.
// Every target maps from these fields, never from the raw proto, so all targets agree on what "category" or
// "severity" means. Pure: no I/O, no clock.
import {
  ActionOutcome,
  EscalationReason,
  RoutingStatus,
  Role,
  Severity,
  TriggerMode,
  actionOutcomeToJSON,
  escalationReasonToJSON,
  routingStatusToJSON,
  severityToJSON,
  triggerModeToJSON,
  type ContextPackage,
  type Money,
  type PageVisit,
  type RoutingUpdate,
} from '@handoff/contracts';

/** The proto enum name without its prefix, lower case: ESCALATION_REASON_EXPLICIT_REQUEST → explicit_request. */
function enumCode(name: string, prefix: string): string {
  if (name === 'UNRECOGNIZED' || name.endsWith('_UNSPECIFIED')) return 'unspecified';
  return name.slice(prefix.length).toLowerCase();
}

export const reasonCode = (r: EscalationReason): string => enumCode(escalationReasonToJSON(r), 'ESCALATION_REASON_');
export const severityCode = (s: Severity): string => enumCode(severityToJSON(s), 'SEVERITY_');
export const modeCode = (m: TriggerMode): string => enumCode(triggerModeToJSON(m), 'TRIGGER_MODE_');
export const outcomeCode = (o: ActionOutcome): string => enumCode(actionOutcomeToJSON(o), 'ACTION_OUTCOME_');

/** Routing status as the connector names it. OFFERED is still waiting for the agent to accept: queued. */
export type HandoffStatus = 'queued' | 'assigned' | 'async' | 'abandoned' | 'completed';

export function handoffStatusOf(status: RoutingStatus): HandoffStatus | undefined {
  switch (status) {
    case RoutingStatus.ROUTING_STATUS_QUEUED:
    case RoutingStatus.ROUTING_STATUS_OFFERED:
      return 'queued';
    case RoutingStatus.ROUTING_STATUS_ASSIGNED:
      return 'assigned';
    case RoutingStatus.ROUTING_STATUS_ASYNC_FALLBACK:
      return 'async';
    case RoutingStatus.ROUTING_STATUS_ABANDONED:
      return 'abandoned';
    case RoutingStatus.ROUTING_STATUS_COMPLETED:
      return 'completed';
    default:
      return undefined;
  }
}

export const routingStatusName = (s: RoutingStatus): string => enumCode(routingStatusToJSON(s), 'ROUTING_STATUS_');

/** negative ≤ −0.3 < neutral < 0.3 ≤ positive (the detection thresholds for "negative"). */
export function sentimentLabel(score: number): 'negative' | 'neutral' | 'positive' {
  if (score <= -0.3) return 'negative';
  if (score >= 0.3) return 'positive';
  return 'neutral';
}

const iso = (d: Date | undefined): string | null => (d ? d.toISOString() : null);
const money = (m: Money | undefined): string | null => (m ? `${m.amount} ${m.currency}` : null);
const page = (p: PageVisit | undefined): { url: string; title: string } | null => (p ? { url: p.url, title: p.title } : null);
const round2 = (n: number): number => Math.round(n * 100) / 100;

/** "billing_dispute" → "Billing dispute". */
export function humanize(code: string): string {
  const words = code.replace(/[_-]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : '';
}

export interface HandoffFields {
  handoffId: string;
  conversationId: string;
  escalationSequence: number;
  subject: string;
  summary: string;
  summarySource: string;
  language: string;
  requestedAt: string | null;
  policyVersion: string;
  customer: { id: string; name: string; email: string; accountId: string; tier: string };
  category: string;
  reason: string;
  reasonDetail: string;
  mode: string;
  severity: string;
  sentiment: { score: number; label: string; first: number | null; direction: string | null };
  lastBotConfidence: number | null;
  botActions: Array<{ action: string; outcome: string; detail: string }>;
  currentPage: { url: string; title: string } | null;
  technical: { errorCodes: string[]; errorMessages: string[]; browser: string; operatingSystem: string; productArea: string } | null;
  account: {
    plan: string;
    accountOwner: string;
    customerSince: string | null;
    renewalDate: string | null;
    contractValue: string | null;
    openInvoices: Array<{ invoiceId: string; amount: string | null; dueDate: string | null; status: string }>;
    recentPayments: Array<{ paymentId: string; amount: string | null; at: string | null; status: string; failureReason: string }>;
  } | null;
  repeatContact: boolean;
  previousHandoffs: Array<{ handoffId: string; category: string; reason: string; outcome: string; requestedAt: string | null }>;
  similarHandoffs: Array<{ handoffId: string; similarity: number; category: string; resolution: string }>;
  transcript: { totalMessages: number; includedMessages: number; omittedMessages: number; firstCustomerMessage: string };
  partial: boolean;
  missingSources: string[];
  /** Short lines for the internal note, most useful first; each one traceable to a field above. */
  keyFacts: string[];
}

/** Maps a context package to the connector's fields. */
export function handoffFieldsOf(pkg: ContextPackage): HandoffFields {
  const request = pkg.request;
  const customer = pkg.customer;
  const tier = customer?.tier || request?.customerTier || '';
  const category = request?.category || 'other';
  const score = round2(pkg.sentiment?.atHandoff ?? request?.sentimentScore ?? 0);
  const customerMessages = pkg.transcript.filter((t) => t.role === Role.ROLE_CUSTOMER);
  const technical = pkg.technical;
  const hasTechnical = !!technical && (technical.errorCodes.length > 0 || technical.errorMessages.length > 0 || !!technical.browser || !!technical.operatingSystem || !!technical.productArea);
  const crm = pkg.account?.crm;
  const fields: Omit<HandoffFields, 'keyFacts'> = {
    handoffId: pkg.handoffId,
    conversationId: pkg.conversationId,
    escalationSequence: request?.escalationSequence ?? 1,
    subject: `${humanize(category)}: ${customer?.name || 'customer'} needs a person`,
    summary: pkg.summary,
    summarySource: pkg.summarySource || 'template',
    language: pkg.language || request?.language || '',
    requestedAt: iso(request?.requestedAt),
    policyVersion: request?.policyVersion ?? '',
    customer: { id: customer?.customerId ?? '', name: customer?.name ?? '', email: customer?.email ?? '', accountId: customer?.accountId ?? '', tier },
    category,
    reason: reasonCode(request?.reason ?? EscalationReason.ESCALATION_REASON_UNSPECIFIED),
    reasonDetail: request?.evidence[0]?.detail ?? '',
    mode: modeCode(request?.mode ?? TriggerMode.TRIGGER_MODE_UNSPECIFIED),
    severity: severityCode(request?.severity ?? Severity.SEVERITY_UNSPECIFIED),
    sentiment: {
      score,
      label: sentimentLabel(score),
      first: pkg.sentiment ? round2(pkg.sentiment.first) : null,
      direction: pkg.sentiment?.direction || null,
    },
    lastBotConfidence: pkg.lastBotConfidence ?? null,
    botActions: pkg.botActions.map((a) => ({ action: a.action, outcome: outcomeCode(a.outcome), detail: a.detail })),
    currentPage: page(pkg.currentPage ?? pkg.pages[0]),
    technical: hasTechnical
      ? { errorCodes: technical.errorCodes, errorMessages: technical.errorMessages, browser: technical.browser, operatingSystem: technical.operatingSystem, productArea: technical.productArea }
      : null,
    account: pkg.account
      ? {
          plan: crm?.plan ?? '',
          accountOwner: crm?.accountOwner ?? '',
          customerSince: iso(crm?.customerSince),
          renewalDate: iso(crm?.renewalDate),
          contractValue: money(crm?.contractValue),
          openInvoices: pkg.account.openInvoices.map((i) => ({ invoiceId: i.invoiceId, amount: money(i.amount), dueDate: iso(i.dueDate), status: i.status })),
          recentPayments: pkg.account.recentPayments.map((p) => ({ paymentId: p.paymentId, amount: money(p.amount), at: iso(p.at), status: p.status, failureReason: p.failureReason })),
        }
      : null,
    repeatContact: pkg.repeatContact,
    previousHandoffs: pkg.previousHandoffs.map((h) => ({ handoffId: h.handoffId, category: h.category, reason: reasonCode(h.reason), outcome: h.outcome, requestedAt: iso(h.requestedAt) })),
    similarHandoffs: pkg.similarHandoffs.map((h) => ({ handoffId: h.handoffId, similarity: round2(h.similarity), category: h.category, resolution: h.resolution })),
    transcript: {
      totalMessages: pkg.transcriptCut?.totalMessages ?? pkg.transcript.length,
      includedMessages: pkg.transcriptCut?.includedMessages ?? pkg.transcript.length,
      omittedMessages: pkg.transcriptCut?.omittedMessages ?? 0,
      firstCustomerMessage: customerMessages[0]?.text ?? '',
    },
    partial: pkg.partial,
    missingSources: pkg.missingSources,
  };
  return { ...fields, keyFacts: keyFactsOf(fields) };
}

const pct = (n: number): string => `${Math.round(n * 100)}%`;

function keyFactsOf(f: Omit<HandoffFields, 'keyFacts'>): string[] {
  const facts: string[] = [];
  facts.push(`Reason: ${f.reason} (${f.mode})${f.reasonDetail ? ` - ${f.reasonDetail}` : ''}`);
  facts.push(`Category: ${f.category} · severity ${f.severity} · tier ${f.customer.tier || 'unknown'}`);
  const trend = f.sentiment.direction ? `, ${f.sentiment.direction}${f.sentiment.first !== null ? ` from ${f.sentiment.first.toFixed(2)}` : ''}` : '';
  facts.push(`Sentiment at handoff: ${f.sentiment.score.toFixed(2)} (${f.sentiment.label}${trend})`);
  if (f.transcript.firstCustomerMessage) facts.push(`First customer message: "${f.transcript.firstCustomerMessage}"`);
  if (f.botActions.length > 0) facts.push(`Bot tried: ${f.botActions.map((a) => `${a.action} (${a.outcome}${a.detail ? `: ${a.detail}` : ''})`).join('; ')}`);
  if (f.lastBotConfidence !== null) facts.push(`Bot's last confidence: ${pct(f.lastBotConfidence)}`);
  if (f.currentPage) facts.push(`Current page: ${f.currentPage.title || f.currentPage.url} (${f.currentPage.url})`);
  if (f.technical) {
    const t = f.technical;
    const parts = [
      t.errorCodes.length ? `error codes ${t.errorCodes.join(', ')}` : '',
      t.errorMessages.length ? `errors "${t.errorMessages.join('", "')}"` : '',
      t.productArea ? `area ${t.productArea}` : '',
      [t.browser, t.operatingSystem].filter(Boolean).join(' on '),
    ].filter(Boolean);
    facts.push(`Technical: ${parts.join('; ')}`);
  }
  if (f.account) {
    const a = f.account;
    const parts = [
      a.plan ? `plan ${a.plan}` : '',
      a.contractValue ? `contract ${a.contractValue}` : '',
      a.renewalDate ? `renews ${a.renewalDate.slice(0, 10)}` : '',
      a.accountOwner ? `owner ${a.accountOwner}` : '',
      a.openInvoices.length ? `open invoices ${a.openInvoices.map((i) => `${i.invoiceId} ${i.amount ?? ''} ${i.status}`.replace(/\s+/g, ' ').trim()).join(', ')}` : '',
      ...a.recentPayments.filter((p) => p.status === 'failed').map((p) => `payment ${p.paymentId} failed${p.failureReason ? ` (${p.failureReason})` : ''}`),
    ].filter(Boolean);
    if (parts.length) facts.push(`Account: ${parts.join('; ')}`);
  }
  if (f.repeatContact) facts.push('Repeat contact: the customer contacted us about this category recently');
  if (f.previousHandoffs.length > 0) facts.push(`Previous handoffs: ${f.previousHandoffs.map((h) => `${h.category} (${h.outcome})`).join(', ')}`);
  if (f.similarHandoffs.length > 0) {
    const best = f.similarHandoffs[0]!;
    facts.push(`Similar resolved handoff ${best.handoffId} (${pct(best.similarity)} similar): ${best.resolution}`);
  }
  if (f.transcript.omittedMessages > 0) facts.push(`Transcript: ${f.transcript.includedMessages} of ${f.transcript.totalMessages} messages included (${f.transcript.omittedMessages} omitted)`);
  if (f.partial) facts.push(`Partial context: ${f.missingSources.join(', ') || 'a source'} did not answer in time`);
  facts.push(`Handoff ${f.handoffId} · conversation ${f.conversationId} · policy ${f.policyVersion || 'unknown'}`);
  return facts;
}

/** The internal note shown to agents: the summary paragraph, then the key facts as a list. */
export function internalNoteOf(f: HandoffFields): string {
  return [f.summary || '(no summary)', '', 'Key facts:', ...f.keyFacts.map((k) => `- ${k}`)].join('\n');
}

/** What a routing update changes, in the connector's terms. */
export interface RoutingFields {
  handoffId: string;
  conversationId: string;
  sequence: number;
  status: HandoffStatus;
  team: string;
  queuePosition: number | null;
  etaSeconds: number | null;
  agent: { id: string; name: string } | null;
  slaDeadline: string | null;
  at: string | null;
}

/** Maps a routing update; undefined for a status the connector does not act on (unspecified). */
export function routingFieldsOf(update: RoutingUpdate): RoutingFields | undefined {
  const status = handoffStatusOf(update.status);
  if (!status) return undefined;
  return {
    handoffId: update.handoffId,
    conversationId: update.conversationId,
    sequence: update.sequence,
    status,
    team: update.team,
    queuePosition: status === 'queued' && update.queuePosition > 0 ? update.queuePosition : null,
    etaSeconds: status === 'queued' ? (update.etaSeconds ?? null) : null,
    agent: update.agent?.agentId ? { id: update.agent.agentId, name: update.agent.displayName } : null,
    slaDeadline: iso(update.slaDeadline),
    at: iso(update.at),
  };
}

/** The one-line internal note for a routing change. */
export function routingNoteOf(r: RoutingFields): string {
  switch (r.status) {
    case 'queued':
      return `Handoff queued${r.team ? ` for ${r.team}` : ''}${r.queuePosition ? `, position ${r.queuePosition}` : ''}${r.etaSeconds ? `, about ${Math.max(1, Math.round(r.etaSeconds / 60))} min` : ''}.`;
    case 'assigned':
      return `Handoff assigned to ${r.agent?.name || r.agent?.id || 'an agent'}${r.team ? ` (${r.team})` : ''}.`;
    case 'async':
      return `No agent available now: handled asynchronously${r.slaDeadline ? `, reply promised by ${r.slaDeadline}` : ''}.`;
    case 'abandoned':
      return 'The customer left before an agent joined; follow up asynchronously.';
    case 'completed':
      return `Handoff completed${r.agent ? ` by ${r.agent.name || r.agent.id}` : ''}.`;
  }
}

/** A tag-safe token: lower case letters, digits, _ and -. */
export const tagOf = (value: string): string => value.toLowerCase().replace(/[^a-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '');

/** handoff, the category, reason_<code>, tier_<tier>, plus repeat_contact / handoff_partial when they apply. */
export function tagsOf(f: HandoffFields): string[] {
  const tags = ['handoff', tagOf(f.category), `reason_${tagOf(f.reason)}`];
  if (f.customer.tier) tags.push(`tier_${tagOf(f.customer.tier)}`);
  if (f.repeatContact) tags.push('repeat_contact');
  if (f.partial) tags.push('handoff_partial');
  return tags;
}

/**
 * Values a deployment can map to its own custom fields by name (ZENDESK_FIELD_IDS, FRESHDESK_FIELD_NAMES,
 * INTERCOM_ATTRIBUTE_NAMES). Only mapped names are sent: a helpdesk rejects fields it does not have.
 */
export const MAPPABLE_FIELDS = [
  'handoff_id',
  'conversation_id',
  'category',
  'reason',
  'reason_detail',
  'mode',
  'severity',
  'sentiment',
  'sentiment_score',
  'tier',
  'language',
  'policy_version',
  'customer_id',
  'account_id',
  'repeat_contact',
  'summary_source',
  'requested_at',
  'status',
  'agent',
  'team',
] as const;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];
export type FieldMap = Partial<Record<MappableField, string>>;
export type FieldValue = string | number | boolean;

/** Custom-field values of a new handoff (status and agent come with routing updates). */
export function createFieldValues(f: HandoffFields): Partial<Record<MappableField, FieldValue>> {
  return {
    handoff_id: f.handoffId,
    conversation_id: f.conversationId,
    category: f.category,
    reason: f.reason,
    reason_detail: f.reasonDetail,
    mode: f.mode,
    severity: f.severity,
    sentiment: f.sentiment.label,
    sentiment_score: f.sentiment.score,
    tier: f.customer.tier,
    language: f.language,
    policy_version: f.policyVersion,
    customer_id: f.customer.id,
    account_id: f.customer.accountId,
    repeat_contact: f.repeatContact,
    summary_source: f.summarySource,
    ...(f.requestedAt ? { requested_at: f.requestedAt } : {}),
  };
}

export function updateFieldValues(r: RoutingFields): Partial<Record<MappableField, FieldValue>> {
  return { status: r.status, ...(r.agent ? { agent: r.agent.name || r.agent.id } : {}), ...(r.team ? { team: r.team } : {}) };
}

/** Picks the mapped values in the order of MAPPABLE_FIELDS, keyed by the target's own field key. */
export function mappedValues<K>(values: Partial<Record<MappableField, FieldValue>>, map: Partial<Record<MappableField, K>>): Array<[K, FieldValue]> {
  const out: Array<[K, FieldValue]> = [];
  for (const name of MAPPABLE_FIELDS) {
    const key = map[name];
    const value = values[name];
    if (key !== undefined && value !== undefined && value !== '') out.push([key, value]);
  }
  return out;
}
