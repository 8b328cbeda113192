// How long a queued handoff will wait for an agent, learned per queue from its recent assignments. Pure: the state
// is a plain JSON-serialisable object, observe() returns a new state, and every instant comes in as an argument.
//
// Model (queue throughput, position-aware). A handoff at place p in line is assigned once p agent slots have freed
// up, so its wait is the sum of p gaps between the queue's assignments while it has a backlog. Those gaps are read
// from the window: two consecutive assignments are a "service gap" when the later handoff was already waiting when
// the earlier one was assigned (the queue was never empty in between). Gaps measured while the queue was idle say
// how often customers arrive, not how fast agents free up, and are left out.
//
//   ETA(p) = median(gap) + (p - 1) × trimmed mean(gap)
//
// The first place costs a typical gap: the median, which is what the customer most likely sees. Every further place
// adds an average gap, because sums of many gaps tend to their mean; the mean is trimmed (10 % each side) so one
// agent's lunch break does not move every ETA. For Poisson-like completions this is close to the median of the
// Erlang wait (p - 1/3 mean gaps). Without a backlog in the window, the median of the waits that were not zero is
// used per place; below MIN_OBSERVATIONS, or when no one waited at all, `default_seconds` per place.
import type { RoutingPolicy } from './policy/schema';

/** Observations a queue needs before its own history replaces `default_seconds`. */
export const MIN_OBSERVATIONS = 3;
/** Service gaps needed before the throughput model is trusted over the plain median wait. */
const MIN_GAPS = 3;
const TRIM = 0.1;
/** History older than this says little about today's staffing (a day's shifts); a quiet night must not hide it either. */
const DEFAULT_STALE_AFTER_SECONDS = 24 * 3600;

export interface EtaObservation {
  /** When the handoff was assigned, epoch ms. */
  at: number;
  /** Assigned minus queued, in seconds. */
  waitSeconds: number;
}

export interface EtaState {
  version: 1;
  /** `policy.eta.window`: most recent observations kept per queue. */
  window: number;
  /** `policy.eta.default_seconds`: the wait per place in line until a queue has history. */
  defaultSeconds: number;
  staleAfterSeconds: number;
  /** Per queue, oldest first. */
  queues: Record<string, EtaObservation[]>;
}

export type EtaBasis = 'default' | 'throughput' | 'median_wait';

export interface EtaEstimate {
  seconds: number;
  /** Which part of the model answered, for logs and explanations. */
  basis: EtaBasis;
  /** Recent observations the estimate was drawn from. */
  observations: number;
}

export interface EtaAccuracy {
  count: number;
  /** 0 when there are no pairs. */
  medianAbsoluteErrorSeconds: number;
  /** Share (0..1) of estimates within ±30 % of the actual wait. */
  withinThirtyPercent: number;
}

export function createEtaState(config: RoutingPolicy['eta'], options: { staleAfterSeconds?: number } = {}): EtaState {
  return { version: 1, window: config.window, defaultSeconds: config.default_seconds, staleAfterSeconds: options.staleAfterSeconds ?? DEFAULT_STALE_AFTER_SECONDS, queues: {} };
}

/** A policy reload may change the window or the default; the history is kept (trimmed to the new window). */
export function withEtaConfig(state: EtaState, config: RoutingPolicy['eta']): EtaState {
  const queues = Object.fromEntries(Object.entries(state.queues).map(([queue, list]) => [queue, list.slice(-config.window)]));
  return { ...state, window: config.window, defaultSeconds: config.default_seconds, queues };
}

// hasOwn: a queue named like an Object.prototype member ("constructor") is a valid policy name.
const historyOf = (state: EtaState, queue: string): EtaObservation[] => (Object.hasOwn(state.queues, queue) ? state.queues[queue]! : []);

/**
 * Records that a handoff of `queue` was assigned at `at` after waiting `waitSeconds`. Returns a new state (the input
 * is not changed). Out-of-order observations are placed by time; an exact repeat (same instant and wait) is ignored,
 * because events are delivered at least once.
 */
export function observe(state: EtaState, queue: string, waitSeconds: number, at: Date): EtaState {
  if (!Number.isFinite(waitSeconds)) throw new RangeError(`expected a wait in seconds, got ${waitSeconds}`);
  const observation: EtaObservation = { at: at.getTime(), waitSeconds: Math.max(0, waitSeconds) }; // clock skew between services can make a tiny wait negative
  if (!Number.isFinite(observation.at)) throw new RangeError('expected a valid assignment time');
  const history = historyOf(state, queue);
  if (history.some((o) => o.at === observation.at && o.waitSeconds === observation.waitSeconds)) return state;
  let index = history.length;
  while (index > 0 && history[index - 1]!.at > observation.at) index--;
  const next = [...history.slice(0, index), observation, ...history.slice(index)].slice(-state.window);
  return { ...state, queues: { ...state.queues, [queue]: next } };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function trimmedMean(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const cut = Math.floor(sorted.length * share);
  const kept = sorted.slice(cut, sorted.length - cut);
  return kept.reduce((sum, v) => sum + v, 0) / kept.length;
}

/** Gaps (seconds) between consecutive assignments during which the queue had a backlog. */
function serviceGaps(history: EtaObservation[]): number[] {
  const gaps: number[] = [];
  for (let i = 1; i < history.length; i++) {
    const previous = history[i - 1]!;
    const current = history[i]!;
    const queuedAt = current.at - current.waitSeconds * 1000;
    if (queuedAt < previous.at) gaps.push((current.at - previous.at) / 1000);
  }
  return gaps;
}

/** The estimate with the part of the model that produced it. `position` is the place in line, 1 = next. */
export function estimateDetail(state: EtaState, queue: string, position: number, now: Date): EtaEstimate {
  const place = Math.max(1, Math.floor(position) || 1);
  const t = now.getTime();
  // Observations after `now` are ignored, so replaying history answers as it would have at the time.
  const recent = historyOf(state, queue).filter((o) => o.at <= t && t - o.at <= state.staleAfterSeconds * 1000);
  const fallback: EtaEstimate = { seconds: state.defaultSeconds * place, basis: 'default', observations: recent.length };
  if (recent.length < MIN_OBSERVATIONS) return fallback;
  const gaps = serviceGaps(recent);
  if (gaps.length >= MIN_GAPS) {
    return { seconds: median(gaps) + (place - 1) * trimmedMean(gaps, TRIM), basis: 'throughput', observations: recent.length };
  }
  const waited = recent.map((o) => o.waitSeconds).filter((w) => w > 0);
  if (waited.length === 0) return fallback;
  return { seconds: median(waited) * place, basis: 'median_wait', observations: recent.length };
}

/** Expected wait in seconds for the handoff at `position` in `queue` (1 = next in line). */
export function estimate(state: EtaState, queue: string, position: number, now: Date): number {
  return estimateDetail(state, queue, position, now).seconds;
}

/** How good past estimates were: median absolute error, and the share within ±30 % of the actual wait. */
export function etaAccuracy(pairs: ReadonlyArray<{ estimated: number; actual: number }>): EtaAccuracy {
  if (pairs.length === 0) return { count: 0, medianAbsoluteErrorSeconds: 0, withinThirtyPercent: 0 };
  const errors = pairs.map((p) => Math.abs(p.estimated - p.actual));
  const within = pairs.filter((p) => Math.abs(p.estimated - p.actual) <= 0.3 * p.actual).length;
  return { count: pairs.length, medianAbsoluteErrorSeconds: median(errors), withinThirtyPercent: within / pairs.length };
}
