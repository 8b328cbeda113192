// Where a handoff is in the routing workflow: which filter it matched, which step applies at a given time, and which
// agents that step may offer it to. Pure: the position is recomputed from the clock, so no step timer is stored.
import { agentScope, type AgentAttributes, type TaskScope } from './expressions';
import type { CompiledFilter, CompiledRoutingPolicy, CompiledStep } from './policy/compile';
import type { WorkflowStep } from './policy/schema';

/** The first filter whose `when` holds; the schema guarantees the last filter has none, so it catches the rest. */
export function matchFilter(compiled: CompiledRoutingPolicy, task: TaskScope): CompiledFilter {
  return compiled.workflow.find((filter) => !filter.matches || filter.matches(task)) ?? compiled.workflow.at(-1)!;
}

export interface StepClock {
  /** When the handoff entered the workflow (was first queued). */
  enteredAt: Date;
  now: Date;
  /**
   * Steps (by index) for which no eligible agent exists at all right now: nobody the step's expressions accept is
   * online, as opposed to all of them being busy. Only steps marked skip_if_no_one_available act on it.
   */
  stepsWithNoEligibleAgent?: ReadonlySet<number>;
}

export type StepPosition<S extends WorkflowStep = WorkflowStep> =
  | {
      exhausted: false;
      index: number;
      step: S;
      /** When this step's clock started. */
      startedAt: Date;
      /** When the handoff falls through to the next step; absent when the step holds until an agent takes it. */
      deadline?: Date;
    }
  | {
      /** Every step timed out (or was skipped): the caller turns the handoff into an async ticket. */
      exhausted: true;
      since: Date;
    };

/**
 * The step that applies at `now`. Steps fall through when their timeout passes; a step without a timeout holds.
 * A step marked skip_if_no_one_available that would apply now is passed over while nobody eligible exists; it lends
 * its start time to the next step, so skipping never lengthens the total wait (and a handoff goes back to it if an
 * eligible agent appears before its timeout). A skipped last step exhausts the workflow: nobody can serve at all.
 */
export function currentStep<S extends WorkflowStep>(filter: { steps: readonly S[] }, clock: StepClock): StepPosition<S> {
  const now = clock.now.getTime();
  let startedAt = clock.enteredAt.getTime();
  for (const [index, step] of filter.steps.entries()) {
    const deadline = step.timeout_seconds === undefined ? undefined : startedAt + step.timeout_seconds * 1000;
    if (deadline !== undefined && now >= deadline) {
      startedAt = deadline;
      continue;
    }
    if (step.skip_if_no_one_available && clock.stepsWithNoEligibleAgent?.has(index)) continue;
    return { exhausted: false, index, step, startedAt: new Date(startedAt), ...(deadline !== undefined && { deadline: new Date(deadline) }) };
  }
  return { exhausted: true, since: new Date(startedAt) };
}

/**
 * Agents the step may offer the handoff to: its queue's expression AND the step's own. This is who may serve, not
 * who is free: presence and capacity are agent-selection's concern.
 */
export function eligibleAgents<A extends AgentAttributes>(compiled: CompiledRoutingPolicy, step: CompiledStep, agents: readonly A[], task: TaskScope): A[] {
  const queue = compiled.queues[step.queue];
  // The schema rejects a step naming an unknown queue; an empty answer is the safe reading if one slips through.
  if (!queue) return [];
  return agents.filter((agent) => {
    const scope = agentScope(agent, task);
    return queue.agents(scope) && (step.agentsCondition?.(scope) ?? true);
  });
}
