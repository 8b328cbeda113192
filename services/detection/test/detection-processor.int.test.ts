import { Role, type ConversationEvent } from '@handoff/contracts';
import fc from 'fast-check';
import { ManualClock } from '@handoff/core';
import { Messaging, Topics, type EventPublisher, type GroupedEvent } from '@handoff/messaging';
import { connectStore, ensureIndexes, type Store } from '@handoff/store';
import { TopicRecorder, infraEnv, testLogger, uniqueName, waitFor } from '@handoff/testing';
import { ConversationRepository, NOTHING_APPLIED, conversationIndexes } from '../src/adapters/conversation-repository';
import { DetectionProcessor } from '../src/adapters/detection-processor';
import { TimerStore, timerIndexes } from '../src/adapters/timer-store';
import { ShadowDecisionLog } from '../src/adapters/shadow-decision-log';
import { DetectionEngine } from '../src/domain/engine';
import { PolicyRollout } from '../src/domain/rollout';
import { initialState } from '../src/domain/state';
import { policyFrom, script, scriptedClassifier } from './engine-harness';

const prefix = `${uniqueName('detect')}.`;
const { kafkaBrokers, mongoUrl } = infraEnv();
const engine = new DetectionEngine(policyFrom('version: int-1\ntriggers:\n  time_limit:\n    mode: hard\n    minutes: 10\n'), scriptedClassifier);
// A candidate that escalates persistent negativity outright instead of offering.
const candidate = new DetectionEngine(policyFrom('version: candidate-2\ntriggers:\n  sentiment_persistent:\n    mode: hard\n'), scriptedClassifier);
const clock = new ManualClock('2026-11-21T10:00:00Z');
script('this is annoying', { sentiment: -0.5 });
script('still annoying!', { sentiment: -0.6 });

let n = 0;
const customer = (conversationId: string, text: string): ConversationEvent => ({
  eventId: `${conversationId}-e${++n}`,
  conversationId,
  occurredAt: clock.now(),
  channel: 'chat',
  language: 'en',
  payload: { $case: 'messagePosted', value: { messageId: `m${n}`, role: Role.ROLE_CUSTOMER, text, botIntent: '', agentId: '' } },
});

/** An event as the consumer hands it over with others of its conversation, from partition 0 at `offset`. */
const grouped = (event: ConversationEvent, offset: string): GroupedEvent<ConversationEvent> => ({
  event,
  meta: { topic: 'conversation.events.v1', partition: 0, offset, key: event.conversationId, id: event.eventId, type: 'test', source: 'test', time: clock.now(), headers: {} },
  inTrace: (work) => work(),
});

