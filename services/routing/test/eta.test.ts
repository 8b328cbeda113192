import { createEtaState, estimate, estimateDetail, etaAccuracy, observe, withEtaConfig, type EtaState } from '../src/domain/eta';

const T0 = Date.parse('2026-11-23T09:00:00Z');
const time = (seconds: number) => new Date(T0 + seconds * 1000);
const fresh = (window = 50) => createEtaState({ window, default_seconds: 120 });

/**
 * A queue with a standing backlog: every handoff waited `waitSeconds` and they were assigned `gapSeconds` apart, so
 * each one was already waiting when the one before it was assigned.
 */
function backlog(state: EtaState, queue: string, count: number, gapSeconds: number, options: { start?: number; waitSeconds?: number; position?: number } = {}): EtaState {
  const start = options.start ?? 0;
  const wait = options.waitSeconds ?? gapSeconds * 5;
  for (let i = 0; i < count; i++) state = observe(state, queue, wait, time(start + i * gapSeconds), options.position);
  return state;
}

describe('estimate', () => {
  it('falls back to the default ETA until a queue has history', () => {
    let state = fresh();
    expect(estimate(state, 'billing', 1, time(0))).toBe(120);
    state = backlog(state, 'billing', 2, 60);
    expect(estimateDetail(state, 'billing', 1, time(200))).toEqual({ seconds: 120, basis: 'default', observations: 2 });
    state = observe(state, 'billing', 300, time(120));
    expect(estimateDetail(state, 'billing', 1, time(200)).basis).not.toBe('default');
  });

  it('scales the default by the place in line', () => {
    expect(estimate(fresh(), 'billing', 3, time(0))).toBe(360);
  });

  it('learns how fast the line moves from assignments made while the queue had a backlog', () => {
    const state = backlog(fresh(), 'billing', 10, 60);
    expect(estimateDetail(state, 'billing', 1, time(600))).toEqual({ seconds: 60, basis: 'throughput', observations: 10 });
    expect(estimate(state, 'billing', 4, time(600))).toBe(240);
  });

  it('ignores the time between assignments when the queue had emptied', () => {
    // Each handoff waited 30 s, but they came in 10 minutes apart: 10 minutes says nothing about the agents' pace.
    let state = fresh();
    for (let i = 0; i < 5; i++) state = observe(state, 'billing', 30, time(i * 600));
    expect(estimateDetail(state, 'billing', 2, time(3000))).toEqual({ seconds: 60, basis: 'median_wait', observations: 5 });
  });

  it('is not thrown off by one very long gap', () => {
    let state = backlog(fresh(), 'billing', 20, 60, { waitSeconds: 4000 });
    state = observe(state, 'billing', 4000, time(19 * 60 + 3600)); // an hour with no assignment, e.g. everyone in a meeting
    expect(estimate(state, 'billing', 1, time(19 * 60 + 3600))).toBe(60);
    // 20 gaps: 19 of 60 s and one clipped to 10 × 60 s, so about 87 s per further place, not 237 s.
    expect(estimate(state, 'billing', 5, time(19 * 60 + 3600))).toBeLessThan(450);
  });

  it('blends in the wait per place when assignments record their place in line', () => {
    // Assigned 60 s apart, but each waited 300 s from place 2: 150 s per place by that measure.
    const state = backlog(fresh(), 'billing', 10, 60, { waitSeconds: 300, position: 2 });
    expect(estimateDetail(state, 'billing', 1, time(600))).toEqual({ seconds: (60 + 150) / 2, basis: 'blend', observations: 10 });
  });

  it('uses the wait per place alone when there is no backlog to measure', () => {
    let state = fresh();
    for (let i = 0; i < 4; i++) state = observe(state, 'billing', 90, time(i * 600), 3);
    expect(estimateDetail(state, 'billing', 2, time(3000))).toEqual({ seconds: 60, basis: 'wait_per_place', observations: 4 });
  });

  it('does not learn from handoffs served at once', () => {
    let state = fresh();
    for (let i = 0; i < 10; i++) state = observe(state, 'billing', 0, time(i * 10));
    expect(state.queues.billing ?? []).toEqual([]);
    expect(estimateDetail(state, 'billing', 1, time(100)).basis).toBe('default');
  });

  it('keeps queues apart, including one named like an object property', () => {
    let state = backlog(fresh(), 'billing', 5, 60);
    expect(estimate(state, 'technical', 1, time(600))).toBe(120);
    expect(estimate(state, 'constructor', 1, time(600))).toBe(120);
    state = backlog(state, 'constructor', 5, 30);
    expect(estimate(state, 'constructor', 1, time(600))).toBe(30);
  });

  it('answers from the history before now only, and forgets history older than a day', () => {
    const state = backlog(fresh(), 'billing', 5, 60, { start: 3600 });
    expect(estimate(state, 'billing', 1, time(3600 + 60))).toBe(120); // only 2 observations had happened by then
    expect(estimate(state, 'billing', 1, time(3600 + 300))).toBe(60);
    expect(estimate(state, 'billing', 1, time(3600 + 2 * 86400))).toBe(120);
  });

  it('treats a place below 1 as the front of the line', () => {
    const state = backlog(fresh(), 'billing', 5, 60);
    expect(estimate(state, 'billing', 0, time(600))).toBe(60);
  });
});

