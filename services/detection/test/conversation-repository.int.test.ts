// Conversation states remembered by the replica that owns them, on a real MongoDB-wire server: the replica's own write
// is current; another replica's write since makes the save fail (transiently), and the retry reads the database.
import { useTestDatabase } from '@handoff/testing';
import { ConversationRepository, NOTHING_APPLIED } from '../src/adapters/conversation-repository';
import { initialState } from '../src/domain/state';

const now = new Date('2026-11-21T10:00:00Z');
const withMessages = (conversationId: string, customerMessages: number) => ({ ...initialState(conversationId), customerMessages });

describe('remembered conversation states on a MongoDB-wire server', () => {
  const database = useTestDatabase('detection_states');

  it('serves its own last write, and rereads after another replica wrote since', async () => {
    const owner = new ConversationRepository(database.db, 'conversations', 10);
    const other = new ConversationRepository(database.db, 'conversations');
    await owner.save(withMessages('c1', 1), 0, [], NOTHING_APPLIED, now);
    expect(await owner.load('c1')).toMatchObject({ version: 1, state: { customerMessages: 1 } });

    // A rebalance overlap: another replica applies an event to the same conversation.
    await other.save(withMessages('c1', 2), 1, [], NOTHING_APPLIED, now);
    const stale = await owner.load('c1');
    expect(stale).toMatchObject({ version: 1 });
    await expect(owner.save(withMessages('c1', 2), stale!.version, [], NOTHING_APPLIED, now)).rejects.toThrow(/changed concurrently/);
    expect(await owner.load('c1')).toMatchObject({ version: 2, state: { customerMessages: 2 } });
  });

  it('keeps only the most recently used conversations', async () => {
    const owner = new ConversationRepository(database.db, 'conversations', 2);
    const other = new ConversationRepository(database.db, 'conversations');
    for (const id of ['k1', 'k2', 'k3']) await owner.save(withMessages(id, 1), 0, [], NOTHING_APPLIED, now);
    for (const id of ['k1', 'k2', 'k3']) await other.save(withMessages(id, 5), 1, [], NOTHING_APPLIED, now);
    // k1 was forgotten, so it is read afresh; k3 is still remembered.
    expect((await owner.load('k1'))?.version).toBe(2);
    expect((await owner.load('k3'))?.version).toBe(1);
  });

  it('reads the database every time when it remembers nothing', async () => {
    const reader = new ConversationRepository(database.db);
    const other = new ConversationRepository(database.db);
    await reader.save(withMessages('n1', 1), 0, [], NOTHING_APPLIED, now);
    await other.save(withMessages('n1', 3), 1, [], NOTHING_APPLIED, now);
    expect((await reader.load('n1'))?.version).toBe(2);
  });
});
