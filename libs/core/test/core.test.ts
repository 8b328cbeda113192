import { ManualClock, deterministicId, handoffIdFor } from '../src';

describe('deterministic ids', () => {
  it('gives the same handoff id for the same conversation and escalation sequence', () => {
    expect(handoffIdFor('conv-1', 1)).toBe(handoffIdFor('conv-1', 1));
    expect(handoffIdFor('conv-1', 1)).toMatch(/^ho_[A-Za-z0-9_-]{22}$/);
  });

  it('gives a new id to a re-escalation and to another conversation', () => {
    const ids = new Set([handoffIdFor('conv-1', 1), handoffIdFor('conv-1', 2), handoffIdFor('conv-2', 1)]);
    expect(ids.size).toBe(3);
  });

  it('does not confuse part boundaries', () => {
    expect(deterministicId('x', 'ab', 'c')).not.toBe(deterministicId('x', 'a', 'bc'));
  });
});

describe('ManualClock', () => {
  it('moves only when told', () => {
    const clock = new ManualClock('2026-11-21T10:00:00Z');
    clock.advance(90_000);
    expect(clock.now().toISOString()).toBe('2026-11-21T10:01:30.000Z');
  });
});
