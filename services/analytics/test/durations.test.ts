import { BOUNDS, addDuration, durationsOf, emptyDurations, mergeDurations, percentile, summarize, STORED_VALUES_CAP } from '../src/domain/durations';

describe('duration percentiles', () => {
  it('uses the nearest rank on exact samples', () => {
    const d = durationsOf([600, 30, 90, 120, 60]);
    // sorted 30 60 90 120 600: p50 = rank 3, p90 = rank ceil(4.5) = 5, p20 = rank 1
    expect(percentile(d, 50)).toBe(90);
    expect(percentile(d, 90)).toBe(600);
    expect(percentile(d, 20)).toBe(30);
    expect(summarize(d)).toEqual({ count: 5, meanSeconds: 180, p50Seconds: 90, p90Seconds: 600, p99Seconds: 600, maxSeconds: 600 });
  });

  it('keeps exact samples when hours merge, and interpolates in the histogram once there are too many', () => {
    const hours = [durationsOf([10, 20]), durationsOf([30])];
    expect(percentile(mergeDurations(hours), 50)).toBe(20);
    // 1..300 s: more samples than are stored; p50 and p90 land inside (120,180] and (240,300] and interpolate exactly.
    const many = Array.from({ length: 300 }, (_, i) => i + 1).reduce(addDuration, emptyDurations());
    expect(many.values).toBeUndefined();
    expect(many.n).toBe(300);
    expect(percentile(many, 50)).toBe(150);
    expect(percentile(many, 90)).toBe(270);
    expect(percentile(many, 100)).toBe(300);
  });

  it('merges histograms of parts that lost their exact samples', () => {
    const big = Array.from({ length: STORED_VALUES_CAP + 4 }, () => 5).reduce(addDuration, emptyDurations());
    const merged = mergeDurations([big, durationsOf([7200])]);
    expect(merged.values).toBeUndefined();
    expect(merged.n).toBe(STORED_VALUES_CAP + 5);
    expect(merged.max).toBe(7200);
    expect(percentile(merged, 100)).toBe(7200);
    expect(merged.buckets.reduce((a, b) => a + b, 0)).toBe(merged.n);
    expect(merged.buckets.length).toBe(BOUNDS.length + 1);
  });

  it('reports nothing for no samples', () => {
    expect(summarize(emptyDurations())).toEqual({ count: 0, meanSeconds: 0, p50Seconds: 0, p90Seconds: 0, p99Seconds: 0, maxSeconds: 0 });
  });
});
