import { ContextPackage, EscalationReason, RoutingStatus, Severity, TriggerMode, type RoutingUpdate } from '@handoff/contracts';
import { ManualClock } from '@handoff/core';
import type { EventPublisher, TopicDefinition } from '@handoff/messaging';
import { connectStore, ensureIndexes, type Store } from '@handoff/store';
import { infraEnv, testLogger, uniqueName } from '@handoff/testing';
import { AgentRepository, agentIndexes } from '../src/adapters/agent-repository';
import { HandoffRepository, handoffIndexes } from '../src/adapters/handoff-repository';
import { QueueStats } from '../src/adapters/queue-stats';
import { Router } from '../src/adapters/router';
import { compileRoutingPolicy } from '../src/domain/policy/compile';
import { parseRoutingPolicy } from '../src/domain/policy/parse';
import { availableAgent } from './fixtures';

class CapturingPublisher {
  readonly updates: RoutingUpdate[] = [];
  async publish<T>(_topic: TopicDefinition<T>, message: T): Promise<void> {
    this.updates.push(message as RoutingUpdate);
  }
}

const POLICY = `
version: wf-1
teams:
  billing: { display_name: Billing, time_zone: UTC }
  support: { display_name: Support, time_zone: UTC }
  night: { display_name: Night desk, time_zone: Europe/Paris, hours: { mon: ["09:00-17:00"], tue: ["09:00-17:00"] } }
queues:
  billing: { team: billing, agents: "skills.refund >= 3" }
  general: { team: support, agents: "skills.general >= 1" }
  night: { team: night, agents: "skills.general >= 1" }
workflow:
  - name: closed
    when: "category == 'legal'"
    steps: [{ queue: night, timeout_seconds: 60 }]
  - name: billing
    when: "category == 'refund'"
    steps:
      - { queue: billing, timeout_seconds: 60 }
      - { queue: general, timeout_seconds: 120 }
  - name: default
    steps: [{ queue: general }]
sla:
  business_hours: 8
  tiers: { vip: { business_hours: 2 } }
`;

const pkg = (handoffId: string, category: string, tier = 'standard', severity = Severity.SEVERITY_NORMAL): ContextPackage =>
  ContextPackage.fromPartial({
    handoffId,
    conversationId: `conv-${handoffId}`,
    request: { handoffId, conversationId: `conv-${handoffId}`, escalationSequence: 1, reason: EscalationReason.ESCALATION_REASON_HARD_CATEGORY, mode: TriggerMode.TRIGGER_MODE_HARD, category, severity, customerTier: tier, language: 'en' },
    language: 'en',
  });

describe('workflow routing on a real MongoDB-wire server', () => {
  let store: Store;
  const clock = new ManualClock('2026-11-21T10:00:00Z'); // a Saturday
  const published = new CapturingPublisher();
  let router: Router;
  let agents: AgentRepository;
  const updatesOf = (id: string) => published.updates.filter((u) => u.handoffId === id);

  beforeAll(async () => {
    store = await connectStore({ url: infraEnv().mongoUrl, database: uniqueName('wf').replace(/-/g, '_'), appName: 'test' });
    await ensureIndexes(store.db, { ...agentIndexes, ...handoffIndexes });
    const compiled = compileRoutingPolicy(parseRoutingPolicy(POLICY, 'test.yaml'));
    if (!compiled.ok) throw new Error(compiled.problems.join('\n'));
    agents = new AgentRepository(store.db);
    router = new Router({
      policy: compiled.compiled,
      agents,
      handoffs: new HandoffRepository(store.db, 'wf-1'),
      queueStats: new QueueStats(store.db, compiled.compiled.policy.eta),
      publisher: published as unknown as EventPublisher,
      clock,
      logger: testLogger(),
    });
  });

  afterAll(async () => {
    await store.db.dropDatabase();
    await store.close();
  });

  it('waits in the first step with a position and ETA, falls through to the next step, then becomes an async ticket with an SLA', async () => {
    await router.route(pkg('r1', 'refund'));
    expect(updatesOf('r1').at(-1)).toMatchObject({ status: RoutingStatus.ROUTING_STATUS_QUEUED, queueId: 'billing', team: 'Billing', queuePosition: 1, workflowFilter: 'billing', workflowStep: 0, policyVersion: 'wf-1' });
    expect(updatesOf('r1').at(-1)!.etaSeconds).toBeGreaterThan(0);

    clock.advance(61_000);
    await router.drainQueue();
    expect(updatesOf('r1').at(-1)).toMatchObject({ status: RoutingStatus.ROUTING_STATUS_STEP_FALLBACK, queueId: 'general', team: 'Support', workflowStep: 1 });

    clock.advance(121_000);
    await router.drainQueue();
    const last = updatesOf('r1').at(-1)!;
    expect(last).toMatchObject({ status: RoutingStatus.ROUTING_STATUS_ASYNC_FALLBACK });
    expect(last.slaDeadline?.toISOString()).toBe('2026-11-21T18:03:02.000Z');
    expect(last.slaDescription).toBe('within 8 hours, by 6:03 p.m. today (UTC)');
  });

  it('assigns a waiting handoff as soon as an agent of its current step is free', async () => {
    await router.route(pkg('r2', 'refund'));
    await agents.upsert(availableAgent('gina', 2), clock.now());
    clock.advance(61_000);
    await router.drainQueue();
    expect(updatesOf('r2').map((u) => u.status)).toEqual([RoutingStatus.ROUTING_STATUS_QUEUED, RoutingStatus.ROUTING_STATUS_ASSIGNED]);
    expect(updatesOf('r2').at(-1)).toMatchObject({ agent: { agentId: 'gina' }, queueId: 'general', workflowStep: 1 });
  });

  it('makes a handoff async at once when its team is closed, promising a reply in business hours', async () => {
    await router.route(pkg('r3', 'legal', 'vip'));
    const last = updatesOf('r3').at(-1)!;
    expect(last).toMatchObject({ status: RoutingStatus.ROUTING_STATUS_ASYNC_FALLBACK, team: 'Night desk' });
    // Saturday in Paris: the desk opens Monday 09:00 (08:00 UTC); 2 business hours for a VIP.
    expect(last.slaDeadline?.toISOString()).toBe('2026-11-23T10:00:00.000Z');
  });

  it('orders the waiting line by priority with aging: a VIP goes ahead of an older standard handoff', async () => {
    await router.route(pkg('std', 'other'));
    await agents.setPresence('gina', 5, clock.now());
    clock.advance(1000);
    await router.route(pkg('vip', 'other', 'vip', Severity.SEVERITY_HIGH));
    expect(updatesOf('vip').at(-1)).toMatchObject({ status: RoutingStatus.ROUTING_STATUS_QUEUED, queuePosition: 1 });
  });

  it('pages the on-call agents when a critical handoff becomes an async ticket', async () => {
    await agents.upsert({ ...availableAgent('olga', 1, 'none'), onCall: true }, clock.now());
    await router.route(pkg('r5', 'legal', 'standard', Severity.SEVERITY_CRITICAL));
    expect(updatesOf('r5').at(-1)).toMatchObject({ status: RoutingStatus.ROUTING_STATUS_ASYNC_FALLBACK, pageOnCall: ['olga'] });
    await router.route(pkg('r6', 'legal'));
    expect(updatesOf('r6').at(-1)).toMatchObject({ status: RoutingStatus.ROUTING_STATUS_ASYNC_FALLBACK, pageOnCall: [] });
  });
});
