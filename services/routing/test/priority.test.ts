import fc from 'fast-check';
import type { SeverityName } from '../src/domain/expressions';
import { routingPolicySchema, type RoutingPolicy } from '../src/domain/policy/schema';
import { basePriority, priorityOf, queueOrder, type PriorityTask, type QueuedHandoff } from '../src/domain/priority';

type PriorityPolicy = Pick<RoutingPolicy, 'priority'>;
const defaults: PriorityPolicy = routingPolicySchema.parse({ version: 'priority-test' });
const task = (tier: string, severity: SeverityName, sentiment?: number): PriorityTask => ({ tier, severity, sentiment });

describe('priorityOf', () => {
  it('gives VIP and critical handoffs a head start under the default weights', () => {
    expect(priorityOf(defaults, task('vip', 'high'), 0)).toBe(20 + 30);
    expect(priorityOf(defaults, task('standard', 'normal'), 0)).toBe(15);
    expect(priorityOf(defaults, task('standard', 'critical'), 0)).toBeGreaterThan(priorityOf(defaults, task('vip', 'normal'), 0));
  });

  it('adds the very-negative bonus at or below the threshold only', () => {
    expect(priorityOf(defaults, task('standard', 'low', -0.6), 0)).toBe(10);
    expect(priorityOf(defaults, task('standard', 'low', -0.59), 0)).toBe(0);
    expect(priorityOf(defaults, task('standard', 'low'), 0)).toBe(0);
  });

  it('ages by the minute waited, counting fractions of a minute', () => {
    expect(priorityOf(defaults, task('standard', 'normal'), 90)).toBe(15 + 1.5);
    expect(priorityOf({ priority: { ...defaults.priority, aging_per_minute: 4 } }, task('standard', 'normal'), 30)).toBe(15 + 2);
    expect(priorityOf(defaults, task('standard', 'normal'), -30)).toBe(15);
  });

  it("replaces the computed priority with the step's override while the handoff is in that step, still aging", () => {
    expect(basePriority(defaults, task('vip', 'critical', -0.9), { priority: 5 })).toBe(5);
    expect(priorityOf(defaults, task('vip', 'critical', -0.9), 120, { priority: 5 })).toBe(7);
    expect(priorityOf(defaults, task('vip', 'critical'), 0, {})).toBe(80);
  });
});

