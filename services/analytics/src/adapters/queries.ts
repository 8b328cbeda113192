// The reports behind the gRPC API and the dashboard: one validation, one set of numbers.
import {
  AvoidableVerdict,
  Bucket,
  EscalationReason,
  Metric,
  type FlagHandoffRequest,
  type FlagHandoffResponse,
  type Filters,
  type GetAvoidableRequest,
  type GetAvoidableResponse,
  type GetLearningOpportunitiesRequest,
  type GetLearningOpportunitiesResponse,
  type GetReasonsRequest,
  type GetReasonsResponse,
  type GetSummaryRequest,
  type GetSummaryResponse,
  type GetTimeSeriesRequest,
  type GetTimeSeriesResponse,
  type TimeRange,
} from '@handoff/contracts';
import type { Clock } from '@handoff/core';
import { Violations } from '@handoff/errors';
import type { Verdict } from '../domain/facts';
import { reasonCode } from '../domain/reasons';
import { avoidable, learningOpportunities, reasons, summary, timeSeries, type ReportFilters, type ReportRange } from '../domain/reports';
import { bucketStarts, wholeHours, type BucketWidth } from '../domain/time';
import type { CellStore } from './cell-store';
import type { FactStore } from './fact-store';
import type { LiveMetrics } from './live-metrics';

export interface QuerySettings {
  repeatContactDays: number;
  quickResolutionSeconds: number;
  maxRangeDays: number;
}

const MAX_POINTS = 2000;
const BUCKETS: Record<number, BucketWidth> = { [Bucket.BUCKET_HOUR]: 'hour', [Bucket.BUCKET_DAY]: 'day', [Bucket.BUCKET_WEEK]: 'week' };
const VERDICTS: Record<number, Verdict> = { [AvoidableVerdict.AVOIDABLE_VERDICT_YES]: 'yes', [AvoidableVerdict.AVOIDABLE_VERDICT_NO]: 'no', [AvoidableVerdict.AVOIDABLE_VERDICT_UNSURE]: 'unsure' };
const validReason = (r: EscalationReason) => Object.values(EscalationReason).includes(r) && r !== EscalationReason.UNRECOGNIZED;

export class AnalyticsQueries {
  constructor(
    private readonly cells: CellStore,
    private readonly facts: FactStore,
    private readonly settings: QuerySettings,
    private readonly clock: Clock,
    private readonly live?: LiveMetrics,
  ) {}

  private checkRange(v: Violations, range: TimeRange | undefined): ReportRange {
    v.require(range?.start !== undefined, 'range.start is required')
      .require(range?.end !== undefined, 'range.end is required');
    if (!range?.start || !range.end) return { start: new Date(0), end: new Date(0) };
    v.require(range.end > range.start, `range.end (${range.end.toISOString()}) must be after range.start (${range.start.toISOString()})`);
    const days = (range.end.getTime() - range.start.getTime()) / 86_400_000;
    v.require(days <= this.settings.maxRangeDays, `range may span at most ${this.settings.maxRangeDays} days, got ${Math.ceil(days)}`);
    return wholeHours(range.start, range.end);
  }

  private checkFilters(v: Violations, f: Filters | undefined): ReportFilters {
    if (!f) return {};
    v.require(validReason(f.trigger), `filters.trigger ${f.trigger} is not an EscalationReason`);
    return {
      ...(f.category ? { category: f.category } : {}),
      ...(f.tier ? { tier: f.tier } : {}),
      ...(f.trigger ? { trigger: reasonCode(f.trigger) } : {}),
    };
  }

  private checkBucket(v: Violations, bucket: Bucket, range: ReportRange, field: string, fallback?: BucketWidth): BucketWidth {
    const width = BUCKETS[bucket] ?? fallback;
    v.require(width !== undefined, `${field} must be BUCKET_HOUR, BUCKET_DAY or BUCKET_WEEK`);
    if (width && range.end > range.start) {
      const points = bucketStarts(range.start, range.end, width).length;
      v.require(points <= MAX_POINTS, `${field}: ${points} buckets in the range, at most ${MAX_POINTS}; use a wider bucket`);
    }
    return width ?? 'day';
  }

