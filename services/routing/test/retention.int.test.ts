// Routing's retention on a real MongoDB-wire server: finished handoffs requested before the cutoff go with their
// transition log; open ones and recent ones stay.
import { RoutingStatus } from '@handoff/contracts';
import { useTestDatabase } from '@handoff/testing';
import { HandoffRepository, handoffIndexes, type HandoffDocument } from '../src/adapters/handoff-repository';

const OLD = new Date('2026-01-05T10:00:00Z');
const RECENT = new Date('2026-06-01T10:00:00Z');
const CUTOFF = new Date('2026-05-01T00:00:00Z');

const handoff = (id: string, requestedAt: Date): HandoffDocument => ({
  _id: id,
  conversationId: `conv-${id}`,
  task: { category: 'refund', tier: 'standard', severity: 'normal', language: 'en', reason: 'hard_category', channel: 'chat' },
  filterIndex: 0,
  filterName: 'all',
  enteredAt: requestedAt,
  requestedAt,
  status: 'new',
  agentId: null,
  position: 0,
  declinedBy: [],
  sequence: 0,
  latest: null,
  queue: 'general',
  teamKey: 'support',
  team: 'Support',
  step: 0,
});

describe('routing retention on a MongoDB-wire server', () => {
  const database = useTestDatabase('routing_retention', handoffIndexes);

  it('forgets finished handoffs requested before the cutoff with their transitions, and keeps open and recent ones', async () => {
    const handoffs = new HandoffRepository(database.db, 'v1');
    const finish = async (id: string, requestedAt: Date, status: RoutingStatus) => {
      await handoffs.createIfAbsent(handoff(id, requestedAt));
      expect(((await handoffs.transition(id, ['new'], { status: RoutingStatus.ROUTING_STATUS_QUEUED, at: requestedAt })) as { applied?: unknown }).applied).toBeDefined();
      if (status !== RoutingStatus.ROUTING_STATUS_QUEUED) expect(((await handoffs.transition(id, ['queued'], { status, at: requestedAt })) as { applied?: unknown }).applied).toBeDefined();
    };
    await finish('old-done', OLD, RoutingStatus.ROUTING_STATUS_COMPLETED);
    await finish('old-left', OLD, RoutingStatus.ROUTING_STATUS_ABANDONED);
    await finish('old-waiting', OLD, RoutingStatus.ROUTING_STATUS_QUEUED);
    await finish('recent-done', RECENT, RoutingStatus.ROUTING_STATUS_COMPLETED);

    expect(await handoffs.forgetFinishedBefore(CUTOFF)).toBe(2);
    expect(await handoffs.get('old-done')).toBeUndefined();
    expect(await handoffs.get('old-left')).toBeUndefined();
    expect((await handoffs.get('old-waiting'))?.status).toBe('queued');
    expect((await handoffs.get('recent-done'))?.status).toBe('completed');
    const transitions = database.db.collection<{ _id: string; handoffId: string }>('handoff_transitions');
    expect((await transitions.find({}).toArray()).map((t) => t._id).sort()).toEqual(['old-waiting:1', 'recent-done:1', 'recent-done:2']);
    expect(await handoffs.forgetFinishedBefore(CUTOFF)).toBe(0);
  });
});
