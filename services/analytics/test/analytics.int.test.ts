// The analytics consumer, facts and rollup on real Kafka and a real MongoDB-wire server: the hand-computed hour comes
// out the same whether its events arrive in order, or shuffled with every event delivered twice, and late events
// change the numbers they belong to.
import { ManualClock } from '@handoff/core';
import { AvoidableVerdict, Bucket, ConversationEvent, EscalationReason, FlagHandoffRequest, GetSummaryRequest, GetTimeSeriesRequest, Metric } from '@handoff/contracts';
import { Messaging, Topics, type EventPublisher } from '@handoff/messaging';
import { connectStore, ensureIndexes } from '@handoff/store';
import { infraEnv, testLogger, uniqueName, waitFor } from '@handoff/testing';
import { metrics } from '@opentelemetry/api';
import { CellStore, cellIndexes } from '../src/adapters/cell-store';
import { analyticsHandlers } from '../src/adapters/event-handlers';
import { FactStore, factIndexes } from '../src/adapters/fact-store';
import { LiveMetrics } from '../src/adapters/live-metrics';
import { AnalyticsQueries } from '../src/adapters/queries';
import { Rollup } from '../src/adapters/rollup';
import { EXPECTED, scenario, shuffled, type ScenarioEvent } from './scenario';

const { kafkaBrokers, mongoUrl } = infraEnv();
const BASE = new Date('2026-11-02T10:00:00Z');
const RANGE = { start: new Date('2026-11-02T00:00:00Z'), end: new Date('2026-11-03T00:00:00Z') };
const SETTINGS = { repeatContactDays: 7, quickResolutionSeconds: 600 };

/** One analytics instance (consumer, facts, rollup, queries) on its own topics and database. */
async function instance(label: string) {
  const prefix = `${uniqueName(label)}.`;
  const store = await connectStore({ url: mongoUrl, database: prefix.replace(/[.-]/g, '_').slice(0, 60), appName: 'test' });
  await ensureIndexes(store.db, { ...factIndexes, ...cellIndexes });
  const messaging = new Messaging({ brokers: kafkaBrokers, clientId: 'analytics-int', topicPrefix: prefix, logger: testLogger() });
  await messaging.ensureTopics({ partitions: 2, replicationFactor: 1 });
  const cells = new CellStore(store.db);
  const facts = new FactStore(store.db, (hours) => cells.markDirty(hours), SETTINGS.repeatContactDays);
  const rollup = new Rollup(facts, cells, SETTINGS, testLogger());
  const queries = new AnalyticsQueries(cells, facts, { ...SETTINGS, maxRangeDays: 400 }, new ManualClock('2026-11-02T12:00:00Z'), new LiveMetrics(metrics.getMeter('test')));
  let handled = 0;
  const on = analyticsHandlers(facts, new LiveMetrics(metrics.getMeter('test')));
  const counted = <A extends unknown[]>(f: (...args: A) => Promise<void>) => async (...args: A) => {
    await f(...args);
    handled += 1;
  };
  const consumer = messaging.consumer({ groupId: 'analytics' });
  consumer
    .on(Topics.conversationEvents, counted(on.conversationEvent))
    .on(Topics.handoffSignals, counted(on.signals))
    .on(Topics.handoffRequested, counted(on.requested))
    .on(Topics.handoffOffered, counted(on.offered))
    .on(Topics.handoffRouting, counted(on.routing))
    .on(Topics.handoffOutcomes, counted(on.outcome));
  await consumer.start();
  const publisher: EventPublisher = await messaging.publisher();
  return {
    store,
    queries,
    rollup,
    facts,
    handled: () => handled,
    publish: async (events: ScenarioEvent[]) => {
      for (const e of events) await publisher.publish(e.topic, e.message, { id: `${(e.message as { eventId?: string; outcomeId?: string; updateId?: string; handoffId?: string }).eventId ?? ''}` || undefined });
    },
    async close() {
      await messaging.stopConsumers();
      await messaging.disconnect();
      await store.close();
    },
  };
}

const summary = (queries: AnalyticsQueries, filters = {}) => queries.summary(GetSummaryRequest.fromPartial({ range: RANGE, filters }));

