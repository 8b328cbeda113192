import { agentScope, taskScope } from '../src/domain/expressions';
import { compileRoutingPolicy } from '../src/domain/policy/compile';
import { routingPolicySchema } from '../src/domain/policy/schema';

const policy = (overrides: object) => routingPolicySchema.parse({ version: 'compile-test', ...overrides });

describe('compileRoutingPolicy', () => {
  it('compiles the default policy', () => {
    const result = compileRoutingPolicy(policy({}));
    expect(result.ok).toBe(true);
  });

  it('keeps the policy as written next to an evaluator for every expression', () => {
    const written = policy({
      queues: { billing: { team: 'support', agents: 'skills.billing_dispute >= 1' }, general: { team: 'support', agents: 'skills.general >= 1' } },
      workflow: [
        { name: 'disputes', when: "category == 'billing_dispute'", steps: [{ queue: 'billing', agents: 'skills.billing_dispute >= 3', timeout_seconds: 60 }, { queue: 'general' }] },
        { name: 'default', steps: [{ queue: 'general' }] },
      ],
    });
    const result = compileRoutingPolicy(written);
    if (!result.ok) throw new Error(result.problems.join('\n'));
    const { compiled } = result;
    expect(compiled.policy).toBe(written);
    expect(compiled.workflow.map((f) => [f.index, f.name, f.when])).toEqual([
      [0, 'disputes', "category == 'billing_dispute'"],
      [1, 'default', undefined],
    ]);
    expect(compiled.workflow[1]!.matches).toBeUndefined();
    expect(compiled.workflow[0]!.steps[1]!.agentsCondition).toBeUndefined();

    const task = taskScope({ category: 'billing_dispute', tier: 'standard', severity: 'normal', language: 'en', reason: 'explicit_request', channel: 'chat' });
    const expert = agentScope({ skills: [{ name: 'billing_dispute', level: 4 }], languages: ['en'] }, task);
    expect(compiled.workflow[0]!.matches!(task)).toBe(true);
    expect(compiled.queues.billing!.agents(expert)).toBe(true);
    expect(compiled.queues.billing!.team).toBe('support');
    expect(compiled.workflow[0]!.steps[0]!.agentsCondition!(expert)).toBe(true);
  });

  it('names the field and the column of every broken expression, so start-up fails saying what to fix', () => {
    const result = compileRoutingPolicy(
      policy({
        queues: { billing: { team: 'support', agents: 'skills.x >= and on_call' }, general: { team: 'support', agents: 'skills.general >= 1' } },
        workflow: [
          { name: 'disputes', when: "category = 'billing_dispute'", steps: [{ queue: 'billing', agents: 'languages has task.langauge' }] },
          { name: 'default', steps: [{ queue: 'general' }] },
        ],
      }),
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        'queues.billing.agents: at column 13: expected a value after ">=", found "and"',
        'workflow.0.steps.0.agents: at column 20: unknown attribute "langauge" of task (known: category, tier, severity, language, language_tag, sentiment, reason, channel)',
        'workflow.0.when: at column 10: unexpected "="; write == instead',
      ],
    });
  });

  it('rejects agent attributes in a filter and unknown attributes in a queue', () => {
    const result = compileRoutingPolicy(
      policy({
        queues: { general: { team: 'support', agents: 'skill.general >= 1' } },
        workflow: [
          { name: 'experts', when: 'skills.general >= 3', steps: [{ queue: 'general' }] },
          { name: 'default', steps: [{ queue: 'general' }] },
        ],
      }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      'queues.general.agents: at column 1: unknown attribute "skill" (known: skills, languages, teams, on_call, task)',
      'workflow.0.when: at column 1: unknown attribute "skills" (known: category, tier, severity, language, language_tag, sentiment, reason, channel)',
    ]);
  });
});
