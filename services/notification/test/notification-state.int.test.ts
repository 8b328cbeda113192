// Per-handoff notification state on a real MongoDB-wire server: it only moves forward, and the retention forgets
// handoffs it has not changed since the cutoff.
import { useTestDatabase } from '@handoff/testing';
import { NotificationStateRepository, notificationStateIndexes } from '../src/adapters/notification-state-repository';

describe('notification state on a MongoDB-wire server', () => {
  const database = useTestDatabase('notification_state', notificationStateIndexes);

  it('never moves back, and forgets handoffs unchanged since the cutoff', async () => {
    const states = new NotificationStateRepository(database.db);
    await states.save({ handoffId: 'ho-old', lastSequence: 3, transitionSent: true }, new Date('2026-01-05T10:00:00Z'));
    await states.save({ handoffId: 'ho-recent', lastSequence: 2, transitionSent: true }, new Date('2026-06-01T10:00:00Z'));
    await states.save({ handoffId: 'ho-recent', lastSequence: 1, transitionSent: false }, new Date('2026-06-01T10:05:00Z'));
    expect(await states.load('ho-recent')).toEqual({ handoffId: 'ho-recent', lastSequence: 2, transitionSent: true });

    expect(await states.purgeNotUpdatedSince(new Date('2026-05-01T00:00:00Z'))).toBe(1);
    expect(await states.load('ho-old')).toEqual({ handoffId: 'ho-old', lastSequence: 0, transitionSent: false });
    expect(await states.load('ho-recent')).toEqual({ handoffId: 'ho-recent', lastSequence: 2, transitionSent: true });
  });
});