describe('analytics on real Kafka and a MongoDB-wire server', () => {
  const instances: Array<Awaited<ReturnType<typeof instance>>> = [];
  afterAll(async () => {
    for (const i of instances) await i.close();
  });

  it('measures the hand-computed hour from events in order, and the same from shuffled, duplicated events', async () => {
    const { events, flags } = scenario(BASE);
    const inOrder = await instance('an-ordered');
    const messy = await instance('an-shuffled');
    instances.push(inOrder, messy);
    const twice = shuffled([...events, ...events], 7);
    await inOrder.publish(events);
    await messy.publish(twice);
    for (const f of flags) {
      for (const i of [inOrder, messy]) {
        await i.queries.flag(FlagHandoffRequest.fromPartial({ handoffId: f.handoffId, agentId: f.agentId, verdict: f.verdict === 'yes' ? AvoidableVerdict.AVOIDABLE_VERDICT_YES : AvoidableVerdict.AVOIDABLE_VERDICT_NO }));
      }
    }
    await waitFor(() => inOrder.handled() >= events.length || undefined, 'in-order events consumed', 60000);
    await waitFor(() => messy.handled() >= twice.length || undefined, 'shuffled events consumed', 60000);
    await inOrder.rollup.runOnce();
    await messy.rollup.runOnce();

    const a = await summary(inOrder.queries);
    expect(a).toMatchObject(EXPECTED);
    expect(await summary(messy.queries)).toEqual(a);
    expect(a.etaAccuracy.map((e) => [e.queueId, e.meanAbsoluteErrorSeconds])).toEqual([['billing', 0], ['general', 240]]);
    // Filters and the other reports read the same cells.
    expect(await summary(inOrder.queries, { trigger: EscalationReason.ESCALATION_REASON_EXPLICIT_REQUEST })).toMatchObject({ conversations: 5, handoffs: 1, handoffRate: 0.2 });
    const series = await inOrder.queries.timeSeries(GetTimeSeriesRequest.fromPartial({ metric: Metric.METRIC_HANDOFFS, bucket: Bucket.BUCKET_HOUR, range: { start: BASE, end: new Date(BASE.getTime() + 2 * 3_600_000) } }));
    expect(series.points.map((p) => p.value)).toEqual([3, 0]);
    const learning = await inOrder.queries.learningOpportunities({ range: RANGE, limit: 0, examplesPerCategory: 0 });
    expect(learning.opportunities.map((o) => [o.category, o.examples.map((e) => e.conversationId)])).toEqual([['billing_dispute', ['c1']]]);
  });

  it('moves a conversation to the hour of an earlier event that arrives late, and counts a late assignment', async () => {
    const i = await instance('an-late');
    instances.push(i);
    const { events } = scenario(BASE, 'late-');
    // Everything but c2's assignment, then c1's first event an hour earlier, then the assignment.
    const assignment = events.findIndex((e) => (e.message as { updateId?: string }).updateId === 'late-h2:2');
    await i.publish(events.filter((_, k) => k !== assignment));
    await waitFor(() => i.handled() >= events.length - 1 || undefined, 'events consumed', 60000);
    await i.rollup.runOnce();
    expect(await summary(i.queries)).toMatchObject({ conversations: 5, timeToAgent: { count: 1, p50Seconds: 120 } });

      await i.publish([
      { topic: Topics.conversationEvents as never, message: ConversationEvent.fromPartial({ eventId: 'late-early', conversationId: 'late-c1', occurredAt: new Date(BASE.getTime() - 3_600_000), payload: { $case: 'pageViewed', value: { url: '/billing' } } }) },
      events[assignment]!,
    ]);
    await waitFor(() => i.handled() >= events.length + 1 || undefined, 'late events consumed', 60000);
    await i.rollup.runOnce();
    const after = await summary(i.queries);
    expect(after).toMatchObject({ conversations: 5, timeToAgent: { count: 2, p50Seconds: 120, p90Seconds: 300 } });
    const hours = await i.queries.timeSeries(GetTimeSeriesRequest.fromPartial({ metric: Metric.METRIC_CONVERSATIONS, bucket: Bucket.BUCKET_HOUR, range: { start: new Date(BASE.getTime() - 3_600_000), end: new Date(BASE.getTime() + 3_600_000) } }));
    expect(hours.points.map((p) => p.value)).toEqual([1, 4]);
  });

  it('rejects invalid requests with a message naming the field', async () => {
    const i = instances[0]!;
    await expect(i.queries.summary(GetSummaryRequest.fromPartial({ range: { start: RANGE.end, end: RANGE.start } }))).rejects.toThrow(/range.end .* must be after range.start/);
    await expect(i.queries.timeSeries(GetTimeSeriesRequest.fromPartial({ range: RANGE }))).rejects.toThrow(/metric is required.*bucket must be/);
    await expect(i.queries.flag(FlagHandoffRequest.fromPartial({ handoffId: 'h1' }))).rejects.toThrow(/agent_id is required; verdict must be/);
  });

  it('keeps a flag for a handoff it has not seen yet and counts it once the request arrives', async () => {
    const i = instances[0]!;
    const response = await i.queries.flag(FlagHandoffRequest.fromPartial({ handoffId: 'h-future', agentId: 'sam', verdict: AvoidableVerdict.AVOIDABLE_VERDICT_UNSURE }));
    expect(response.handoffKnown).toBe(false);
    expect((await i.facts.handoff('h-future')).flags['sam']!.verdict).toBe('unsure');
  });
});

