// What an agent is told when a handoff is offered or assigned to them: urgency by policy (VIP, critical severity, very
// negative sentiment), the facts they need at a glance, and a suggested first message that proves the context
// arrived. Pure: the context package's facts, the routing update and the policy in.
import { ActionOutcome, RoutingStatus, Severity, type ContextPackage, type RoutingUpdate } from '@handoff/contracts';
import type { AlertChannel, NotificationPolicy } from './policy';
import { Wording, fill } from './templates';
import { firstName } from './customer-messages';

/** What alerts need from a context package, and nothing more (kept by handoff id until the handoff is old). */
export interface AlertFacts {
  handoffId: string;
  conversationId: string;
  customerName: string;
  tier: string;
  category: string;
  severity: Severity;
  sentimentScore: number | undefined;
  sentimentDirection: string;
  summary: string;
  requestedAt: Date | undefined;
  language: string;
  /** Bot actions that failed or were abandoned, in words ("re add card"). */
  failedActions: string[];
  /** The first error message the customer quoted, verbatim. */
  errorMessage: string | undefined;
  partial: boolean;
}

const humanize = (action: string) => action.replace(/[_.-]+/g, ' ').trim();

export function alertFactsOf(pkg: ContextPackage): AlertFacts {
  const request = pkg.request;
  const failed = new Set([ActionOutcome.ACTION_OUTCOME_FAILED, ActionOutcome.ACTION_OUTCOME_ABANDONED]);
  return {
    handoffId: pkg.handoffId,
    conversationId: pkg.conversationId,
    customerName: pkg.customer?.name ?? '',
    tier: pkg.customer?.tier || request?.customerTier || '',
    category: request?.category ?? '',
    severity: request?.severity ?? Severity.SEVERITY_UNSPECIFIED,
    sentimentScore: pkg.sentiment ? pkg.sentiment.atHandoff : request?.sentimentScore,
    sentimentDirection: pkg.sentiment?.direction ?? '',
    summary: pkg.summary,
    requestedAt: request?.requestedAt,
    language: pkg.language || request?.language || '',
    failedActions: [...new Set(pkg.botActions.filter((a) => failed.has(a.outcome)).map((a) => humanize(a.action)))],
    errorMessage: pkg.technical?.errorMessages[0],
    partial: pkg.partial,
  };
}

export type Urgency = 'urgent' | 'routine';

const SEVERITY_NAMES: Partial<Record<Severity, string>> = {
  [Severity.SEVERITY_LOW]: 'low',
  [Severity.SEVERITY_NORMAL]: 'normal',
  [Severity.SEVERITY_HIGH]: 'high',
  [Severity.SEVERITY_CRITICAL]: 'critical',
};

/** Urgent when any of the policy's conditions holds; the reasons say which, for the alert and the record. */
export function decideUrgency(facts: AlertFacts | undefined, update: RoutingUpdate, policy: NotificationPolicy): { urgency: Urgency; because: string[] } {
  const rules = policy.alerts.urgent_when;
  const because: string[] = [];
  const tier = facts?.tier || update.customerTier;
  if (tier && rules.tiers.includes(tier)) because.push(`${tier} customer`);
  const severity = facts ? SEVERITY_NAMES[facts.severity] : undefined;
  if (severity && (rules.severities as string[]).includes(severity)) because.push(`${severity} severity`);
  if (facts?.sentimentScore !== undefined && facts.sentimentScore <= rules.sentiment_at_or_below) because.push('very negative sentiment');
  return { urgency: because.length > 0 ? 'urgent' : 'routine', because };
}

export const channelsFor = (urgency: Urgency, policy: NotificationPolicy): AlertChannel[] => policy.alerts.channels[urgency];

export function sentimentLabel(score: number | undefined): string {
  if (score === undefined) return 'unknown';
  if (score <= -0.6) return 'very negative';
  if (score < -0.2) return 'negative';
  if (score <= 0.2) return 'neutral';
  return 'positive';
}

/**
 * The first message suggested to the agent, in the customer's language, built only from package fields: who, what
 * the issue is, what the assistant already tried, the error they see. E.g. "Hi Dana, I can see you need help with a
 * charge that doesn't look right, that our assistant already tried re add card without success; let me sort this out."
 */
