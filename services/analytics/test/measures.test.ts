import { buildCells, cellId, rollUpCells } from '../src/domain/cells';
import { measureHandoff, viewConversation, type ConversationFact, type HandoffFact } from '../src/domain/facts';
import { assembleConversation, type Input } from '../src/domain/inputs';
import { reasonCode, reasonFromCode } from '../src/domain/reasons';
import { avoidable, learningOpportunities, reasons, summary, timeSeries } from '../src/domain/reports';
import { formatSummary } from '../src/domain/report-text';
import { EscalationReason, Metric } from '@handoff/contracts';
import { HOUR, SETTINGS, at, hourFacts } from './fixtures';

const RANGE = { start: HOUR, end: new Date(HOUR.getTime() + 3_600_000) };

function cellsOf(conversations: ConversationFact[], handoffs: HandoffFact[]) {
  const views = conversations.map(viewConversation).filter((v) => v !== undefined);
  const byId = new Map(conversations.map((c) => [c.conversationId, c]));
  const measures = handoffs.map((h) => measureHandoff(h, byId.get(h.conversationId), SETTINGS)).filter((m) => m !== undefined);
  return buildCells(HOUR, views.map((view) => ({ view, earlier: views })), measures, SETTINGS);
}

/** The same facts with every keyed sub-document inserted in the opposite order: what out-of-order delivery produces. */
function reversed<T extends object>(x: T): T {
  const flip = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).reverse());
  return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, v && typeof v === 'object' && !(v instanceof Date) && !Array.isArray(v) ? flip(v as Record<string, unknown>) : v])) as T;
}