describe('detection processor on real Kafka and a MongoDB-wire server', () => {
  let store: Store;
  let publisher: EventPublisher;
  const messaging = new Messaging({ brokers: kafkaBrokers, clientId: 'detection-int', topicPrefix: prefix, logger: testLogger() });
  const recorder = new TopicRecorder(messaging, 'recorder').record(Topics.handoffRequested).record(Topics.handoffOffered).record(Topics.handoffSignals);

  /** A fresh processor over the same database: what a restarted replica gets. */
  const processor = (rollout = new PolicyRollout(engine)) =>
    new DetectionProcessor({
      rollout,
      shadow: { conversations: new ConversationRepository(store.db, 'shadow_conversations'), log: new ShadowDecisionLog(store.db) },
      conversations: new ConversationRepository(store.db),
      timers: new TimerStore(store.db),
      publisher,
      clock,
      logger: testLogger(),
    });

  beforeAll(async () => {
    store = await connectStore({ url: mongoUrl, database: prefix.replace(/[.-]/g, '_'), appName: 'test' });
    await ensureIndexes(store.db, { ...conversationIndexes, ...timerIndexes });
    await messaging.ensureTopics({ partitions: 1, replicationFactor: 1 });
    publisher = await messaging.publisher();
    await recorder.start();
  });

  afterAll(async () => {
    await recorder.stop();
    await messaging.disconnect();
    await store.db.dropDatabase();
    await store.close();
  });

  it('keeps counts across a restart, offers once, and ignores a replayed event', async () => {
    const first = customer('c-restart', 'this is annoying');
    await processor().handleEvent(first);
    // Restart: a new processor continues from the stored state.
    const restarted = processor();
    await restarted.handleEvent(customer('c-restart', 'still annoying!'));
    await restarted.handleEvent(first);
    const offers = await waitFor(() => {
      const o = recorder.of(Topics.handoffOffered).filter((r) => r.event.conversationId === 'c-restart');
      return o.length > 0 ? o : undefined;
    }, 'the offer');
    await waitFor(() => (recorder.of(Topics.handoffSignals).filter((r) => r.event.conversationId === 'c-restart').length >= 2 ? true : undefined), 'signals');
    expect(offers).toHaveLength(1);
    expect(offers[0]!.event.evidence[0]!.detail).toBe('negative in 2 consecutive customer messages (-0.50, -0.60)');
  });

  it('fires the durable time-limit timer after a restart, though the conversation went silent, exactly once', async () => {
    await processor().handleEvent(customer('c-silent', 'I have a question about my plan'));
    clock.advance(5 * 60_000);
    expect(await processor().fireDueTimers()).toBe(0);
    clock.advance(6 * 60_000);
    // Two replicas poll at once: both conversations' timers are due now (the first test's one too), and each fires once.
    const [a, b] = [processor(), processor()];
    const fired = await Promise.all([a.fireDueTimers(), b.fireDueTimers()]);
    expect(fired[0] + fired[1]).toBe(2);
    expect(await a.fireDueTimers()).toBe(0);
    const handoffs = await waitFor(() => {
      const h = recorder.of(Topics.handoffRequested).filter((r) => r.event.conversationId === 'c-silent');
      return h.length > 0 ? h : undefined;
    }, 'the time-limit handoff');
    expect(handoffs).toHaveLength(1);
    expect(handoffs[0]!.event.evidence[0]!.detail).toBe('11 minutes without resolution');
  });

  it('sets the timer when an event is delivered again after a crash between saving the state and setting the timer', async () => {
    const crashing = new (class extends TimerStore {
      override set(): Promise<void> {
        return Promise.reject(new Error('crashed before the timer was set'));
      }
    })(store.db);
    const first = customer('c-crash', 'I have a question about my plan');
    const beforeCrash = new DetectionProcessor({ rollout: new PolicyRollout(engine), conversations: new ConversationRepository(store.db), timers: crashing, publisher, clock, logger: testLogger() });
    await expect(beforeCrash.handleEvent(first, { partition: 0, offset: '40' })).rejects.toThrow('crashed');
    expect(await store.db.collection('timers').findOne({ _id: 'c-crash' as never })).toBeNull();
    await processor().handleEvent(first, { partition: 0, offset: '40' }); // redelivered: already applied
    const timer = await store.db.collection<{ dueAt: Date }>('timers').findOne({ _id: 'c-crash' as never });
    expect(timer?.dueAt).toEqual(new Date(clock.now().getTime() + 10 * 60_000));
  });

  it('runs a shadow candidate on its own state: its decisions are recorded, never published', async () => {
    const shadowed = processor(new PolicyRollout(engine, { engine: candidate, mode: 'shadow', percent: 0 }));
    await shadowed.handleEvent(customer('c-shadow', 'this is annoying'));
    await shadowed.handleEvent(customer('c-shadow', 'still annoying!'));
    await waitFor(() => recorder.of(Topics.handoffOffered).find((r) => r.event.conversationId === 'c-shadow'), 'the acting policy offer');
    const recorded = await store.db.collection('shadow_decisions').find({ conversationId: 'c-shadow' }).toArray();
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      shadow: { policyVersion: 'candidate-2', escalate: true, reason: 'sentiment_persistent' },
      acting: { policyVersion: 'int-1', escalate: false, offer: 'sentiment_persistent' },
      agree: false,
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(recorder.of(Topics.handoffRequested).filter((r) => r.event.conversationId === 'c-shadow')).toHaveLength(0);
  });

  it('lets a rolled-out candidate act for its share of conversations, recording its version on the decision', async () => {
    const everyone = processor(new PolicyRollout(engine, { engine: candidate, mode: 'rollout', percent: 100 }));
    await everyone.handleEvent(customer('c-rollout', 'this is annoying'));
    await everyone.handleEvent(customer('c-rollout', 'still annoying!'));
    const handoff = await waitFor(() => recorder.of(Topics.handoffRequested).find((r) => r.event.conversationId === 'c-rollout'), 'the candidate handoff');
    expect(handoff.event.policyVersion).toBe('candidate-2');
  });

  it('applies an event once: a redelivery, a duplicate id, and a replay from reset offsets change nothing', async () => {
    const conversations = new ConversationRepository(store.db);
    const first = customer('c-once', 'I have a question about my plan');
    await processor().handleEvent(first, { partition: 0, offset: '10' });
    await processor().handleEvent(customer('c-once', 'and another one'), { partition: 0, offset: '11' });
    const before = await conversations.load('c-once');
    expect(before?.state.customerMessages).toBe(2);

    const p = processor();
    await p.handleEvent(first, { partition: 0, offset: '10' }); // redelivered: same id, same position
    await p.handleEvent(first, { partition: 0, offset: '57' }); // the same event published again
    await p.handleEvent({ ...customer('c-once', 'and another one'), eventId: 'id-forgotten' }, { partition: 0, offset: '11' }); // replay
    const after = await conversations.load('c-once');
    expect(after?.state.customerMessages).toBe(2);
    expect(after?.version).toBe(before?.version);
    expect(after?.applied.position).toMatchObject({ partition: 0, offset: '11' });

    // The topic was deleted and created again: offsets restart at 0, and a new event still counts.
    clock.advance(60_000);
    await p.handleEvent(customer('c-once', 'one more question'), { partition: 0, offset: '0' });
    expect((await conversations.load('c-once'))?.state.customerMessages).toBe(3);
  });

  it("applies a conversation's events that arrive together in order, with one write of its state, and ignores them when they come again", async () => {
    let saves = 0;
    const counting = new (class extends ConversationRepository {
      override save(...args: Parameters<ConversationRepository['save']>): Promise<void> {
        saves += 1;
        return super.save(...args);
      }
    })(store.db);
    const p = new DetectionProcessor({ rollout: new PolicyRollout(engine), conversations: counting, timers: new TimerStore(store.db), publisher, clock, logger: testLogger() });
    const events = [customer('c-together', 'this is annoying'), customer('c-together', 'still annoying!'), customer('c-together', 'I have a question about my plan')];
    await p.handleEvents(events.map((e, i) => grouped(e, String(30 + i))));
    expect(saves).toBe(1);
    const stored = await counting.load('c-together');
    expect(stored?.state.customerMessages).toBe(3);
    const offers = await waitFor(() => {
      const o = recorder.of(Topics.handoffOffered).filter((r) => r.event.conversationId === 'c-together');
      return o.length > 0 ? o : undefined;
    }, 'the offer made by the second event');
    expect(offers).toHaveLength(1);
    expect(offers[0]!.event.evidence[0]!.detail).toBe('negative in 2 consecutive customer messages (-0.50, -0.60)');
    await waitFor(() => (recorder.of(Topics.handoffSignals).filter((r) => r.event.conversationId === 'c-together').length >= 3 ? true : undefined), "each event's signals");

    // Delivered again with one new event: only the new one is applied, in one more write.
    const next = customer('c-together', 'and another one');
    await p.handleEvents([...events.map((e, i) => grouped(e, String(30 + i))), grouped(next, '33')]);
    expect(saves).toBe(2);
    expect((await counting.load('c-together'))?.state.customerMessages).toBe(4);
    await p.handleEvents(events.map((e, i) => grouped(e, String(30 + i))));
    expect(saves).toBe(2);
    // The event that made the offer, delivered again, publishes the same offer again (the same id: a crash may have
    // come between the save and the publish); nothing else is decided.
    await new Promise((r) => setTimeout(r, 300));
    expect(new Set(recorder.of(Topics.handoffOffered).filter((r) => r.event.conversationId === 'c-together').map((r) => r.event.offerId)).size).toBe(1);
  });

  it('reaches the state the engine reaches one event at a time, however the events are grouped', async () => {
    const texts = ['this is annoying', 'still annoying!', 'I have a question about my plan', 'and another one'];
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...texts), fc.nat({ max: 2 })), { minLength: 1, maxLength: 12 }), async (script) => {
        const conversationId = `c-grouping-${++run}`;
        const events = script.map(([text]) => customer(conversationId, text));
        let expected = initialState(conversationId);
        for (const event of events) expected = engine.onEvent(expected, event, clock.now()).state;
        // Cut the sequence into groups of 1 to 3 events (the numbers drawn with each text), one call each.
        const p = processor();
        for (let i = 0; i < events.length; ) {
          const size = Math.min(events.length - i, script[i]![1] + 1);
          await p.handleEvents(events.slice(i, i + size).map((event, k) => grouped(event, String(100 + i + k))));
          i += size;
        }
        expect((await new ConversationRepository(store.db).load(conversationId))?.state).toEqual(expected);
      }),
      { numRuns: 15 },
    );
  });

  it('forgets conversations past the retention, and only those', async () => {
    const conversations = new ConversationRepository(store.db, 'retention_conversations');
    const state = (id: string) => ({ ...initialState(id), startedAt: clock.now() });
    await conversations.save(state('c-old'), 0, [], NOTHING_APPLIED, new Date('2026-10-01T00:00:00Z'));
    await conversations.save(state('c-recent'), 0, [], NOTHING_APPLIED, new Date('2026-11-20T00:00:00Z'));
    expect(await conversations.purgeNotUpdatedSince(new Date('2026-10-22T00:00:00Z'))).toBe(1);
    expect(await conversations.load('c-old')).toBeUndefined();
    expect(await conversations.load('c-recent')).toBeDefined();
  });
});
