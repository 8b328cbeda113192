// How long a queued handoff will wait for an agent, learned per queue from its recent assignments. Pure: the state
// is a plain JSON-serialisable object, observe() returns a new state, and every instant comes in as an argument.
//
// Model: two position-aware estimates, averaged when both are available. On the simulated days of
// bench/eta-accuracy.bench.ts each alone and their average land within a point or two of each other (about half of
// the ETAs within ±30 %, near the noise floor of one-to-a-few exponential gaps); the second also answers when the
// window holds no backlog to time, and the first when the caller does not record places.
//
// 1. Queue throughput. A handoff at place p in line is assigned once p agent slots have freed up, so its wait is the
//    sum of p gaps between the queue's assignments while it has a backlog. Two consecutive assignments are a
//    "service gap" when the later handoff was already waiting when the earlier one was assigned (the queue was never
//    empty in between); gaps measured while the queue was idle say how often customers arrive, not how fast agents
//    free up, and are left out.
//
//      throughput ETA(p) = median(gap) + (p - 1) × mean(gap, each clipped at 10 median gaps)
//
//    The first place costs a typical gap: the median, what the customer most likely sees. Every further place adds an
//    average gap, because sums of many gaps tend to their mean. Clipping keeps one long pause from moving every ETA;
//    the mean is not trimmed, because gaps are skewed (close to exponential when many agent slots free up
//    independently) and a trimmed mean comes out ~17 % short. For Poisson-like completions this is close to the
//    median of the Erlang wait (p - 1/3 mean gaps). Needs only the waits and assignment times.
//
// 2. Wait per place: median(wait ÷ place when queued) × p, over the observations that recorded their place.
//
// Without either, the median wait per place; below MIN_OBSERVATIONS observations, `default_seconds` per place. Only
// handoffs that actually queued are kept: one served at once says nothing about how fast the line moves.
import type { RoutingPolicy } from './policy/schema';

/** Observations a queue needs before its own history replaces `default_seconds`. */
export const MIN_OBSERVATIONS = 3;
/** Waits shorter than this are assignments without queueing (the router's own latency). */
export const SERVED_AT_ONCE_SECONDS = 1;
/** Service gaps needed before the throughput estimate is used. */
const MIN_GAPS = 3;
/** Gaps longer than this many median gaps (an agent's break, a stuck reservation) count as this long in the mean. */
const CLIP = 10;
/** History older than this (by default a day) says little about the staffing now; the queue is back on the default. */
const DEFAULT_STALE_AFTER_SECONDS = 24 * 3600;

export interface EtaObservation {
  /** When the handoff was assigned, epoch ms. */
  at: number;
  /** Assigned minus queued, in seconds. */
  waitSeconds: number;
  /** Place in line when it was queued (1 = next), when known. */
  position?: number;
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

export type EtaBasis = 'default' | 'median_wait' | 'throughput' | 'wait_per_place' | 'blend';

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
 * Records that a handoff of `queue` was assigned at `at` after waiting `waitSeconds`; `position` is its place in line
 * when it was queued, if it had to queue. Returns a new state (the input is not changed). Out-of-order observations
 * are placed by time; an exact repeat (same instant and wait) is ignored, because events are delivered at least once.
 */
export function observe(state: EtaState, queue: string, waitSeconds: number, at: Date, position?: number): EtaState {
  if (!Number.isFinite(waitSeconds)) throw new RangeError(`expected a wait in seconds, got ${waitSeconds}`);
  const observation: EtaObservation = { at: at.getTime(), waitSeconds: Math.max(0, waitSeconds) }; // clock skew between services can make a tiny wait negative
  if (!Number.isFinite(observation.at)) throw new RangeError('expected a valid assignment time');
  if (position !== undefined && Number.isFinite(position) && position >= 1) observation.position = Math.floor(position);
  // Served at once: keeping it would only push the handoffs that waited (all the model learns from) out of the window.
  if (observation.waitSeconds < SERVED_AT_ONCE_SECONDS) return state;
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

function clippedMean(values: number[], ceiling: number): number {
  return values.reduce((sum, v) => sum + Math.min(v, ceiling), 0) / values.length;
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

function throughputEta(gaps: number[], place: number): number {
  const typical = median(gaps);
  return typical + (place - 1) * clippedMean(gaps, CLIP * typical);
}

/** The estimate with the part of the model that produced it. `position` is the place in line, 1 = next. */
export function estimateDetail(state: EtaState, queue: string, position: number, now: Date): EtaEstimate {
  const place = Math.max(1, Math.floor(position) || 1);
  const t = now.getTime();
  // Observations after `now` are ignored, so replaying history answers as it would have at the time.
  const recent = historyOf(state, queue).filter((o) => o.at <= t && t - o.at <= state.staleAfterSeconds * 1000);
  if (recent.length < MIN_OBSERVATIONS) return { seconds: state.defaultSeconds * place, basis: 'default', observations: recent.length };
  const gaps = serviceGaps(recent);
  const placed = recent.filter((o) => o.position !== undefined);
  const byThroughput = gaps.length >= MIN_GAPS ? throughputEta(gaps, place) : undefined;
  const byPlace = placed.length >= MIN_OBSERVATIONS ? median(placed.map((o) => o.waitSeconds / o.position!)) * place : undefined;
  const answer = (seconds: number, basis: EtaBasis): EtaEstimate => ({ seconds, basis, observations: recent.length });
  if (byThroughput !== undefined && byPlace !== undefined) return answer((byThroughput + byPlace) / 2, 'blend');
  if (byThroughput !== undefined) return answer(byThroughput, 'throughput');
  if (byPlace !== undefined) return answer(byPlace, 'wait_per_place');
  return answer(median(recent.map((o) => o.waitSeconds)) * place, 'median_wait');
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
