// How an agent alert or a supervisor digest looks on each channel: a Slack message (Block Kit, with a plain-text
// fallback), an e-mail (subject, text and HTML), and a versioned JSON body for the generic webhook. Pure.
import type { AgentAlert } from './agent-alerts';
import type { SupervisorDigest } from './supervisor-digest';

export interface SlackMessage {
  text: string;
  blocks: unknown[];
}

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

export function waitWords(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const sentimentWords = (alert: AgentAlert) =>
  alert.sentiment.score === undefined ? 'unknown' : `${alert.sentiment.label} (${alert.sentiment.score.toFixed(2)}${alert.sentiment.trend ? `, ${alert.sentiment.trend}` : ''})`;

const STATUS_WORDS = { offered: 'handoff offered to', assigned: 'handoff assigned to', paged: 'async ticket: on-call page for' } as const;
const headline = (alert: AgentAlert) => `${alert.urgency === 'urgent' ? 'Urgent: ' : ''}${alert.category} ${STATUS_WORDS[alert.status]} ${alert.agent.name || alert.agent.id}`;

/** Slack mrkdwn treats &, < and > specially. */
const slackEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const htmlEscape = (text: string) => slackEscape(text).replace(/"/g, '&quot;');

function facts(alert: AgentAlert): Array<[string, string]> {
  return [
    ['Customer', alert.customer],
    ['Tier', alert.tier],
    ['Category', alert.category],
    ['Sentiment', sentimentWords(alert)],
    ['Team', alert.team || '—'],
    ['Waiting', waitWords(alert.waitedSeconds)],
    ...(alert.because.length > 0 ? ([['Urgent because', alert.because.join(', ')]] as Array<[string, string]>) : []),
  ];
}

export function slackAlert(alert: AgentAlert): SlackMessage {
  return {
    text: `${headline(alert)}: ${alert.customer} (${alert.tier}) waiting ${waitWords(alert.waitedSeconds)}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: headline(alert).slice(0, 150) } },
      { type: 'section', fields: facts(alert).map(([label, value]) => ({ type: 'mrkdwn', text: `*${label}*\n${slackEscape(value)}` })) },
      { type: 'section', text: { type: 'mrkdwn', text: `*Summary*\n${slackEscape(alert.summary)}` } },
      { type: 'section', text: { type: 'mrkdwn', text: `*Suggested first message*\n>${slackEscape(alert.suggestedFirstMessage)}` } },
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open the handoff' }, url: alert.link, style: alert.urgency === 'urgent' ? 'danger' : 'primary' }] },
    ],
  };
}

export function emailAlert(alert: AgentAlert): EmailContent {
  const rows = facts(alert);
  const text = [
    `${headline(alert)}.`,
    '',
    ...rows.map(([label, value]) => `${label}: ${value}`),
    '',
    'Summary:',
    alert.summary,
    '',
    'Suggested first message:',
    alert.suggestedFirstMessage,
    '',
    `Open the handoff: ${alert.link}`,
  ].join('\n');
  const html = [
    `<h2>${htmlEscape(headline(alert))}</h2>`,
    `<table>${rows.map(([label, value]) => `<tr><th align="left">${htmlEscape(label)}</th><td>${htmlEscape(value)}</td></tr>`).join('')}</table>`,
    `<h3>Summary</h3><p>${htmlEscape(alert.summary)}</p>`,
    `<h3>Suggested first message</h3><blockquote>${htmlEscape(alert.suggestedFirstMessage)}</blockquote>`,
    `<p><a href="${htmlEscape(alert.link)}">Open the handoff</a></p>`,
  ].join('\n');
  const subject = `${alert.urgency === 'urgent' ? '[Urgent] ' : ''}${alert.category}: ${alert.customer} (${alert.tier}), waiting ${waitWords(alert.waitedSeconds)}`;
  return { subject, text, html };
}

/** The generic webhook's body: versioned, every field named, the same data the other channels show. */
export function webhookAlert(alert: AgentAlert): Record<string, unknown> {
  return {
    type: 'handoff.agent_alert',
    version: 1,
    delivery_id: alert.deliveryId,
    handoff_id: alert.handoffId,
    conversation_id: alert.conversationId,
    status: alert.status,
    urgency: alert.urgency,
    urgent_because: alert.because,
    agent: { id: alert.agent.id, name: alert.agent.name },
    team: alert.team,
    customer: { name: alert.customer, tier: alert.tier },
    category: alert.category,
    sentiment: { score: alert.sentiment.score ?? null, label: alert.sentiment.label, trend: alert.sentiment.trend },
    summary: alert.summary,
    waited_seconds: alert.waitedSeconds,
    link: alert.link,
    suggested_first_message: alert.suggestedFirstMessage,
    context_arrived: alert.contextArrived,
  };
}

const digestHeadline = (digest: SupervisorDigest) => `${digest.waiting} customer${digest.waiting === 1 ? '' : 's'} waiting; the longest for ${waitWords(digest.longestWaitSeconds)}`;
const teamLine = (row: SupervisorDigest['teams'][number]) => `${row.team}: ${row.waiting} waiting, longest ${waitWords(row.longestWaitSeconds)}`;

export function slackDigest(digest: SupervisorDigest): SlackMessage {
  return {
    text: `Queue digest: ${digestHeadline(digest)}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'Queue digest for supervisors' } },
      { type: 'section', text: { type: 'mrkdwn', text: `${digestHeadline(digest)} (threshold ${waitWords(digest.thresholdSeconds)}).` } },
      { type: 'section', text: { type: 'mrkdwn', text: digest.teams.map((row) => `• ${slackEscape(teamLine(row))}`).join('\n') } },
    ],
  };
}

export function emailDigest(digest: SupervisorDigest): EmailContent {
  return {
    subject: `Queue digest: ${digestHeadline(digest)}`,
    text: [`${digestHeadline(digest)} (threshold ${waitWords(digest.thresholdSeconds)}).`, '', ...digest.teams.map(teamLine)].join('\n'),
    html: `<p>${htmlEscape(digestHeadline(digest))} (threshold ${htmlEscape(waitWords(digest.thresholdSeconds))}).</p><ul>${digest.teams.map((row) => `<li>${htmlEscape(teamLine(row))}</li>`).join('')}</ul>`,
  };
}

export function webhookDigest(deliveryId: string, digest: SupervisorDigest): Record<string, unknown> {
  return {
    type: 'handoff.supervisor_digest',
    version: 1,
    delivery_id: deliveryId,
    at: digest.at.toISOString(),
    waiting: digest.waiting,
    longest_wait_seconds: digest.longestWaitSeconds,
    threshold_seconds: digest.thresholdSeconds,
    teams: digest.teams.map((row) => ({ team: row.team, waiting: row.waiting, longest_wait_seconds: row.longestWaitSeconds })),
  };
}
