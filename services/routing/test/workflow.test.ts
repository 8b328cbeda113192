import { Presence } from '@handoff/contracts';
import type { AgentCandidate } from '../src/domain/agent-selection';
import { taskScope, type HandoffAttributes } from '../src/domain/expressions';
import { compileRoutingPolicy, type CompiledRoutingPolicy } from '../src/domain/policy/compile';
import { routingPolicySchema } from '../src/domain/policy/schema';
import { currentStep, eligibleAgents, matchFilter } from '../src/domain/workflow';

function compile(overrides: object): CompiledRoutingPolicy {
  const result = compileRoutingPolicy(routingPolicySchema.parse({ version: 'workflow-test', ...overrides }));
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.compiled;
}

const compiled = compile({
  teams: { billing: { display_name: 'Billing', time_zone: 'UTC' }, support: { display_name: 'Support', time_zone: 'UTC' } },
  queues: {
    billing_specialists: { team: 'billing', agents: "skills.billing_dispute >= 3 and teams has 'billing'" },
    general: { team: 'support', agents: 'skills.general >= 1 or skills[task.category] >= 1' },
    on_call: { team: 'support', agents: 'on_call' },
  },
  workflow: [
    {
      name: 'billing_disputes',
      when: "category in ['billing_dispute', 'refund']",
      steps: [
        { queue: 'billing_specialists', timeout_seconds: 120, skip_if_no_one_available: true },
        { queue: 'general', agents: 'languages has task.language', timeout_seconds: 300 },
      ],
    },
    { name: 'urgent_vips', when: "tier == 'vip' and severity in ['high', 'critical']", steps: [{ queue: 'on_call' }] },
    { name: 'default', steps: [{ queue: 'general' }] },
  ],
});

const handoff = (overrides: Partial<HandoffAttributes> = {}) =>
  taskScope({ category: 'billing_dispute', tier: 'standard', severity: 'normal', language: 'en-GB', sentiment: -0.2, reason: 'explicit_request', channel: 'chat', ...overrides });

const agent = (agentId: string, overrides: Partial<AgentCandidate & { teams: string[]; onCall: boolean }> = {}) => ({
  agentId,
  skills: [{ name: 'general', level: 2 }],
  languages: ['en'],
  presence: Presence.PRESENCE_AVAILABLE,
  capacity: 3,
  activeHandoffs: 0,
  idleSince: new Date('2026-11-21T09:00:00Z'),
  teams: [] as string[],
  onCall: false,
  ...overrides,
});

const entered = new Date('2026-11-21T10:00:00Z');
const at = (seconds: number) => new Date(entered.getTime() + seconds * 1000);

describe('matchFilter', () => {
  it('picks the first filter whose condition holds', () => {
    expect(matchFilter(compiled, handoff()).name).toBe('billing_disputes');
    // A VIP billing dispute still matches billing first: order decides, not specificity.
    expect(matchFilter(compiled, handoff({ tier: 'vip', severity: 'critical' })).name).toBe('billing_disputes');
    expect(matchFilter(compiled, handoff({ category: 'security', tier: 'vip', severity: 'high' })).name).toBe('urgent_vips');
  });

  it('falls back to the default filter when nothing else matches', () => {
    const matched = matchFilter(compiled, handoff({ category: 'order_delivery' }));
    expect([matched.name, matched.index]).toEqual(['default', 2]);
  });
});