describe('measures of one hand-computed hour', () => {
  const { conversations, handoffs } = hourFacts();
  const cells = cellsOf(conversations, handoffs);
  const s = summary(cells, RANGE, {}, 7);

  it('measures the handoff rate over conversations', () => {
    expect(s.conversations).toBe(5);
    expect(s.handedOffConversations).toBe(3);
    expect(s.handoffRate).toBe(0.6);
    expect(s.handoffs).toBe(3);
  });

  it('surfaces handoffs without a reason code', () => {
    expect(s.unclassifiedHandoffs).toBe(1);
    const r = reasons(cells, RANGE, 'hour', {});
    expect(r.total).toBe(3);
    expect(r.unclassified).toBe(1);
    expect(r.reasons.map((x) => [x.reason, x.count, x.share])).toEqual([
      ['explicit_request', 1, 0.3333],
      ['hard_category', 1, 0.3333],
      ['unclassified', 1, 0.3333],
    ]);
    expect(r.reasons[0]!.trend).toEqual([1]);
  });

  it('measures time to agent, first agent reply, resolution and handling time with percentiles', () => {
    expect(s.timeToAgent).toEqual({ count: 2, meanSeconds: 210, p50Seconds: 120, p90Seconds: 300, p99Seconds: 300, maxSeconds: 300 });
    expect(s.timeToFirstAgentReply).toMatchObject({ count: 2, p50Seconds: 150, p90Seconds: 360 });
    expect(s.resolutionTime).toMatchObject({ count: 2, p50Seconds: 420, p90Seconds: 1800 });
    expect(s.handlingTime).toMatchObject({ count: 2, p50Seconds: 300, p90Seconds: 1500 });
    expect(s.resolvedHandoffs).toBe(2);
    const bar120 = s.timeToAgentDistribution.find((b) => b.upperBoundSeconds === 120)!;
    const bar300 = s.timeToAgentDistribution.find((b) => b.upperBoundSeconds === 300)!;
    expect([bar120.count, bar300.count]).toEqual([1, 1]);
  });

  it('counts abandonment while waiting, with how long they waited', () => {
    expect(s.abandoned).toBe(1);
    expect(s.abandonmentRate).toBe(0.3333);
    expect(s.abandonedWait).toMatchObject({ count: 1, p50Seconds: 300 });
  });

  it('compares CSAT of handed-off and AI-only conversations', () => {
    expect(s.csatHandedOff).toEqual({ responses: 2, mean: 3, satisfiedShare: 0.5, perScore: [0, 1, 0, 1, 0] });
    expect(s.csatAiOnly).toEqual({ responses: 2, mean: 4, satisfiedShare: 0.5, perScore: [0, 0, 1, 0, 1] });
  });

  it('compares sentiment at handoff with sentiment at close', () => {
    expect(s.sentimentPairs).toBe(2);
    expect(s.sentimentAtHandoffMean).toBe(-0.4);
    expect(s.sentimentAtCloseMean).toBe(-0.15);
    expect(s.sentimentImprovedShare).toBe(0.5);
  });

  it('finds the same customer back on the same category within the window', () => {
    expect(s.repeatContactEligible).toBe(3);
    expect(s.repeatContacts).toBe(1);
    expect(s.repeatContactRate).toBe(0.3333);
  });

  it('measures ETA accuracy per queue', () => {
    expect(s.etaAccuracy).toEqual([
      { queueId: 'billing', samples: 1, meanAbsoluteErrorSeconds: 0, meanSignedErrorSeconds: 0, within30PercentShare: 1 },
      { queueId: 'general', samples: 1, meanAbsoluteErrorSeconds: 240, meanSignedErrorSeconds: 240, within30PercentShare: 0 },
    ]);
  });

  it('reports the avoidable share per trigger and category', () => {
    expect([s.flaggedYes, s.flaggedNo, s.flaggedUnsure, s.avoidableShare]).toEqual([1, 1, 0, 0.5]);
    const a = avoidable(cells, RANGE, {});
    expect(a.byTrigger.map((g) => [g.key, g.handoffs, g.flaggedYes, g.avoidableShare, g.flaggedShare])).toEqual([
      ['hard_category', 1, 1, 1, 1],
      ['explicit_request', 1, 0, 0, 1],
      ['unclassified', 1, 0, 0, 0],
    ]);
    expect(a.byCategory.find((g) => g.key === 'billing_dispute')!.avoidableShare).toBe(1);
    expect(a.overall).toMatchObject({ handoffs: 3, flaggedYes: 1, flaggedNo: 1, avoidableShare: 0.5 });
  });

  it('names where the bot should learn next, with examples and how agents resolved them', () => {
    const l = learningOpportunities(cells, RANGE, {}, { limit: 5, examplesPerCategory: 3, quickResolutionSeconds: 600 });
    expect(l.opportunities).toHaveLength(1);
    expect(l.opportunities[0]).toMatchObject({
      category: 'billing_dispute',
      conversations: 2,
      handoffs: 1,
      handoffRate: 0.5,
      quickResolutions: 1,
      avoidableShare: 1,
      topResolutionCodes: [{ code: 'refund_issued', count: 1 }],
      examples: [{ handoffId: 'h1', conversationId: 'c1', resolutionCode: 'refund_issued', resolutionNote: 'Refunded the duplicate charge', handlingSeconds: 300, trigger: 'hard_category' }],
    });
  });

  it('filters by category, tier and trigger; the trigger rate is over all conversations', () => {
    expect(summary(cells, RANGE, { tier: 'vip' }, 7)).toMatchObject({ conversations: 1, handoffs: 1, handoffRate: 1 });
    expect(summary(cells, RANGE, { category: 'billing_dispute' }, 7)).toMatchObject({ conversations: 2, handedOffConversations: 1, handoffs: 1 });
    expect(summary(cells, RANGE, { trigger: 'explicit_request' }, 7)).toMatchObject({ conversations: 5, handoffs: 1, handoffRate: 0.2 });
  });

  it('gives the same numbers whatever order the events arrived in', () => {
    const shuffled = cellsOf([...conversations].reverse().map(reversed), [...handoffs].reverse().map(reversed));
    expect(summary(shuffled, RANGE, {}, 7)).toEqual(s);
  });

  it('counts a redelivered routing update or outcome once (facts are keyed by sequence and outcome id)', () => {
    const h1 = handoffs[0]!;
    const again = { ...h1, routing: { ...h1.routing, '2': { ...h1.routing['2']! } }, outcomes: { ...h1.outcomes, o1: { ...h1.outcomes['o1']! } } };
    expect(measureHandoff(again, conversations[0], SETTINGS)).toEqual(measureHandoff(h1, conversations[0], SETTINGS));
  });

  it('takes a late assignment into account (an assignment before the request was known)', () => {
    const h2 = handoffs[1]!;
    const { request, ...withoutRequest } = h2;
    expect(measureHandoff(withoutRequest, conversations[1], SETTINGS)).toBeUndefined();
    expect(measureHandoff({ ...withoutRequest, request: request! }, conversations[1], SETTINGS)!.timeToAgent).toBe(300);
  });

  it('rolls hours into a day without changing any number', () => {
    const day = new Date('2026-11-02T00:00:00Z');
    const rolled = rollUpCells(day, cells);
    const dayRange = { start: day, end: new Date(day.getTime() + 86_400_000) };
    expect(summary(rolled, dayRange, {}, 7)).toEqual({ ...s, range: dayRange });
    expect(new Set(rolled.map((c) => cellId('day', c))).size).toBe(rolled.length);
  });

  it('plots a metric per bucket, with no value where there were no samples', () => {
    const range = { start: HOUR, end: new Date(HOUR.getTime() + 2 * 3_600_000) };
    const points = timeSeries(cells, Metric.METRIC_TIME_TO_AGENT_P50, range, 'hour', {}, 7);
    expect(points.map((p) => [p.start!.toISOString(), p.value, p.samples, p.hasValue])).toEqual([
      ['2026-11-02T10:00:00.000Z', 120, 2, true],
      ['2026-11-02T11:00:00.000Z', 0, 0, false],
    ]);
    const rate = timeSeries(cells, Metric.METRIC_HANDOFF_RATE, range, 'hour', {}, 7);
    expect(rate[0]).toMatchObject({ value: 0.6, samples: 5, hasValue: true });
  });

  it('prints the summary as text', () => {
    const text = formatSummary(s, {});
    expect(text).toContain('handoff rate 60.0%');
    expect(text).toContain('Unclassified handoffs   1  ← DEFECT');
    expect(text).toContain('Time to agent           p50 2.0 min, p90 5.0 min, p99 5.0 min, mean 3.5 min (n=2)');
    expect(text).toContain('CSAT handed off         3.00 / 5 (50.0% satisfied, n=2)');
  });
});

