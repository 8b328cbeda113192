// Duration samples kept so that percentiles stay right when hours are merged into months: exact values while a
// sample set is small, and a fixed histogram always (percentiles from it are interpolated within one bucket).
export interface Durations {
  n: number;
  sum: number;
  min: number;
  max: number;
  /** Counts per bucket: bucket i holds samples in (BOUNDS[i-1], BOUNDS[i]]; the last one everything above. */
  buckets: number[];
  /** Every sample, while there are at most STORED_VALUES_CAP of them. */
  values?: number[];
}

/** Bucket upper bounds in seconds: dense where waits usually are (seconds to minutes), sparse up to a week. */
export const BOUNDS = [1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 300, 420, 600, 900, 1200, 1800, 2700, 3600, 5400, 7200, 10800, 14400, 21600, 43200, 86400, 172800, 604800];
export const STORED_VALUES_CAP = 256;

export const emptyDurations = (): Durations => ({ n: 0, sum: 0, min: 0, max: 0, buckets: new Array<number>(BOUNDS.length + 1).fill(0), values: [] });

function bucketIndex(seconds: number): number {
  const i = BOUNDS.findIndex((b) => seconds <= b);
  return i === -1 ? BOUNDS.length : i;
}

export function addDuration(d: Durations, seconds: number): Durations {
  const buckets = [...d.buckets];
  buckets[bucketIndex(seconds)]! += 1;
  const values = d.values && d.n < STORED_VALUES_CAP ? [...d.values, seconds] : undefined;
  return {
    n: d.n + 1,
    sum: d.sum + seconds,
    min: d.n === 0 ? seconds : Math.min(d.min, seconds),
    max: d.n === 0 ? seconds : Math.max(d.max, seconds),
    buckets,
    ...(values ? { values } : {}),
  };
}

export const durationsOf = (samples: number[]): Durations => samples.reduce(addDuration, emptyDurations());

/** Merges sample sets; exact values survive while every part still has them and there are at most `valuesCap`. */
export function mergeDurations(parts: Durations[], valuesCap = STORED_VALUES_CAP): Durations {
  const nonEmpty = parts.filter((p) => p.n > 0);
  if (nonEmpty.length === 0) return emptyDurations();
  const n = nonEmpty.reduce((s, p) => s + p.n, 0);
  const exact = nonEmpty.every((p) => p.values !== undefined && p.values.length === p.n) && n <= valuesCap;
  return {
    n,
    sum: nonEmpty.reduce((s, p) => s + p.sum, 0),
    min: Math.min(...nonEmpty.map((p) => p.min)),
    max: Math.max(...nonEmpty.map((p) => p.max)),
    buckets: BOUNDS.map((_, i) => i)
      .concat(BOUNDS.length)
      .map((i) => nonEmpty.reduce((s, p) => s + (p.buckets[i] ?? 0), 0)),
    ...(exact ? { values: nonEmpty.flatMap((p) => p.values!) } : {}),
  };
}

/**
 * The p-th percentile (0 < p ≤ 100), nearest rank: the smallest sample with at least p% of samples at or below it.
 * Without exact values, the rank is located in the histogram and interpolated linearly within its bucket.
 */
export function percentile(d: Durations, p: number): number {
  if (d.n === 0) return 0;
  const rank = Math.max(1, Math.ceil((p / 100) * d.n));
  if (d.values && d.values.length === d.n) return [...d.values].sort((a, b) => a - b)[rank - 1]!;
  let before = 0;
  for (let i = 0; i < d.buckets.length; i++) {
    const count = d.buckets[i]!;
    if (count > 0 && before + count >= rank) {
      const lower = Math.max(i === 0 ? 0 : BOUNDS[i - 1]!, d.min);
      const upper = Math.min(i < BOUNDS.length ? BOUNDS[i]! : d.max, d.max);
      const value = lower + ((upper - lower) * (rank - before)) / count;
      return Math.min(Math.max(value, d.min), d.max);
    }
    before += count;
  }
  return d.max;
}

export interface DurationSummary {
  count: number;
  meanSeconds: number;
  p50Seconds: number;
  p90Seconds: number;
  p99Seconds: number;
  maxSeconds: number;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export function summarize(d: Durations): DurationSummary {
  return {
    count: d.n,
    meanSeconds: d.n ? round(d.sum / d.n) : 0,
    p50Seconds: round(percentile(d, 50)),
    p90Seconds: round(percentile(d, 90)),
    p99Seconds: round(percentile(d, 99)),
    maxSeconds: round(d.max),
  };
}

/** The histogram as bars: upper bound in seconds (0 for the open last bucket) and count. */
export function distribution(d: Durations): Array<{ upperBoundSeconds: number; count: number }> {
  return d.buckets.map((count, i) => ({ upperBoundSeconds: i < BOUNDS.length ? BOUNDS[i]! : 0, count }));
}
