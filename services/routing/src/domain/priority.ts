// A queued handoff's priority under the routing policy, and the order a queue is served in. Pure.
import type { HandoffAttributes } from './expressions';
import type { RoutingPolicy, WorkflowStep } from './policy/schema';

export type PriorityTask = Pick<HandoffAttributes, 'tier' | 'severity' | 'sentiment'>;

/** Priority before aging: the step's override when it has one, else tier bonus + severity weight + very-negative bonus. */
export function basePriority(policy: Pick<RoutingPolicy, 'priority'>, task: PriorityTask, step?: Pick<WorkflowStep, 'priority'>): number {
  if (step?.priority !== undefined) return step.priority;
  const p = policy.priority;
  const veryNegative = task.sentiment !== undefined && task.sentiment <= p.very_negative_at_most ? p.very_negative : 0;
  return (p.tiers[task.tier] ?? 0) + p.severity[task.severity] + veryNegative;
}

/**
 * Higher is served first. Aging grows continuously (fractions of a minute count) so that, with aging_per_minute > 0,
 * a handoff overtakes any newcomer once it has waited (difference in base priority / aging) minutes longer: nothing
 * starves. Compute every entry of a queue at the same `now` before comparing them.
 */
export function priorityOf(policy: Pick<RoutingPolicy, 'priority'>, task: PriorityTask, waitedSeconds: number, step?: Pick<WorkflowStep, 'priority'>): number {
  return basePriority(policy, task, step) + (policy.priority.aging_per_minute * Math.max(0, waitedSeconds)) / 60;
}

export interface QueuedHandoff {
  priority: number;
  queuedAt: Date;
}

/** Comparator for Array.prototype.sort: higher priority first, then the oldest. */
export function queueOrder(a: QueuedHandoff, b: QueuedHandoff): number {
  return b.priority - a.priority || a.queuedAt.getTime() - b.queuedAt.getTime();
}
