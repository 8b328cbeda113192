// The connector's ticket map on a real MongoDB-wire server: a finished handoff's ticket is forgotten once it has not
// changed for the retention; open and recent ones stay.
import { useTestDatabase } from '@handoff/testing';
import { TicketRepository, connectorIndexes } from '../src/adapters/connector-store';

const OLD = new Date('2026-01-05T10:00:00Z');
const RECENT = new Date('2026-06-01T10:00:00Z');
const CUTOFF = new Date('2026-05-01T00:00:00Z');

describe('connector ticket retention on a MongoDB-wire server', () => {
  const database = useTestDatabase('connector_retention', connectorIndexes);

  it("forgets finished handoffs' tickets unchanged since the cutoff, and keeps open and recent ones", async () => {
    const tickets = new TicketRepository(database.db);
    const ticket = async (handoffId: string, status: 'completed' | 'abandoned' | 'assigned', at: Date) => {
      await tickets.record({ handoffId, target: 'zendesk', conversationId: `conv-${handoffId}`, ticketId: `t-${handoffId}` }, at);
      await tickets.advance(handoffId, 'zendesk', 1, status, undefined, at);
    };
    await ticket('old-done', 'completed', OLD);
    await ticket('old-left', 'abandoned', OLD);
    await ticket('old-open', 'assigned', OLD);
    await ticket('recent-done', 'completed', RECENT);

    expect(await tickets.purgeFinishedBefore(CUTOFF)).toBe(2);
    expect(await tickets.find('old-done', 'zendesk')).toBeUndefined();
    expect(await tickets.find('old-left', 'zendesk')).toBeUndefined();
    expect(await tickets.find('old-open', 'zendesk')).toMatchObject({ ticketId: 't-old-open' });
    expect(await tickets.find('recent-done', 'zendesk')).toMatchObject({ ticketId: 't-recent-done' });
  });
});