describe('currentStep', () => {
  const disputes = compiled.workflow[0]!;

  it('offers billing disputes to specialists first, then general agents after the timeout', () => {
    expect(currentStep(disputes, { enteredAt: entered, now: at(0) })).toMatchObject({ exhausted: false, index: 0, startedAt: entered, deadline: at(120) });
    expect(currentStep(disputes, { enteredAt: entered, now: at(119) })).toMatchObject({ index: 0 });
    expect(currentStep(disputes, { enteredAt: entered, now: at(120) })).toMatchObject({ exhausted: false, index: 1, startedAt: at(120), deadline: at(420) });
    expect(currentStep(disputes, { enteredAt: entered, now: at(120) })).toMatchObject({ step: { queue: 'general' } });
  });

  it('exhausts the workflow when the last step has a timeout that passed, so the caller opens an async ticket', () => {
    expect(currentStep(disputes, { enteredAt: entered, now: at(419) })).toMatchObject({ index: 1 });
    expect(currentStep(disputes, { enteredAt: entered, now: at(420) })).toEqual({ exhausted: true, since: at(420) });
  });

  it('holds a step without a timeout for as long as it takes', () => {
    const position = currentStep(compiled.workflow[2]!, { enteredAt: entered, now: at(86_400) });
    expect(position).toEqual({ exhausted: false, index: 0, step: compiled.workflow[2]!.steps[0], startedAt: entered });
  });

  it('skips a step at once when nobody eligible for it exists at all, without lengthening the wait', () => {
    const nobody = new Set([0]);
    expect(currentStep(disputes, { enteredAt: entered, now: at(10), stepsWithNoEligibleAgent: nobody })).toMatchObject({ index: 1, startedAt: entered, deadline: at(300) });
    // Back to the specialists if one comes online before the step's timeout.
    expect(currentStep(disputes, { enteredAt: entered, now: at(20), stepsWithNoEligibleAgent: new Set() })).toMatchObject({ index: 0 });
  });

  it('does not skip a step that is not marked skip_if_no_one_available', () => {
    expect(currentStep(disputes, { enteredAt: entered, now: at(200), stepsWithNoEligibleAgent: new Set([1]) })).toMatchObject({ index: 1 });
  });

  it('exhausts the workflow when the last step is skipped because nobody could ever serve it', () => {
    const only = { steps: [{ queue: 'on_call', skip_if_no_one_available: true }] };
    expect(currentStep(only, { enteredAt: entered, now: at(5), stepsWithNoEligibleAgent: new Set([0]) })).toEqual({ exhausted: true, since: entered });
  });

  it('treats a clock before the handoff entered as the first moment', () => {
    expect(currentStep(disputes, { enteredAt: entered, now: at(-30) })).toMatchObject({ index: 0, deadline: at(120) });
  });
});

describe('eligibleAgents', () => {
  const [specialists, general] = compiled.workflow[0]!.steps;
  const task = handoff();
  const team = [
    agent('sam', { skills: [{ name: 'billing_dispute', level: 4 }], teams: ['billing'] }),
    agent('junior', { skills: [{ name: 'billing_dispute', level: 2 }], teams: ['billing'] }),
    agent('outsider', { skills: [{ name: 'billing_dispute', level: 5 }], teams: ['support'] }),
    agent('generalist'),
    agent('german', { languages: ['de'] }),
    agent('category_only', { skills: [{ name: 'billing_dispute', level: 1 }] }),
    agent('unskilled', { skills: [] }),
  ];

  it('applies the queue expression', () => {
    expect(eligibleAgents(compiled, specialists!, team, task).map((a) => a.agentId)).toEqual(['sam']);
  });

  it("applies the step's own expression on top of the queue's, with the handoff visible as task", () => {
    expect(eligibleAgents(compiled, general!, team, task).map((a) => a.agentId)).toEqual(['sam', 'junior', 'outsider', 'generalist', 'category_only']);
  });

  it('treats a missing skill as not matching rather than failing', () => {
    expect(eligibleAgents(compiled, specialists!, [agent('none', { skills: [] })], task)).toEqual([]);
  });

  it('answers who may serve, not who is free: presence and capacity are left to agent selection', () => {
    const busy = agent('busy', { skills: [{ name: 'billing_dispute', level: 4 }], teams: ['billing'], presence: Presence.PRESENCE_OFFLINE, activeHandoffs: 3 });
    expect(eligibleAgents(compiled, specialists!, [busy], task)).toEqual([busy]);
  });
});