describe('outcomes of a handoff', () => {
  it('ends a handoff with the conversation outcome when no outcome names it, unless a later handoff came first', () => {
    const { conversations, handoffs } = hourFacts();
    const c2 = { ...conversations[1]!, outcomes: {}, closes: { x: { at: at('10:41:00'), resolvedBy: 'human' as const, resolved: true, csat: 2, note: 'done' } } };
    const m = measureHandoff(handoffs[1]!, c2, SETTINGS)!;
    expect(m).toMatchObject({ resolvedByHuman: true, resolution: 1800, resolutionNote: 'done' });
    const withLater = { ...c2, handoffs: { ...c2.handoffs, h9: { at: at('10:30:00'), category: 'x', tier: 'vip' } } };
    expect(measureHandoff(handoffs[1]!, withLater, SETTINGS)!.resolvedByHuman).toBe(false);
  });

  it('counts an agent completing the handoff as resolved when no outcome arrived', () => {
    const { conversations, handoffs } = hourFacts();
    const h1 = { ...handoffs[0]!, outcomes: {} };
    const c1 = { ...conversations[0]!, outcomes: {} };
    expect(measureHandoff(h1, c1, SETTINGS)).toMatchObject({ resolvedByHuman: true, resolution: 480, handling: 360 });
  });
});

describe('reason codes', () => {
  it('reads reason codes in snake case, and unspecified as unclassified', () => {
    expect(reasonCode(EscalationReason.ESCALATION_REASON_HARD_CATEGORY)).toBe('hard_category');
    expect(reasonCode(EscalationReason.ESCALATION_REASON_UNSPECIFIED)).toBe('unclassified');
    expect(reasonFromCode('loop_question')).toBe(EscalationReason.ESCALATION_REASON_LOOP_QUESTION);
    expect(reasonFromCode('nonsense')).toBeUndefined();
  });
});

