// The summary as text for a terminal: the report command prints what the dashboard shows.
import type { DurationStats, GetSummaryResponse } from '@handoff/contracts';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function formatSeconds(s: number): string {
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

const durations = (d: DurationStats | undefined) =>
  !d || d.count === 0 ? 'no samples' : `p50 ${formatSeconds(d.p50Seconds)}, p90 ${formatSeconds(d.p90Seconds)}, p99 ${formatSeconds(d.p99Seconds)}, mean ${formatSeconds(d.meanSeconds)} (n=${d.count})`;

export function formatSummary(s: GetSummaryResponse, filters: { category?: string; tier?: string; trigger?: string }): string {
  const scope = Object.entries(filters)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const csat = (c: GetSummaryResponse['csatHandedOff']) => (c && c.responses > 0 ? `${c.mean.toFixed(2)} / 5 (${pct(c.satisfiedShare)} satisfied, n=${c.responses})` : 'no responses');
  const lines = [
    `Handoff analytics ${s.range!.start!.toISOString()} → ${s.range!.end!.toISOString()}${scope ? ` (${scope})` : ''}`,
    '',
    `Conversations           ${s.conversations}`,
    `Handed to a person      ${s.handedOffConversations} conversations, ${s.handoffs} handoffs; handoff rate ${pct(s.handoffRate)}`,
    `Unclassified handoffs   ${s.unclassifiedHandoffs}${s.unclassifiedHandoffs > 0 ? '  ← DEFECT: every handoff must carry a reason code' : ''}`,
    `Time to agent           ${durations(s.timeToAgent)}`,
    `First agent reply       ${durations(s.timeToFirstAgentReply)}`,
    `Resolution time         ${durations(s.resolutionTime)}`,
    `Agent handling time     ${durations(s.handlingTime)}`,
    `Abandoned while waiting ${s.abandoned} (${pct(s.abandonmentRate)}); waited ${durations(s.abandonedWait)}`,
    `Async tickets           ${s.asyncTickets}`,
    `Resolved by a person    ${s.resolvedHandoffs}`,
    `CSAT handed off         ${csat(s.csatHandedOff)}`,
    `CSAT AI only            ${csat(s.csatAiOnly)}`,
    `Sentiment               ${s.sentimentPairs > 0 ? `${s.sentimentAtHandoffMean.toFixed(2)} at handoff → ${s.sentimentAtCloseMean.toFixed(2)} at close; improved in ${pct(s.sentimentImprovedShare)} (n=${s.sentimentPairs})` : 'no closed handoffs with sentiment'}`,
    `Repeat contact          ${s.repeatContacts} of ${s.repeatContactEligible} known customers (${pct(s.repeatContactRate)}) within ${s.repeatContactWindowDays} days, same category`,
    `Avoidable (agent flags) ${pct(s.avoidableShare)}: yes ${s.flaggedYes}, no ${s.flaggedNo}, unsure ${s.flaggedUnsure}`,
    `Soft offers             ${s.offersMade > 0 ? `${s.offersMade} made, ${s.offersAccepted} accepted (${pct(s.offerAcceptanceRate)}), ${s.offersDeclined} declined` : 'none'}`,
    ...s.offersByTrigger.map((o) => `  ${o.trigger.padEnd(22)} ${o.made} made, ${pct(o.acceptanceRate)} accepted, ${o.declined} declined, ${o.unanswered} unanswered`),
    'ETA accuracy per queue',
    ...(s.etaAccuracy.length === 0
      ? ['  no estimates followed by an assignment']
      : s.etaAccuracy.map(
          (e) =>
            `  ${e.queueId.padEnd(22)} n=${e.samples}, mean abs error ${formatSeconds(e.meanAbsoluteErrorSeconds)}, waited ${e.meanSignedErrorSeconds >= 0 ? 'longer' : 'shorter'} than told by ${formatSeconds(Math.abs(e.meanSignedErrorSeconds))} on average, ${pct(e.within30PercentShare)} within ±30%`,
        )),
  ];
  return `${lines.join('\n')}\n`;
}
