// The one-paragraph handoff summary an agent reads in 15 seconds. Every statement comes from a field of the package.
import { ActionOutcome, EscalationReason, Role, type ContextPackage } from '@handoff/contracts';

const REASONS: Record<EscalationReason, string> = {
  [EscalationReason.ESCALATION_REASON_UNSPECIFIED]: 'escalated',
  [EscalationReason.ESCALATION_REASON_EXPLICIT_REQUEST]: 'asked for a person',
  [EscalationReason.ESCALATION_REASON_HARD_CATEGORY]: 'raised an issue that always needs a person',
  [EscalationReason.ESCALATION_REASON_SENTIMENT_PERSISTENT]: 'grew frustrated over several messages',
  [EscalationReason.ESCALATION_REASON_SENTIMENT_DROP]: 'became very upset suddenly',
  [EscalationReason.ESCALATION_REASON_LOW_CONFIDENCE]: 'got answers the bot was not confident in',
  [EscalationReason.ESCALATION_REASON_LOOP_QUESTION]: 'kept asking the same question',
  [EscalationReason.ESCALATION_REASON_LOOP_ANSWER]: 'kept getting the same answer from the bot',
  [EscalationReason.ESCALATION_REASON_TURN_LIMIT]: 'exchanged many messages without resolution',
  [EscalationReason.ESCALATION_REASON_TIME_LIMIT]: 'waited too long without resolution',
  [EscalationReason.ESCALATION_REASON_SEGMENT_RULE]: 'is in a segment that goes straight to a person',
  [EscalationReason.ESCALATION_REASON_COMBINED_SCORE]: 'showed several signals that together call for a person',
  [EscalationReason.ESCALATION_REASON_OFFER_ACCEPTED]: 'accepted the offer of a person',
  [EscalationReason.UNRECOGNIZED]: 'escalated',
};

const OUTCOMES: Partial<Record<ActionOutcome, string>> = {
  [ActionOutcome.ACTION_OUTCOME_SUCCEEDED]: 'succeeded',
  [ActionOutcome.ACTION_OUTCOME_FAILED]: 'failed',
  [ActionOutcome.ACTION_OUTCOME_PENDING]: 'pending',
  [ActionOutcome.ACTION_OUTCOME_ABANDONED]: 'abandoned',
};

const humanize = (id: string) => id.replace(/_/g, ' ');
const quote = (text: string, max = 140) => `"${text.length > max ? `${text.slice(0, max - 1)}…` : text}"`;
/** Ends a sentence that closes with a quote, without doubling the quote's own full stop. */
const endSentence = (sentence: string) => (/[.!?…]"$/.test(sentence) ? sentence : `${sentence}.`);

function accountFacts(pkg: ContextPackage): string[] {
  const account = pkg.account;
  if (!account) return [];
  const facts: string[] = [];
  const crm = account.crm;
  if (crm?.plan) facts.push(`plan ${crm.plan}`);
  if (crm?.renewalDate) facts.push(`renews ${crm.renewalDate.toISOString().slice(0, 10)}`);
  if (crm?.contractValue?.amount) facts.push(`contract ${crm.contractValue.amount} ${crm.contractValue.currency}`);
  if (account.openInvoices.length > 0) facts.push(`${account.openInvoices.length} open invoice${account.openInvoices.length === 1 ? '' : 's'}`);
  const failed = account.recentPayments.filter((p) => p.status === 'failed');
  if (failed.length > 0) facts.push(`${failed.length} recent failed payment${failed.length === 1 ? '' : 's'}${failed[0]!.failureReason ? ` (${failed[0]!.failureReason})` : ''}`);
  if (account.previousTickets.length > 0) facts.push(`${account.previousTickets.length} previous ticket${account.previousTickets.length === 1 ? '' : 's'}`);
  return facts;
}

export function summarize(pkg: ContextPackage): string {
  const request = pkg.request!;
  const who = pkg.customer?.name ? `${pkg.customer.name}` : 'The customer';
  const tier = pkg.customer?.tier || request.customerTier;
  const customerMessages = pkg.transcript.filter((t) => t.role === Role.ROLE_CUSTOMER);
  const firstIssue = customerMessages[0];
  const parts: string[] = [];

  parts.push(`${who}${tier ? ` (${tier} tier)` : ''} ${REASONS[request.reason] ?? 'escalated'}.`);
  if (request.category && request.category !== 'other') parts.push(`Issue: ${humanize(request.category)}.`);
  if (firstIssue) parts.push(endSentence(`First said: ${quote(firstIssue.text)}`));
  if (request.evidence[0]?.detail) parts.push(endSentence(`Trigger: ${request.evidence[0].detail}`));
  parts.push(
    pkg.botActions.length > 0
      ? `AI attempted: ${pkg.botActions.map((a) => `${humanize(a.action)} (${OUTCOMES[a.outcome] ?? 'unknown outcome'})`).join(', ')}.`
      : 'AI attempted no actions.',
  );
  if (pkg.lastBotConfidence !== undefined) parts.push(`Bot's last confidence: ${Math.round(pkg.lastBotConfidence * 100)}%.`);
  if (pkg.sentiment && pkg.sentiment.perMessage.length > 1) parts.push(`Sentiment ${pkg.sentiment.atHandoff.toFixed(1)} at handoff, ${pkg.sentiment.direction}.`);
  const tech = pkg.technical;
  if (tech?.errorCodes.length) parts.push(`Error codes: ${tech.errorCodes.join(', ')}.`);
  if (tech && (tech.browser || tech.operatingSystem)) parts.push(`Using ${[tech.browser, tech.operatingSystem].filter(Boolean).join(' on ')}.`);
  if (pkg.currentPage) parts.push(`Was on: ${pkg.currentPage.title || pkg.currentPage.url}.`);
  const account = accountFacts(pkg);
  if (account.length > 0) parts.push(`Account: ${account.join(', ')}.`);
  if (pkg.previousHandoffs.length > 0) {
    const unresolved = pkg.previousHandoffs.filter((h) => h.outcome === 'unresolved').length;
    parts.push(`Previous handoffs: ${pkg.previousHandoffs.length}${unresolved ? ` (${unresolved} unresolved)` : ''}${pkg.repeatContact ? '; repeat contact about the same issue' : ''}.`);
  }
  if (pkg.earlierInConversation.length > 0) parts.push(`Escalated earlier in this conversation ${pkg.earlierInConversation.length} time${pkg.earlierInConversation.length === 1 ? '' : 's'}.`);
  if (pkg.similarHandoffs[0]) parts.push(endSentence(`A similar case was resolved by: ${quote(pkg.similarHandoffs[0].resolution, 100)}`));
  parts.push(`${customerMessages.length} customer message${customerMessages.length === 1 ? '' : 's'} in the transcript${pkg.transcriptCut ? ` (${pkg.transcriptCut.omittedMessages} older messages left out)` : ''}.`);
  if (pkg.partial) parts.push(`Partial package: ${pkg.missingSources.join(', ')} not yet available.`);
  return parts.join(' ');
}
