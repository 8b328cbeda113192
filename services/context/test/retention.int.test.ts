// Context's retention on a real MongoDB-wire server: what is kept about a conversation goes once nothing has been stored
// for it for the retention period, whole conversations only, and a conversation that comes back starts afresh.
import { ManualClock } from '@handoff/core';
import { ContextPackage, ConversationEvent, Role } from '@handoff/contracts';
import { useTestDatabase } from '@handoff/testing';
import { ConversationEventStore } from '../src/adapters/event-store';
import { PackageRepository } from '../src/adapters/package-repository';
import { forgetBefore } from '../src/adapters/retention';
import { SignalStore } from '../src/adapters/signal-store';

const DAY = 86_400_000;
const RETENTION_DAYS = 90;

const message = (conversationId: string, i: number, at: Date): ConversationEvent =>
  ConversationEvent.fromPartial({
    eventId: `${conversationId}-e${i}`,
    conversationId,
    occurredAt: at,
    payload: { $case: 'messagePosted', value: { messageId: `m${i}`, role: Role.ROLE_CUSTOMER, text: `message ${i}` } },
  });

const pkg = (conversationId: string, requestedAt: Date): ContextPackage =>
  ContextPackage.fromPartial({
    handoffId: `ho-${conversationId}`,
    conversationId,
    request: { handoffId: `ho-${conversationId}`, conversationId, escalationSequence: 1, category: 'refund', requestedAt },
    customer: { customerId: 'cus-1' },
    summary: 'refund for a late order',
    assembledAt: requestedAt,
  });

const ids = (events: ConversationEvent[]) => events.map((e) => e.eventId);

describe('context retention on a MongoDB-wire server', () => {
  const database = useTestDatabase('context_retention');

  it('forgets idle conversations with their signals, packages and ring entries, keeps the rest, and lets a forgotten one start afresh', async () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    // Two replicas: one stores the events, the other sweeps.
    const writer = new ConversationEventStore(database.db, { clock });
    const sweeper = new ConversationEventStore(database.db, { clock });
    const signals = new SignalStore(database.db);
    const packages = new PackageRepository(database.db, { clock });
    const t0 = clock.now();

    for (let i = 1; i <= 3; i++) await writer.append(message('old', i, t0));
    for (let i = 1; i <= 2; i++) await writer.append(message('mixed', i, t0));
    await signals.record({ conversationId: 'old', eventId: 'old-e1', sentimentScore: -0.7 });
    await packages.save(pkg('old', t0), ['refund']);
    await packages.recordOutcome('old', 'resolved', async () => 'refunded', t0);

    clock.advance(100 * DAY);
    const now = clock.now();
    await writer.append(message('mixed', 3, now));
    await writer.append(message('new', 1, now));
    await signals.record({ conversationId: 'new', eventId: 'new-e1', sentimentScore: 0.2 });
    await packages.save(pkg('new', now), ['refund']);

    const forgotten = await forgetBefore({ events: sweeper, signals, packages }, new Date(now.getTime() - RETENTION_DAYS * DAY));
    expect(forgotten).toEqual({ conversations: 1, packages: 1 });

    expect(await writer.ofConversation('old')).toEqual([]);
    expect(ids(await writer.ofConversation('mixed'))).toEqual(['mixed-e1', 'mixed-e2', 'mixed-e3']);
    expect(ids(await writer.ofConversation('new'))).toEqual(['new-e1']);
    expect((await signals.sentimentByEvent('old')).size).toBe(0);
    expect((await signals.sentimentByEvent('new')).get('new-e1')).toBe(0.2);
    expect(await packages.get('ho-old')).toBeUndefined();
    expect(await packages.get('ho-new')).toBeDefined();
    expect(await packages.earlierInConversation('old', 9)).toEqual([]);
    expect(await packages.resolvedCandidates()).toEqual([]);
    expect((await packages.previousOf('cus-1', 'none')).map((p) => p.handoffId)).toEqual(['ho-new']);

    // The writer last wrote "old" 100 days ago: it no longer trusts where it thought the next slot was.
    await writer.append(message('old', 9, now));
    expect(ids(await sweeper.ofConversation('old'))).toEqual(['old-e9']);

    // A second sweep finds nothing more to forget.
    expect(await forgetBefore({ events: sweeper, signals, packages }, new Date(now.getTime() - RETENTION_DAYS * DAY))).toEqual({ conversations: 0, packages: 0 });
  });

  it('keeps an event stored after the slots being forgotten where readers find it', async () => {
    const events = new ConversationEventStore(database.db);
    const at = new Date('2026-03-01T00:00:00Z');
    for (let i = 1; i <= 4; i++) await events.append(message('revived', i, at));
    // The sweep found three old slots; the fourth arrived before it deleted them.
    await events.forgetSlots('revived', 3);
    expect(ids(await new ConversationEventStore(database.db).ofConversation('revived'))).toEqual(['revived-e4']);
    await events.append(message('revived', 5, at));
    expect(ids(await new ConversationEventStore(database.db).ofConversation('revived'))).toEqual(['revived-e4', 'revived-e5']);
  });

  it('counts slots stored before retention existed from when their event happened', async () => {
    const slots = database.db.collection<{ _id: string }>('conversation_events');
    const event = message('legacy', 1, new Date('2025-01-01T00:00:00Z'));
    await slots.insertOne({ _id: 'legacy#1', conversationId: 'legacy', eventId: event.eventId, occurredAt: event.occurredAt, event: ConversationEvent.toJSON(event) } as { _id: string });
    const events = new ConversationEventStore(database.db);
    expect(await events.backfillStoredAt()).toBe(1);
    expect(await events.forgetIdleSince(new Date('2025-06-01T00:00:00Z'))).toEqual(['legacy']);
    expect(await events.ofConversation('legacy')).toEqual([]);
  });
});
