// Compiles every expression of a validated routing policy once, at start-up, so a typo stops the service naming the
// field (`queues.billing.agents: at column 9: ...`) instead of a queue that silently never matches anyone.
import { AGENT_ATTRIBUTES, TASK_ATTRIBUTES, compileExpression, type CompileOptions, type Condition } from '../expressions';
import type { RoutingPolicy, WorkflowFilter, WorkflowStep } from './schema';

export interface CompiledQueue {
  name: string;
  team: string;
  /** The queue's `agents:` expression, over agentScope. */
  agents: Condition;
}

export interface CompiledStep extends WorkflowStep {
  /** The step's extra `agents:` condition, over agentScope; absent when the step adds none. */
  agentsCondition?: Condition;
}

export interface CompiledFilter extends WorkflowFilter {
  /** Position in the workflow, for logs and evidence. */
  index: number;
  /** The `when:` condition, over taskScope; absent on the default (last) filter. */
  matches?: Condition;
  steps: CompiledStep[];
}

/** The policy as written, with an evaluator next to every expression. */
export interface CompiledRoutingPolicy {
  policy: RoutingPolicy;
  queues: Record<string, CompiledQueue>;
  workflow: CompiledFilter[];
}

export type CompileRoutingPolicyResult = { ok: true; compiled: CompiledRoutingPolicy } | { ok: false; problems: string[] };

const ON_AGENTS: CompileOptions = { attributes: AGENT_ATTRIBUTES };
const ON_TASK: CompileOptions = { attributes: TASK_ATTRIBUTES };

export function compileRoutingPolicy(policy: RoutingPolicy): CompileRoutingPolicyResult {
  const problems: string[] = [];
  // Every problem is collected (not just the first), so one start-up shows everything to fix.
  const compile = (path: string, source: string, options: CompileOptions): Condition => {
    const result = compileExpression(source, options);
    if (result.ok) return result.evaluate;
    problems.push(`${path}: ${result.error}`);
    return () => false;
  };

  const queues: Record<string, CompiledQueue> = {};
  for (const [name, queue] of Object.entries(policy.queues)) {
    queues[name] = { name, team: queue.team, agents: compile(`queues.${name}.agents`, queue.agents, ON_AGENTS) };
  }

  const workflow = policy.workflow.map((filter, f): CompiledFilter => {
    const steps = filter.steps.map((step, s): CompiledStep => {
      if (step.agents === undefined) return { ...step };
      return { ...step, agentsCondition: compile(`workflow.${f}.steps.${s}.agents`, step.agents, ON_AGENTS) };
    });
    const compiled: CompiledFilter = { ...filter, index: f, steps };
    if (filter.when !== undefined) compiled.matches = compile(`workflow.${f}.when`, filter.when, ON_TASK);
    return compiled;
  });

  return problems.length > 0 ? { ok: false, problems } : { ok: true, compiled: { policy, queues, workflow } };
}

/** Each channel's capacity for agents who do not set their own, as the agent repository takes it. */
export function channelDefaultsOf(policy: CompiledRoutingPolicy): Record<string, number> {
  return Object.fromEntries(Object.entries(policy.policy.channels).map(([channel, { default_capacity }]) => [channel, default_capacity]));
}
