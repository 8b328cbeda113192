import { APPLIED_IDS, NOTHING_APPLIED, isApplied, withApplied } from '../src/adapters/conversation-repository';

describe('applied inputs (exactly-once state)', () => {
  it('remembers the ids of recent inputs: a duplicate published twice is applied once', () => {
    const applied = withApplied(withApplied(NOTHING_APPLIED, 'e1'), 'e2');
    expect(isApplied(applied, 'e1')).toBe(true);
    expect(isApplied(applied, 'e2')).toBe(true);
    expect(isApplied(applied, 'e3')).toBe(false);
  });

  it(`keeps the last ${APPLIED_IDS} ids only`, () => {
    let applied = NOTHING_APPLIED;
    for (let i = 0; i <= APPLIED_IDS; i++) applied = withApplied(applied, `e${i}`);
    expect(applied.recent).toHaveLength(APPLIED_IDS);
    expect(isApplied(applied, 'e0')).toBe(false);
    expect(isApplied(applied, `e${APPLIED_IDS}`)).toBe(true);
  });

  it('treats an event at or before the last applied position of the same partition, and no newer, as a replay, however old', () => {
    const at = (minute: number): Date => new Date(Date.UTC(2026, 10, 21, 10, minute));
    const applied = withApplied(NOTHING_APPLIED, 'e9', { partition: 3, offset: '9007199254740993', occurredAt: at(30) });
    expect(isApplied(applied, 'older', { partition: 3, offset: '12', occurredAt: at(1) })).toBe(true);
    expect(isApplied(applied, 'same', { partition: 3, offset: '9007199254740993', occurredAt: at(30) })).toBe(true);
    expect(isApplied(applied, 'next', { partition: 3, offset: '9007199254740994', occurredAt: at(31) })).toBe(false);
    // The topic was deleted and created again: offsets restart, but the event is new.
    expect(isApplied(applied, 'after-reset', { partition: 3, offset: '0', occurredAt: at(45) })).toBe(false);
    // Without a time the position alone does not decide.
    expect(isApplied(applied, 'untimed', { partition: 3, offset: '12' })).toBe(false);
    // Another partition (the topic was repartitioned): positions do not compare, the ids still do.
    expect(isApplied(applied, 'moved', { partition: 4, offset: '1', occurredAt: at(1) })).toBe(false);
    expect(isApplied(applied, 'e9', { partition: 4, offset: '1' })).toBe(true);
  });

  it('keeps the last position when an event comes without one (handled directly, not from Kafka)', () => {
    const position = { partition: 0, offset: '5', occurredAt: new Date(0) };
    const applied = withApplied(withApplied(NOTHING_APPLIED, 'e1', position), 'e2');
    expect(applied.position).toEqual(position);
  });
});
