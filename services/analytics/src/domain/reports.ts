// Reports over cells: the one place where stored aggregates become the numbers support teams read, shared by the
// gRPC API, the dashboard and the report command.
import type {
  AvoidableGroup,
  CsatStats,
  GetAvoidableResponse,
  GetLearningOpportunitiesResponse,
  GetReasonsResponse,
  GetSummaryResponse,
  LearningOpportunity,
  TimeSeriesPoint,
} from '@handoff/contracts';
import { Metric } from '@handoff/contracts';
import { mergeConversationStats, mergeHandoffStats, type Cell, type OfferCount, type ConversationCell, type ConversationStats, type HandoffCell, type HandoffStats } from './cells';
import { distribution, summarize } from './durations';
import { REASON_CODES, UNCLASSIFIED } from './reasons';
import { bucketStart, bucketStarts, nextBucket, type BucketWidth } from './time';

export interface ReportFilters {
  category?: string;
  tier?: string;
  /** Reason code, e.g. "hard_category". Applies to handoff measures only. */
  trigger?: string;
}

export interface ReportRange {
  start: Date;
  end: Date;
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10000) / 10000 : 0);
const round = (x: number) => Math.round(x * 1000) / 1000;

const inRange = (c: Cell, range: ReportRange) => c.start.getTime() >= range.start.getTime() && c.start.getTime() < range.end.getTime();
const conversationCells = (cells: Cell[], f: ReportFilters): ConversationCell[] =>
  cells.filter((c): c is ConversationCell => c.kind === 'conversation' && (!f.category || c.category === f.category) && (!f.tier || c.tier === f.tier));
const handoffCells = (cells: Cell[], f: ReportFilters): HandoffCell[] =>
  cells.filter(
    (c): c is HandoffCell =>
      c.kind === 'handoff' && (!f.category || c.category === f.category) && (!f.tier || c.tier === f.tier) && (!f.trigger || c.trigger === f.trigger),
  );

/** Conversation and handoff stats of some cells under the filters; exact duration samples are all kept. */
export function statsOf(cells: Cell[], filters: ReportFilters): { conversations: ConversationStats; handoffs: HandoffStats } {
  return {
    conversations: mergeConversationStats(conversationCells(cells, filters).map((c) => c.stats)),
    handoffs: mergeHandoffStats(handoffCells(cells, filters).map((c) => c.stats), Number.POSITIVE_INFINITY),
  };
}

export function csatStats(perScore: number[]): CsatStats {
  const responses = perScore.reduce((s, n) => s + n, 0);
  const total = perScore.reduce((s, n, i) => s + n * (i + 1), 0);
  return { responses, mean: responses ? round(total / responses) : 0, satisfiedShare: ratio((perScore[3] ?? 0) + (perScore[4] ?? 0), responses), perScore: [...perScore] };
}

/** Handed-off share of conversations; under a trigger filter, that trigger's handoffs per conversation. */
function handoffRate(conv: ConversationStats, ho: HandoffStats, filters: ReportFilters): number {
  return filters.trigger ? ratio(ho.handoffs, conv.conversations) : ratio(conv.handedOff, conv.conversations);
}

export function summary(cells: Cell[], range: ReportRange, filters: ReportFilters, repeatContactDays: number): GetSummaryResponse {
  const { conversations: conv, handoffs: ho } = statsOf(
    cells.filter((c) => inRange(c, range)),
    filters,
  );
  const flagged = ho.flaggedYes + ho.flaggedNo + ho.flaggedUnsure;
  return {
    range: { start: range.start, end: range.end },
    conversations: conv.conversations,
    handedOffConversations: conv.handedOff,
    handoffRate: handoffRate(conv, ho, filters),
    handoffs: ho.handoffs,
    unclassifiedHandoffs: ho.unclassified,
    timeToAgent: summarize(ho.timeToAgent),
    timeToAgentDistribution: distribution(ho.timeToAgent),
    timeToFirstAgentReply: summarize(ho.firstAgentReply),
    resolutionTime: summarize(ho.resolution),
    handlingTime: summarize(ho.handling),
    abandoned: ho.abandoned,
    abandonmentRate: ratio(ho.abandoned, ho.handoffs),
    abandonedWait: summarize(ho.abandonedWait),
    asyncTickets: ho.asyncTickets,
    csatHandedOff: csatStats(conv.csatHandedOff),
    csatAiOnly: csatStats(conv.csatAiOnly),
    sentimentPairs: ho.sentimentPairs,
    sentimentAtHandoffMean: ho.sentimentPairs ? round(ho.sentimentAtHandoffSum / ho.sentimentPairs) : 0,
    sentimentAtCloseMean: ho.sentimentPairs ? round(ho.sentimentAtCloseSum / ho.sentimentPairs) : 0,
    sentimentImprovedShare: ratio(ho.sentimentImproved, ho.sentimentPairs),
    repeatContactEligible: conv.repeatEligible,
    repeatContacts: conv.repeatContacts,
    repeatContactRate: ratio(conv.repeatContacts, conv.repeatEligible),
    repeatContactWindowDays: repeatContactDays,
    etaAccuracy: ho.eta.map((e) => ({
      queueId: e.queueId,
      samples: e.samples,
      meanAbsoluteErrorSeconds: round(e.absErrorSum / e.samples),
      meanSignedErrorSeconds: round(e.signedErrorSum / e.samples),
      within30PercentShare: ratio(e.within30, e.samples),
    })),
    flaggedYes: ho.flaggedYes,
    flaggedNo: ho.flaggedNo,
    flaggedUnsure: ho.flaggedUnsure,
    avoidableShare: ratio(ho.flaggedYes, flagged),
    resolvedHandoffs: ho.resolved,
    ...offerSummary(conv.offers ?? [], filters),
  };
}