describe('observe', () => {
  it('keeps only the window’s most recent assignments per queue', () => {
    const state = backlog(fresh(5), 'billing', 12, 60);
    expect(state.queues.billing!.map((o) => o.at)).toEqual([7, 8, 9, 10, 11].map((i) => time(i * 60).getTime()));
  });

  it('leaves the state it is given unchanged, and the result survives JSON', () => {
    const before = backlog(fresh(), 'billing', 4, 60);
    const snapshot = JSON.stringify(before);
    const after = observe(before, 'billing', 300, time(300));
    expect(JSON.stringify(before)).toBe(snapshot);
    const restored = JSON.parse(JSON.stringify(after)) as EtaState;
    expect(restored).toEqual(after);
    expect(estimate(restored, 'billing', 3, time(400))).toBe(estimate(after, 'billing', 3, time(400)));
  });

  it('ignores a replayed observation', () => {
    const state = backlog(fresh(), 'billing', 4, 60);
    expect(observe(state, 'billing', 300, time(180))).toBe(state);
  });

  it('puts a late observation in its place by time', () => {
    let state = fresh();
    state = observe(state, 'billing', 300, time(120));
    state = observe(state, 'billing', 300, time(0));
    state = observe(state, 'billing', 300, time(60));
    expect(state.queues.billing!.map((o) => o.at)).toEqual([0, 60, 120].map((s) => time(s).getTime()));
  });

  it('treats a slightly negative wait (clock skew) as no wait, and rejects a non-number', () => {
    expect(observe(fresh(), 'billing', -0.2, time(0)).queues.billing ?? []).toEqual([]);
    expect(() => observe(fresh(), 'billing', Number.NaN, time(0))).toThrow(RangeError);
  });

  it('follows a policy change of window and default', () => {
    const state = withEtaConfig(backlog(fresh(), 'billing', 10, 60), { window: 5, default_seconds: 90 });
    expect(state.queues.billing).toHaveLength(5);
    expect(estimate(state, 'technical', 1, time(600))).toBe(90);
  });
});

describe('etaAccuracy', () => {
  it('reports the count, the median absolute error and the share within ±30 %', () => {
    const accuracy = etaAccuracy([
      { estimated: 100, actual: 100 }, // error 0, within
      { estimated: 120, actual: 100 }, // 20, within
      { estimated: 60, actual: 100 }, // 40, outside
      { estimated: 300, actual: 200 }, // 100, outside
    ]);
    expect(accuracy).toEqual({ count: 4, medianAbsoluteErrorSeconds: 30, withinThirtyPercent: 0.5 });
  });

  it('counts an estimate exactly 30 % off as within', () => {
    expect(etaAccuracy([{ estimated: 130, actual: 100 }]).withinThirtyPercent).toBe(1);
  });

  it('reports zeros when there is nothing to measure', () => {
    expect(etaAccuracy([])).toEqual({ count: 0, medianAbsoluteErrorSeconds: 0, withinThirtyPercent: 0 });
  });
});