export function suggestFirstMessage(facts: AlertFacts | undefined, update: RoutingUpdate, policy: NotificationPolicy): string {
  const words = Wording.for(policy, facts?.language || update.language);
  const name = facts?.customerName ? firstName(facts.customerName) : '';
  const greeting = name ? words.text('suggested_greeting', { customer_first_name: name }) : words.text('suggested_greeting_anonymous');
  const facts_ = [words.text('suggested_issue', { issue: words.issue(facts?.category || update.category) })];
  if (facts && facts.failedActions.length > 0) facts_.push(words.text('suggested_tried', { actions: facts.failedActions.join(', ') }));
  if (facts?.errorMessage) facts_.push(words.text('suggested_error', { error: facts.errorMessage.slice(0, 120) }));
  return words.text('suggested_message', { greeting, facts: facts_.join(', ') });
}

/** Everything any channel shows about one alert. */
export interface AgentAlert {
  deliveryId: string;
  handoffId: string;
  conversationId: string;
  urgency: Urgency;
  because: string[];
  /** paged: an on-call agent alerted for a critical handoff that became an async ticket (routing's page_on_call). */
  status: 'offered' | 'assigned' | 'paged';
  agent: { id: string; name: string };
  team: string;
  customer: string;
  tier: string;
  category: string;
  sentiment: { score: number | undefined; label: string; trend: string };
  summary: string;
  waitedSeconds: number;
  link: string;
  suggestedFirstMessage: string;
  /** False when the context package had not arrived in time: the agent should open the link. */
  contextArrived: boolean;
}

export function composeAgentAlert(deliveryId: string, facts: AlertFacts | undefined, update: RoutingUpdate, policy: NotificationPolicy, pagedAgentId?: string): AgentAlert {
  const decided = decideUrgency(facts, update, policy);
  // Routing pages on-call agents only for the severities its policy names: always urgent.
  const { urgency, because } = pagedAgentId ? { urgency: 'urgent' as const, because: ['on-call page', ...decided.because] } : decided;
  const waitedFrom = facts?.requestedAt;
  return {
    deliveryId,
    handoffId: update.handoffId,
    conversationId: update.conversationId,
    urgency,
    because,
    status: pagedAgentId ? 'paged' : update.status === RoutingStatus.ROUTING_STATUS_ASSIGNED ? 'assigned' : 'offered',
    agent: pagedAgentId ? { id: pagedAgentId, name: pagedAgentId } : { id: update.agent?.agentId ?? '', name: update.agent?.displayName ?? '' },
    team: update.team,
    customer: facts?.customerName || 'A customer',
    tier: facts?.tier || update.customerTier || 'standard',
    category: humanize(facts?.category || update.category || 'other'),
    sentiment: { score: facts?.sentimentScore, label: sentimentLabel(facts?.sentimentScore), trend: facts?.sentimentDirection ?? '' },
    summary: facts?.summary || 'The context package has not arrived yet; open the handoff for the whole conversation.',
    waitedSeconds: waitedFrom && update.at ? Math.max(0, Math.round((update.at.getTime() - waitedFrom.getTime()) / 1000)) : 0,
    link: fill(policy.alerts.link, { handoff_id: encodeURIComponent(update.handoffId), conversation_id: encodeURIComponent(update.conversationId) }),
    suggestedFirstMessage: suggestFirstMessage(facts, update, policy),
    contextArrived: facts !== undefined,
  };
}

/** An agent's e-mail address: the directory, else the policy's pattern, else none. */
export function agentEmail(agentId: string, policy: NotificationPolicy): string | undefined {
  const { agents, agent_address } = policy.alerts.email;
  if (Object.hasOwn(agents, agentId)) return agents[agentId];
  return agent_address ? fill(agent_address, { agent_id: agentId }) : undefined;
}

export const teamEmail = (team: string, policy: NotificationPolicy): string | undefined =>
  Object.hasOwn(policy.alerts.email.teams, team) ? policy.alerts.email.teams[team] : undefined;
