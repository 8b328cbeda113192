// Analytics retention on a real MongoDB-wire server: inputs of conversations idle since the cutoff go whole, flags and
// claims before it go, and the hours they were counted in keep their numbers: a late input no longer reopens them.
import { ManualClock } from '@handoff/core';
import { ConversationEvent, Resolver, Role } from '@handoff/contracts';
import { testLogger, useTestDatabase } from '@handoff/testing';
import { CellStore, cellIndexes } from '../src/adapters/cell-store';
import { FactStore, factIndexes } from '../src/adapters/fact-store';
import { Rollup } from '../src/adapters/rollup';
import { finalBefore, inputCutoff, retentionProblem } from '../src/domain/retention';
import { hourOf } from '../src/domain/time';

const SETTINGS = { repeatContactDays: 7, quickResolutionSeconds: 600 };
const RETENTION = { inputRetentionDays: 60, repeatContactDays: SETTINGS.repeatContactDays };
const OLD = new Date('2026-01-05T10:00:00Z');
const RECENT = new Date('2026-06-01T10:00:00Z');

const message = (conversationId: string, n: number, at: Date) =>
  ConversationEvent.fromPartial({ eventId: `${conversationId}-${n}`, conversationId, occurredAt: at, payload: { $case: 'messagePosted', value: { messageId: `m${n}`, role: Role.ROLE_CUSTOMER, text: 'where is my order' } } });
const closed = (conversationId: string, n: number, at: Date) =>
  ConversationEvent.fromPartial({ eventId: `${conversationId}-${n}`, conversationId, occurredAt: at, payload: { $case: 'conversationClosed', value: { resolvedBy: Resolver.RESOLVER_BOT, resolved: true } } });

describe('analytics retention on a MongoDB-wire server', () => {
  const database = useTestDatabase('an_retention', { ...factIndexes, ...cellIndexes });

  it('forgets idle conversations whole, keeps the cells they were counted in, and no longer reopens those hours', async () => {
    const clock = new ManualClock(new Date(OLD.getTime() + 86_400_000));
    const cells = new CellStore(database.db, () => finalBefore(clock.now(), RETENTION));
    const facts = new FactStore(database.db, (hours) => cells.markDirty(hours), SETTINGS.repeatContactDays);
    const rollup = new Rollup(facts, cells, SETTINGS, testLogger());

    await facts.recordConversationEvent(message('old', 1, OLD), OLD);
    await facts.recordConversationEvent(closed('old', 2, new Date(OLD.getTime() + 60_000)), OLD);
    await facts.recordConversationEvent(message('long', 1, OLD), OLD);
    await facts.recordFlag('ho-old', { agentId: 'a1', verdict: 'yes', at: OLD, note: '' });
    await facts.claimOnce('waits:ho-old', OLD);
    await rollup.runOnce();
    const oldHour = { granularity: 'hour' as const, start: hourOf(OLD) };
    const counted = await cells.cells.find(oldHour).toArray();
    expect(counted.length).toBeGreaterThan(0);

    clock.advance(RECENT.getTime() - clock.now().getTime());
    await facts.recordConversationEvent(message('long', 2, RECENT), RECENT);
    await facts.recordConversationEvent(message('new', 1, RECENT), RECENT);
    await rollup.runOnce();

    const cutoff = inputCutoff(clock.now(), RETENTION);
    expect(await facts.forgetBefore(cutoff)).toBe(3); // old's two inputs and the flag
    const count = (filter: object) => facts.inputs.countDocuments(filter);
    expect(await count({ conversationId: 'old' })).toBe(0);
    expect(await count({ conversationId: 'long' })).toBe(2);
    expect(await count({ conversationId: 'new' })).toBe(1);
    expect(await count({ kind: 'flag' })).toBe(0);
    expect(await database.db.collection('live_metric_claims').countDocuments({})).toBe(0);

    // A late input for the forgotten conversation is stored, but its hours are final: nothing is marked or recomputed.
    await facts.recordConversationEvent(message('old', 3, new Date(OLD.getTime() + 120_000)), OLD);
    expect(await cells.dirty.countDocuments({})).toBe(0);
    // A mark left from before the hour became final is dropped rather than recomputed.
    await cells.dirty.insertOne({ _id: hourOf(OLD).toISOString(), hour: hourOf(OLD), seq: 1 });
    expect(await rollup.runOnce()).toBe(0);
    expect(await cells.dirty.countDocuments({})).toBe(0);
    expect(await cells.cells.find(oldHour).toArray()).toEqual(counted);
  });

  it('refuses an input retention no longer than the repeat-contact window', () => {
    expect(retentionProblem({ inputRetentionDays: 60, repeatContactDays: 7 })).toBeUndefined();
    expect(retentionProblem({ inputRetentionDays: 7, repeatContactDays: 7 })).toMatch(/^ANALYTICS_INPUT_RETENTION_DAYS: must be more than ANALYTICS_REPEAT_CONTACT_DAYS \(7\)/);
  });
});