describe('queueOrder', () => {
  it('serves the higher priority first, then the oldest', () => {
    const queued = (id: string, priority: number, minute: number) => ({ id, priority, queuedAt: new Date(Date.UTC(2026, 10, 21, 10, minute)) });
    const order = [queued('new-low', 10, 5), queued('old-low', 10, 1), queued('high', 40, 9), queued('mid', 20, 0)].sort(queueOrder);
    expect(order.map((q) => q.id)).toEqual(['high', 'mid', 'old-low', 'new-low']);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Starvation. A handoff that has waited (highest base − lowest base) / aging minutes longer than another outranks
// it, so only handoffs arriving within that window after it can ever be ahead of it.

const tiers = ['vip', 'enterprise', 'churn_risk', 'standard', 'unlisted'];
const severities: SeverityName[] = ['low', 'normal', 'high', 'critical'];

function baseRange(policy: PriorityPolicy): { min: number; max: number } {
  const p = policy.priority;
  // An unlisted tier gets 0, and the very-negative bonus may or may not apply.
  const tierBonuses = [0, ...Object.values(p.tiers)];
  const severityWeights = Object.values(p.severity);
  return {
    min: Math.min(...tierBonuses) + Math.min(...severityWeights) + Math.min(0, p.very_negative),
    max: Math.max(...tierBonuses) + Math.max(...severityWeights) + Math.max(0, p.very_negative),
  };
}
const overtakeWindowSeconds = (policy: PriorityPolicy) => {
  const { min, max } = baseRange(policy);
  return ((max - min) / policy.priority.aging_per_minute) * 60;
};

const weight = fc.integer({ min: -20, max: 100 });
const policyArb: fc.Arbitrary<PriorityPolicy> = fc.record({
  priority: fc.record({
    tiers: fc.record({ vip: weight, enterprise: weight, churn_risk: weight }),
    severity: fc.record({ low: weight, normal: weight, high: weight, critical: weight }),
    very_negative: weight,
    very_negative_at_most: fc.double({ min: -1, max: 1, noNaN: true }),
    aging_per_minute: fc.double({ min: 0.1, max: 5, noNaN: true }),
  }),
});
const taskArb: fc.Arbitrary<PriorityTask> = fc.record(
  { tier: fc.constantFrom(...tiers), severity: fc.constantFrom(...severities), sentiment: fc.double({ min: -1, max: 1, noNaN: true }) },
  { requiredKeys: ['tier', 'severity'] },
);

interface Served {
  arrivedAt: number;
  servedAt: number;
}

/**
 * One agent serves the front of the queue once a minute while one newcomer arrives each minute, so the queue never
 * drains on its own: the setting in which a low-priority handoff could starve.
 */
function simulate(policy: PriorityPolicy, backlog: PriorityTask[], stream: PriorityTask[]): Served[] {
  const queue: Array<{ task: PriorityTask; arrivedAt: number }> = backlog.map((t) => ({ task: t, arrivedAt: 0 }));
  const served: Served[] = [];
  for (let minute = 0; queue.length > 0 || minute <= stream.length; minute++) {
    const now = minute * 60;
    const arriving = minute >= 1 ? stream[minute - 1] : undefined;
    if (arriving) queue.push({ task: arriving, arrivedAt: now });
    if (queue.length === 0) continue;
    const ranked = queue
      .map((entry, position): QueuedHandoff & { position: number } => ({ position, priority: priorityOf(policy, entry.task, now - entry.arrivedAt), queuedAt: new Date(entry.arrivedAt * 1000) }))
      .sort(queueOrder);
    const [front] = queue.splice(ranked[0]!.position, 1);
    served.push({ arrivedAt: front!.arrivedAt, servedAt: now });
  }
  return served;
}

describe('property: no handoff starves while aging is on', () => {
  it('ranks a handoff ahead of every newcomer that arrived more than the overtake window after it', () => {
    fc.assert(
      fc.property(policyArb, taskArb, taskArb, fc.integer({ min: 1, max: 3600 }), fc.integer({ min: 0, max: 86_400 }), (policy, waiting, newcomer, beyond, later) => {
        const arrivedAt = 0;
        const newcomerArrivedAt = arrivedAt + overtakeWindowSeconds(policy) + beyond;
        const now = newcomerArrivedAt + later;
        const a = { priority: priorityOf(policy, waiting, now - arrivedAt), queuedAt: new Date(arrivedAt * 1000) };
        const b = { priority: priorityOf(policy, newcomer, now - newcomerArrivedAt), queuedAt: new Date(newcomerArrivedAt * 1000) };
        expect(queueOrder(a, b)).toBeLessThan(0);
      }),
    );
  });

  it('serves every handoff within (queue length + overtake window) minutes, however many higher-priority newcomers keep arriving', () => {
    fc.assert(
      fc.property(policyArb, fc.array(taskArb, { minLength: 1, maxLength: 8 }), fc.array(taskArb, { maxLength: 120 }), (policy, backlog, stream) => {
        // At most backlog + 1 are queued when a handoff arrives, and only arrivals within the window can pass it.
        const boundSeconds = (backlog.length + 2 + Math.ceil(overtakeWindowSeconds(policy) / 60)) * 60;
        const served = simulate(policy, backlog, stream);
        expect(served).toHaveLength(backlog.length + stream.length);
        for (const s of served) expect(s.servedAt - s.arrivedAt).toBeLessThanOrEqual(boundSeconds);
      }),
    );
  });

  it('is aging that prevents starvation: without it a steady stream of VIPs starves a standard handoff', () => {
    const vip = task('vip', 'critical');
    const stream = Array.from({ length: 60 }, () => vip);
    const noAging: PriorityPolicy = { priority: { ...defaults.priority, aging_per_minute: 0 } };
    const standardWait = (policy: PriorityPolicy) => {
      const served = simulate(policy, [task('standard', 'low'), vip], stream);
      // The only handoff of the run with a lower base priority is the standard one; find it by its arrival.
      return Math.max(...served.filter((s) => s.arrivedAt === 0).map((s) => s.servedAt - s.arrivedAt));
    };
    expect(standardWait(noAging)).toBeGreaterThanOrEqual(60 * 60);
    expect(standardWait(defaults)).toBeLessThanOrEqual((2 + 2 + Math.ceil(overtakeWindowSeconds(defaults) / 60)) * 60);
  });
});