/** Soft offers and their answers, in total and per trigger (most offers first); a trigger filter keeps its own. */
function offerSummary(counts: OfferCount[], filters: ReportFilters): Pick<GetSummaryResponse, 'offersMade' | 'offersAccepted' | 'offersDeclined' | 'offerAcceptanceRate' | 'offersByTrigger'> {
  const kept = counts.filter((o) => !filters.trigger || o.trigger === filters.trigger);
  const total = (key: 'made' | 'accepted' | 'declined') => kept.reduce((sum, o) => sum + o[key], 0);
  return {
    offersMade: total('made'),
    offersAccepted: total('accepted'),
    offersDeclined: total('declined'),
    offerAcceptanceRate: ratio(total('accepted'), total('made')),
    offersByTrigger: kept
      .sort((a, b) => b.made - a.made || a.trigger.localeCompare(b.trigger))
      .map((o) => ({ trigger: o.trigger, made: o.made, accepted: o.accepted, declined: o.declined, unanswered: o.made - o.accepted - o.declined, acceptanceRate: ratio(o.accepted, o.made) })),
  };
}

/** One value of a metric from a bucket's summary, and the samples it rests on. */
function metricValue(metric: Metric, s: GetSummaryResponse): { value: number; samples: number } {
  switch (metric) {
    case Metric.METRIC_HANDOFF_RATE:
      return { value: s.handoffRate, samples: s.conversations };
    case Metric.METRIC_HANDOFFS:
      return { value: s.handoffs, samples: s.handoffs };
    case Metric.METRIC_CONVERSATIONS:
      return { value: s.conversations, samples: s.conversations };
    case Metric.METRIC_TIME_TO_AGENT_P50:
      return { value: s.timeToAgent!.p50Seconds, samples: s.timeToAgent!.count };
    case Metric.METRIC_TIME_TO_AGENT_P90:
      return { value: s.timeToAgent!.p90Seconds, samples: s.timeToAgent!.count };
    case Metric.METRIC_FIRST_AGENT_REPLY_P50:
      return { value: s.timeToFirstAgentReply!.p50Seconds, samples: s.timeToFirstAgentReply!.count };
    case Metric.METRIC_RESOLUTION_TIME_P50:
      return { value: s.resolutionTime!.p50Seconds, samples: s.resolutionTime!.count };
    case Metric.METRIC_ABANDONMENT_RATE:
      return { value: s.abandonmentRate, samples: s.handoffs };
    case Metric.METRIC_CSAT_HANDED_OFF:
      return { value: s.csatHandedOff!.mean, samples: s.csatHandedOff!.responses };
    case Metric.METRIC_CSAT_AI_ONLY:
      return { value: s.csatAiOnly!.mean, samples: s.csatAiOnly!.responses };
    case Metric.METRIC_AVOIDABLE_SHARE:
      return { value: s.avoidableShare, samples: s.flaggedYes + s.flaggedNo + s.flaggedUnsure };
    case Metric.METRIC_UNCLASSIFIED_HANDOFFS:
      return { value: s.unclassifiedHandoffs, samples: s.handoffs };
    case Metric.METRIC_REPEAT_CONTACT_RATE:
      return { value: s.repeatContactRate, samples: s.repeatContactEligible };
    default:
      return { value: 0, samples: 0 };
  }
}

/** Counts are zero (and real) in an empty bucket; rates, times and scores have no value there. */
const COUNT_METRICS = new Set([Metric.METRIC_HANDOFFS, Metric.METRIC_CONVERSATIONS, Metric.METRIC_UNCLASSIFIED_HANDOFFS]);

