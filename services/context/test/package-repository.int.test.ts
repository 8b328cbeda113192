// The package repository's lists on a real MongoDB-wire server: a customer's and a conversation's packages, outcomes,
// the bounded similar-case ring and customer list, replays, and the one-time backfill of packages stored before them.
import { ManualClock } from '@handoff/core';
import { ContextPackage } from '@handoff/contracts';
import { useTestDatabase } from '@handoff/testing';
import { runOnce } from '../src/adapters/migrations';
import { PackageRepository, RESOLVED_REFRESH_MS } from '../src/adapters/package-repository';
import { SignalStore } from '../src/adapters/signal-store';

const base = Date.parse('2026-11-21T09:00:00Z');

function pkg(conversationId: string, sequence: number, customerId: string, minute: number, summary = 'double charge on the invoice'): ContextPackage {
  const requestedAt = new Date(base + minute * 60_000);
  return ContextPackage.fromPartial({
    handoffId: `ho-${conversationId}-${sequence}`,
    conversationId,
    request: { handoffId: `ho-${conversationId}-${sequence}`, conversationId, escalationSequence: sequence, category: 'billing_dispute', requestedAt },
    customer: { customerId },
    summary,
    assembledAt: requestedAt,
  });
}

describe('context package repository on a MongoDB-wire server', () => {
  const database = useTestDatabase('context_repo');

  it('lists a customer\'s other handoffs and a conversation\'s earlier ones, newest first, once however often a save is replayed', async () => {
    const packages = new PackageRepository(database.db);
    for (const [p, words] of [
      [pkg('c1', 1, 'cus-a', 1), ['double', 'charge']],
      [pkg('c2', 1, 'cus-a', 2), ['refund']],
      [pkg('c3', 1, 'cus-a', 3), ['cancel']],
      [pkg('c3', 2, 'cus-a', 4), ['cancel', 'again']],
      [pkg('c3', 2, 'cus-a', 4), ['cancel', 'again']],
      [pkg('c9', 1, 'cus-b', 5), ['other', 'customer']],
    ] as const) await packages.save(p, [...words]);

    expect((await packages.previousOf('cus-a', 'c3')).map((p) => p.handoffId)).toEqual(['ho-c2-1', 'ho-c1-1']);
    expect((await packages.previousOf('cus-a', 'c3', 1)).map((p) => p.handoffId)).toEqual(['ho-c2-1']);
    expect(await packages.previousOf('', 'c3')).toEqual([]);
    expect((await packages.earlierInConversation('c3', 3)).map((p) => [p.handoffId, p.outcome])).toEqual([
      ['ho-c3-2', 'open'],
      ['ho-c3-1', 'open'],
    ]);
    expect(await packages.earlierInConversation('c3', 1)).toEqual([]);
  });

  it('records outcomes once, and keeps the most recently resolved cases in a bounded ring', async () => {
    const clock = new ManualClock('2026-11-21T10:00:00Z');
    const packages = new PackageRepository(database.db, { resolvedKept: 2, clock });
    for (let i = 1; i <= 3; i++) await packages.save(pkg(`r${i}`, 1, 'cus-r', i), [`word${i}`]);
    await packages.recordOutcome('r1', 'resolved', async () => 'refunded', new Date(base + 10 * 60_000));
    await packages.recordOutcome('r2', 'unresolved', async () => 'customer left', new Date(base + 11 * 60_000));
    await packages.recordOutcome('r3', 'resolved', async () => 'cancelled the plan', new Date(base + 12 * 60_000));
    // A conversation without a handoff: its resolution is never worked out.
    const resolutionOf = jest.fn(async () => 'never asked for');
    await packages.recordOutcome('no-handoff', 'resolved', resolutionOf, new Date(base + 12 * 60_000));
    expect(resolutionOf).not.toHaveBeenCalled();
    // A redelivered close changes nothing: the package is no longer open.
    await packages.recordOutcome('r3', 'unresolved', async () => 'other words', new Date(base + 13 * 60_000));

    expect((await packages.resolvedCandidates()).map((c) => [c.handoffId, c.resolution, c.words])).toEqual([
      ['ho-r3-1', 'cancelled the plan', ['word3']],
      ['ho-r1-1', 'refunded', ['word1']],
    ]);
    expect((await packages.previousOf('cus-r', 'none')).map((p) => [p.handoffId, p.outcome, p.resolution])).toEqual([
      ['ho-r3-1', 'resolved', 'cancelled the plan'],
      ['ho-r2-1', 'unresolved', 'customer left'],
      ['ho-r1-1', 'resolved', 'refunded'],
    ]);

    // Two more resolved cases push the oldest out of a ring of two.
    for (let i = 4; i <= 5; i++) {
      await packages.save(pkg(`r${i}`, 1, 'cus-r', i), [`word${i}`]);
      await packages.recordOutcome(`r${i}`, 'resolved', async () => `fixed ${i}`, new Date(base + (20 + i) * 60_000));
    }
    expect((await packages.resolvedCandidates()).map((c) => c.handoffId)).toEqual(['ho-r5-1', 'ho-r4-1']);

    // A case another replica resolves shows once this replica's copy of the ring is RESOLVED_REFRESH_MS old.
    const otherReplica = new PackageRepository(database.db, { resolvedKept: 2, clock });
    await otherReplica.save(pkg('r6', 1, 'cus-r', 6), ['word6']);
    await otherReplica.recordOutcome('r6', 'resolved', async () => 'fixed 6', new Date(base + 30 * 60_000));
    expect((await packages.resolvedCandidates()).map((c) => c.handoffId)).toEqual(['ho-r5-1', 'ho-r4-1']);
    clock.advance(RESOLVED_REFRESH_MS);
    expect((await packages.resolvedCandidates()).map((c) => c.handoffId)).toEqual(['ho-r6-1', 'ho-r5-1']);
  });

  it('keeps a customer\'s newest references when the list is full', async () => {
    const packages = new PackageRepository(database.db, { customerRefsKept: 3 });
    for (let i = 1; i <= 5; i++) await packages.save(pkg(`k${i}`, 1, 'cus-k', i), []);
    expect((await packages.previousOf('cus-k', 'none', 10)).map((p) => p.handoffId)).toEqual(['ho-k5-1', 'ho-k4-1', 'ho-k3-1']);
  });

  it('backfills packages and signals stored before the lists existed, once per database', async () => {
    const db = database.db;
    const legacy = (id: string, conversationId: string, sequence: number, status: string, minute: number) => ({
      _id: id, conversationId, customerId: 'cus-old', category: 'refund', reason: 2, escalationSequence: sequence, requestedAt: new Date(base + minute * 60_000),
      assembledAt: new Date(base + minute * 60_000), status, resolution: status === 'resolved' ? 'refund sent' : '', summary: 'legacy', words: ['legacy'], package: {},
    });
    await db.collection<{ _id: string }>('context_packages').insertMany([legacy('old-1', 'old-c1', 1, 'resolved', 1), legacy('old-2', 'old-c2', 1, 'open', 2), legacy('old-3', 'old-c2', 2, 'open', 3)]);
    await db.collection<{ _id: string; conversationId: string; sentiment: number }>('message_signals').insertMany([{ _id: 'e1', conversationId: 'old-c2', sentiment: -0.5 }, { _id: 'e2', conversationId: 'old-c2', sentiment: -0.9 }]);

    const packages = new PackageRepository(db);
    const signals = new SignalStore(db);
    const now = () => new Date(base);
    expect(await runOnce(db, 'package-refs-v1', () => packages.backfillRefs(), now)).toBeGreaterThanOrEqual(3);
    expect(await runOnce(db, 'conversation-signals-v1', () => signals.backfillFromPerMessage(), now)).toBe(2);
    expect(await runOnce(db, 'package-refs-v1', () => packages.backfillRefs(), now)).toBeUndefined();

    expect((await packages.previousOf('cus-old', 'old-c2')).map((p) => p.handoffId)).toEqual(['old-1']);
    expect((await packages.earlierInConversation('old-c2', 3)).map((p) => p.handoffId)).toEqual(['old-3', 'old-2']);
    expect((await packages.resolvedCandidates()).map((c) => c.handoffId)).toContain('old-1');
    await packages.recordOutcome('old-c2', 'resolved', async () => 'done', new Date(base + 60 * 60_000));
    expect((await packages.earlierInConversation('old-c2', 3)).map((p) => p.outcome)).toEqual(['resolved', 'resolved']);
    expect(await signals.sentimentByEvent('old-c2')).toEqual(new Map([['e1', -0.5], ['e2', -0.9]]));
  });
});