describe('soft offers and their answers', () => {
  // o1 (sentiment_persistent, 10:02) declined; o2 (sentiment_persistent, 10:06) accepted by an answer without an offer
  // id (it answers the latest offer before it); o3 (low_confidence, 10:20, another conversation) never answered.
  const inputs: Input[] = [
    { id: 'ev:1', kind: 'event', conversationId: 'c1', at: at('10:00:00') },
    { id: 'offer:o1', kind: 'offer', conversationId: 'c1', at: at('10:02:00'), offer: { offerId: 'o1', reason: 'sentiment_persistent', at: at('10:02:00') } },
    { id: 'ev:2', kind: 'offer_answer', conversationId: 'c1', at: at('10:03:00'), answer: { offerId: 'o1', accepted: false, at: at('10:03:00') } },
    { id: 'offer:o2', kind: 'offer', conversationId: 'c1', at: at('10:06:00'), offer: { offerId: 'o2', reason: 'sentiment_persistent', at: at('10:06:00') } },
    { id: 'ev:3', kind: 'offer_answer', conversationId: 'c1', at: at('10:07:00'), answer: { offerId: '', accepted: true, at: at('10:07:00') } },
    { id: 'ev:4', kind: 'event', conversationId: 'c2', at: at('10:19:00') },
    { id: 'offer:o3', kind: 'offer', conversationId: 'c2', at: at('10:20:00'), offer: { offerId: 'o3', reason: 'low_confidence', at: at('10:20:00') } },
  ];
  const summarize = (list: Input[], filters = {}) =>
    summary(cellsOf(['c1', 'c2'].map((id) => assembleConversation(id, list)), []), RANGE, filters, 7);

  it('counts offers per trigger with their acceptance rate, most offers first', () => {
    const s = summarize(inputs);
    expect([s.offersMade, s.offersAccepted, s.offersDeclined, s.offerAcceptanceRate]).toEqual([3, 1, 1, 0.3333]);
    expect(s.offersByTrigger).toEqual([
      { trigger: 'sentiment_persistent', made: 2, accepted: 1, declined: 1, unanswered: 0, acceptanceRate: 0.5 },
      { trigger: 'low_confidence', made: 1, accepted: 0, declined: 0, unanswered: 1, acceptanceRate: 0 },
    ]);
    expect(formatSummary(s, {})).toContain('Soft offers             3 made, 1 accepted (33.3%), 1 declined');
  });

  it('gives the same numbers in any order and with every input delivered twice', () => {
    expect(summarize([...inputs, ...inputs].reverse())).toEqual(summarize(inputs));
  });

  it('keeps the latest answer to an offer, and one trigger under a trigger filter', () => {
    const changedMind: Input = { id: 'ev:5', kind: 'offer_answer', conversationId: 'c1', at: at('10:04:00'), answer: { offerId: 'o1', accepted: true, at: at('10:04:00') } };
    expect(summarize([...inputs, changedMind]).offersByTrigger[0]).toMatchObject({ trigger: 'sentiment_persistent', accepted: 2, declined: 0 });
    const s = summarize(inputs, { trigger: 'low_confidence' });
    expect([s.offersMade, s.offersByTrigger.map((o) => o.trigger)]).toEqual([1, ['low_confidence']]);
  });

  it('rolls hours into a day without changing the counts, and reads cells stored before offers were counted', () => {
    const cells = cellsOf(['c1', 'c2'].map((id) => assembleConversation(id, inputs)), []);
    expect(summary(rollUpCells(HOUR, cells), RANGE, {}, 7).offersByTrigger).toEqual(summary(cells, RANGE, {}, 7).offersByTrigger);
    const legacy = cells.map((c) => (c.kind === 'conversation' ? { ...c, stats: { ...c.stats, offers: undefined } } : c));
    expect(summary(legacy, RANGE, {}, 7).offersMade).toBe(0);
  });
});
