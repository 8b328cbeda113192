import { routingFieldsOf, type RoutingFields } from '../src/domain/fields';
import { idempotencyKey } from '../src/domain/idempotency';
import { planRouting } from '../src/domain/routing-plan';
import { assigned, completed, queued } from './fixtures';

const f = (u: Parameters<typeof routingFieldsOf>[0]): RoutingFields => routingFieldsOf(u)!;

describe('routing plan', () => {
  it('applies pending updates in sequence order whatever order they arrived in', () => {
    const steps = planRouting({ lastSequence: 0 }, [f(completed('h', 3)), f(queued('h', 1)), f(assigned('h', 2))]);
    expect(steps.map((s) => [s.fields.sequence, s.fields.status, s.send])).toEqual([
      [1, 'queued', true],
      [2, 'assigned', true],
      [3, 'completed', true],
    ]);
  });

  it('ignores updates older than (or equal to) the last applied, and duplicates', () => {
    const steps = planRouting({ lastSequence: 2, lastStatus: 'assigned', lastAgentId: 'sam' }, [f(queued('h', 1)), f(assigned('h', 2)), f(completed('h', 3)), f(completed('h', 3))]);
    expect(steps.map((s) => s.fields.sequence)).toEqual([3]);
  });

  it('records queue-position-only changes without a request', () => {
    const steps = planRouting({ lastSequence: 1, lastStatus: 'queued' }, [f(queued('h', 2, 1)), f(assigned('h', 3))]);
    expect(steps.map((s) => [s.fields.sequence, s.send])).toEqual([
      [2, false],
      [3, true],
    ]);
  });

  it('sends a reassignment to another agent', () => {
    const other = f(assigned('h', 4));
    other.agent = { id: 'kim', name: 'Kim' };
    expect(planRouting({ lastSequence: 3, lastStatus: 'assigned', lastAgentId: 'sam' }, [other])[0]!.send).toBe(true);
  });

  it('derives idempotency keys only from handoff, target and action', () => {
    expect(idempotencyKey('h', 'zendesk', 'create')).toBe(idempotencyKey('h', 'zendesk', 'create'));
    expect(idempotencyKey('h', 'zendesk', 'create')).not.toBe(idempotencyKey('h', 'webhook', 'create'));
    expect(idempotencyKey('h', 'zendesk', 'create')).not.toBe(idempotencyKey('h', 'zendesk', 'update:1'));
    expect(idempotencyKey('h', 'zendesk', 'create')).toMatch(/^hc_[\w-]{22}$/);
  });
});
