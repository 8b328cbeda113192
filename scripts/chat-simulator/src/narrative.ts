// Words for the demo's narrative: what was said, and what Handoff did about it. Pure formatting.
import {
  ActionOutcome,
  EscalationReason,
  OutboundKind,
  RoutingStatus,
  TriggerMode,
  type ContextPackage,
  type HandoffOffered,
  type HandoffRequested,
  type OutboundMessage,
  type RoutingUpdate,
} from '@handoff/contracts';
import type { ScriptedConversation, Step } from './script';

const INDENT = '    ';
const wrapWidth = 100;

function wrap(text: string, indent: string): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && line.length + word.length + 1 > wrapWidth - indent.length) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : `${indent}${l}`)).join('\n');
}

const after = (ms: number | undefined) => (ms === undefined ? '' : `  (+${ms} ms)`);
/** ESCALATION_REASON_EXPLICIT_REQUEST → "explicit request" */
const label = (value: string | undefined, prefix: string) => (value ?? 'unknown').replace(prefix, '').toLowerCase().replace(/_/g, ' ');

export function heading(index: number, total: number, conversation: ScriptedConversation): string {
  const c = conversation.customer;
  return `\n━━ ${index}/${total} · ${conversation.title}\n${INDENT}${c.name} · ${c.tier} tier · account ${c.accountId}`;
}

export function chatLine(step: Step): string {
  if ('say' in step) {
    const who = step.as === 'bot' ? 'bot     ' : 'customer';
    const confidence = step.as === 'bot' ? ` [confidence ${step.confidence.toFixed(2)}]` : '';
    return `${INDENT}${who} │ ${wrap(step.say + confidence, `${INDENT}         │ `)}`;
  }
  if ('action' in step) return `${INDENT}AI tried │ ${step.action.replace(/_/g, ' ')} → ${label(ActionOutcome[step.outcome], 'ACTION_OUTCOME_')} (${step.detail})`;
  if ('page' in step) return `${INDENT}viewing  │ ${step.title}`;
  if ('button' in step) return `${INDENT}customer │ [pressed "Talk to a human"]`;
  if ('answerOffer' in step) return `${INDENT}customer │ [${step.answerOffer ? 'accepted' : 'declined'} the offer of a person]`;
  if ('chooseFollowUp' in step) return `${INDENT}customer │ [chose ${step.chooseFollowUp === 'callback' ? 'a call back' : 'an e-mail follow-up'} instead of waiting]`;
  return `${INDENT}closed   │ resolved by the bot, CSAT ${step.csat}/5`;
}

export function requestedLine(request: HandoffRequested, elapsedMs?: number): string {
  const reason = label(EscalationReason[request.reason], 'ESCALATION_REASON_');
  const mode = request.mode === TriggerMode.TRIGGER_MODE_HARD ? 'hard' : 'soft';
  const evidence = request.evidence[0]?.detail ?? '';
  return `${INDENT}▶ trigger  ${reason} (${mode}) · ${evidence} · category ${request.category} · policy ${request.policyVersion}${after(elapsedMs)}`;
}

export function offerLine(offer: HandoffOffered, elapsedMs?: number): string {
  const reason = label(EscalationReason[offer.reason], 'ESCALATION_REASON_');
  return `${INDENT}▶ offer    ${reason} (soft) · ${offer.evidence[0]?.detail ?? ''} · the customer is asked whether they want a person${after(elapsedMs)}`;
}

export function contextLines(pkg: ContextPackage, elapsedMs?: number): string {
  const facts = `${pkg.transcript.length} messages, ${pkg.botActions.length} AI action${pkg.botActions.length === 1 ? '' : 's'}, ${pkg.pages.length} page${pkg.pages.length === 1 ? '' : 's'}${pkg.partial ? `, partial (missing ${pkg.missingSources.join(', ')})` : ''}`;
  return `${INDENT}▶ context  ${facts}${after(elapsedMs)}\n${INDENT}           summary: ${wrap(pkg.summary, `${INDENT}                    `)}`;
}

export function routingLine(update: RoutingUpdate, elapsedMs?: number): string {
  switch (update.status) {
    case RoutingStatus.ROUTING_STATUS_ASSIGNED:
      return `${INDENT}▶ routing  assigned to ${update.agent?.displayName} (${update.team})${after(elapsedMs)}`;
    case RoutingStatus.ROUTING_STATUS_QUEUED:
      return `${INDENT}▶ routing  queued for ${update.team}, position ${update.queuePosition}: no matching agent has free capacity${after(elapsedMs)}`;
    case RoutingStatus.ROUTING_STATUS_COMPLETED:
      return `${INDENT}▶ routing  completed by ${update.agent?.displayName ?? 'the agent'}${after(elapsedMs)}`;
    default:
      return `${INDENT}▶ routing  ${label(RoutingStatus[update.status], 'ROUTING_STATUS_')}${after(elapsedMs)}`;
  }
}

/** `customerName`: for a message to a customer other than the one whose conversation is being played. */
export function customerToldLine(message: OutboundMessage, elapsedMs?: number, customerName?: string): string {
  const kind = message.kind === OutboundKind.OUTBOUND_KIND_AGENT_JOINED ? 'agent joined' : label(OutboundKind[message.kind], 'OUTBOUND_KIND_');
  return `${INDENT}▶ ${customerName ?? 'customer'} told (${kind})${after(elapsedMs)}:\n${INDENT}           “${wrap(message.text, `${INDENT}            `)}”`;
}