function groupByBucket(cells: Cell[], width: BucketWidth): Map<number, Cell[]> {
  const groups = new Map<number, Cell[]>();
  for (const c of cells) {
    const k = bucketStart(c.start, width).getTime();
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  return groups;
}

export function timeSeries(cells: Cell[], metric: Metric, range: ReportRange, width: BucketWidth, filters: ReportFilters, repeatContactDays: number): TimeSeriesPoint[] {
  const groups = groupByBucket(cells.filter((c) => inRange(c, range)), width);
  return bucketStarts(range.start, range.end, width).map((start) => {
    const { value, samples } = metricValue(metric, summary(groups.get(start.getTime()) ?? [], { start, end: nextBucket(start, width) }, filters, repeatContactDays));
    const hasValue = COUNT_METRICS.has(metric) || samples > 0;
    return { start, value: hasValue ? value : 0, samples, hasValue };
  });
}

/** Reason counts in the range, their trend per bucket, and the count in the equally long period before. */
export function reasons(cells: Cell[], range: ReportRange, width: BucketWidth, filters: ReportFilters): GetReasonsResponse {
  const length = range.end.getTime() - range.start.getTime();
  const previous = { start: new Date(range.start.getTime() - length), end: range.start };
  const current = handoffCells(cells.filter((c) => inRange(c, range)), filters);
  const before = handoffCells(cells.filter((c) => inRange(c, previous)), filters);
  const starts = bucketStarts(range.start, range.end, width);
  const countBy = (list: HandoffCell[], reason: string) => list.filter((c) => c.trigger === reason).reduce((s, c) => s + c.stats.handoffs, 0);
  const total = current.reduce((s, c) => s + c.stats.handoffs, 0);
  const seen = new Set([...current, ...before].map((c) => c.trigger));
  const codes = [...REASON_CODES, UNCLASSIFIED].filter((r) => seen.has(r));
  const list = codes.map((reason) => {
    const count = countBy(current, reason);
    return {
      reason,
      count,
      share: ratio(count, total),
      previousPeriodCount: countBy(before, reason),
      trend: starts.map((s) => countBy(current.filter((c) => bucketStart(c.start, width).getTime() === s.getTime()), reason)),
    };
  });
  list.sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  return { total, unclassified: countBy(current, UNCLASSIFIED), reasons: list, bucketStarts: starts };
}

function avoidableGroup(key: string, stats: HandoffStats[]): AvoidableGroup {
  const m = mergeHandoffStats(stats, 0, 0);
  const flagged = m.flaggedYes + m.flaggedNo + m.flaggedUnsure;
  return {
    key,
    handoffs: m.handoffs,
    flaggedYes: m.flaggedYes,
    flaggedNo: m.flaggedNo,
    flaggedUnsure: m.flaggedUnsure,
    avoidableShare: ratio(m.flaggedYes, flagged),
    flaggedShare: ratio(flagged, m.handoffs),
  };
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

const byShare = (a: AvoidableGroup, b: AvoidableGroup) => b.avoidableShare - a.avoidableShare || b.handoffs - a.handoffs || a.key.localeCompare(b.key);

export function avoidable(cells: Cell[], range: ReportRange, filters: ReportFilters): GetAvoidableResponse {
  const hc = handoffCells(cells.filter((c) => inRange(c, range)), filters);
  return {
    byTrigger: [...groupBy(hc, (c) => c.trigger)].map(([k, list]) => avoidableGroup(k, list.map((c) => c.stats))).sort(byShare),
    byCategory: [...groupBy(hc, (c) => c.category)].map(([k, list]) => avoidableGroup(k, list.map((c) => c.stats))).sort(byShare),
    overall: avoidableGroup('all', hc.map((c) => c.stats)),
  };
}

export function learningOpportunities(
  cells: Cell[],
  range: ReportRange,
  filters: ReportFilters,
  options: { limit: number; examplesPerCategory: number; quickResolutionSeconds: number },
): GetLearningOpportunitiesResponse {
  const scoped = cells.filter((c) => inRange(c, range));
  const conv = groupBy(conversationCells(scoped, filters), (c) => c.category);
  const ho = groupBy(handoffCells(scoped, filters), (c) => c.category);
  const opportunities: LearningOpportunity[] = [];
  for (const [category, list] of ho) {
    const m = mergeHandoffStats(list.map((c) => c.stats), Number.POSITIVE_INFINITY, options.examplesPerCategory);
    if (m.quickResolutions === 0) continue;
    const c = mergeConversationStats((conv.get(category) ?? []).map((x) => x.stats));
    const flagged = m.flaggedYes + m.flaggedNo + m.flaggedUnsure;
    opportunities.push({
      category,
      conversations: c.conversations,
      handoffs: m.handoffs,
      handoffRate: handoffRate(c, m, filters),
      quickResolutions: m.quickResolutions,
      handlingTime: summarize(m.handling),
      avoidableShare: ratio(m.flaggedYes, flagged),
      topResolutionCodes: m.resolutionCodes.slice(0, 3),
      examples: m.examples.map((e) => ({ ...e })),
    });
  }
  opportunities.sort((a, b) => b.quickResolutions - a.quickResolutions || b.handoffRate - a.handoffRate || a.category.localeCompare(b.category));
  return { opportunities: opportunities.slice(0, options.limit), quickResolutionSeconds: options.quickResolutionSeconds };
}