  async summary(req: GetSummaryRequest): Promise<GetSummaryResponse> {
    const v = new Violations();
    const range = this.checkRange(v, req.range);
    const filters = this.checkFilters(v, req.filters);
    v.throwIfAny('GetSummary');
    return summary(await this.cells.load(range.start, range.end), range, filters, this.settings.repeatContactDays);
  }

  async timeSeries(req: GetTimeSeriesRequest): Promise<GetTimeSeriesResponse> {
    const v = new Violations();
    v.require(req.metric !== Metric.METRIC_UNSPECIFIED && Object.values(Metric).includes(req.metric) && req.metric !== Metric.UNRECOGNIZED, 'metric is required (e.g. METRIC_HANDOFF_RATE)');
    const range = this.checkRange(v, req.range);
    const filters = this.checkFilters(v, req.filters);
    const width = this.checkBucket(v, req.bucket, range, 'bucket');
    v.throwIfAny('GetTimeSeries');
    const cells = await this.cells.load(range.start, range.end, width === 'hour');
    return { metric: req.metric, bucket: req.bucket, points: timeSeries(cells, req.metric, range, width, filters, this.settings.repeatContactDays) };
  }

  async reasons(req: GetReasonsRequest): Promise<GetReasonsResponse> {
    const v = new Violations();
    const range = this.checkRange(v, req.range);
    const filters = this.checkFilters(v, req.filters);
    const width = this.checkBucket(v, req.bucket, range, 'bucket', 'day');
    v.throwIfAny('GetReasons');
    const previousStart = new Date(2 * range.start.getTime() - range.end.getTime());
    const cells = await this.cells.load(previousStart, range.end, width === 'hour');
    return reasons(cells, range, width, filters);
  }

  async avoidable(req: GetAvoidableRequest): Promise<GetAvoidableResponse> {
    const v = new Violations();
    const range = this.checkRange(v, req.range);
    const filters = this.checkFilters(v, req.filters);
    v.throwIfAny('GetAvoidable');
    return avoidable(await this.cells.load(range.start, range.end), range, filters);
  }

  async learningOpportunities(req: GetLearningOpportunitiesRequest): Promise<GetLearningOpportunitiesResponse> {
    const v = new Violations();
    const range = this.checkRange(v, req.range);
    const filters = this.checkFilters(v, req.filters);
    v.require(req.limit <= 50, `limit must be at most 50, got ${req.limit}`).require(req.examplesPerCategory <= 20, `examples_per_category must be at most 20, got ${req.examplesPerCategory}`);
    v.throwIfAny('GetLearningOpportunities');
    return learningOpportunities(await this.cells.load(range.start, range.end), range, filters, {
      limit: req.limit || 5,
      examplesPerCategory: req.examplesPerCategory || 3,
      quickResolutionSeconds: this.settings.quickResolutionSeconds,
    });
  }

  async flag(req: FlagHandoffRequest): Promise<FlagHandoffResponse> {
    const verdict = VERDICTS[req.verdict];
    new Violations()
      .requireText(req.handoffId, 'handoff_id')
      .requireText(req.agentId, 'agent_id')
      .require(verdict !== undefined, 'verdict must be AVOIDABLE_VERDICT_YES, AVOIDABLE_VERDICT_NO or AVOIDABLE_VERDICT_UNSURE')
      .require(req.note.length <= 2000, `note may hold at most 2000 characters, got ${req.note.length}`)
      .throwIfAny('FlagHandoff');
    const known = await this.facts.recordFlag(req.handoffId, { agentId: req.agentId, verdict: verdict!, at: this.clock.now(), note: req.note });
    this.live?.flag(verdict!);
    return { handoffId: req.handoffId, verdict: req.verdict, handoffKnown: known };
  }

  /** Categories and tiers present in a range, for the dashboard's filters. */
  async dimensions(start: Date, end: Date): Promise<{ categories: string[]; tiers: string[] }> {
    const range = wholeHours(start, end);
    const cells = await this.cells.load(range.start, range.end);
    return { categories: [...new Set(cells.map((c) => c.category))].sort(), tiers: [...new Set(cells.map((c) => c.tier))].sort() };
  }
}
