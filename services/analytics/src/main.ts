// Analytics service: wiring only.
import { ConfigError, databaseEnv, env, loadConfig, platformEnv, shippedFile } from '@handoff/config';
import { systemClock } from '@handoff/core';
import { runMain, startPlatform, sweepHourly } from '@handoff/lifecycle';
import { Topics } from '@handoff/messaging';
import { ensureIndexes } from '@handoff/store';
import { meterFor } from '@handoff/telemetry';
import { CellStore, cellIndexes } from './adapters/cell-store';
import { dashboardServer } from './adapters/dashboard-server';
import { analyticsHandlers } from './adapters/event-handlers';
import { FactStore, factIndexes } from './adapters/fact-store';
import { analyticsGrpc } from './adapters/grpc';
import { LiveMetrics } from './adapters/live-metrics';
import { AnalyticsQueries } from './adapters/queries';
import { Rollup } from './adapters/rollup';
import { finalBefore, retentionProblem } from './domain/retention';

const SERVICE = 'analytics';

runMain(SERVICE, async () => {
  const config = loadConfig({
    ...platformEnv,
    ...databaseEnv(SERVICE),
    ANALYTICS_DASHBOARD_PORT: env.port.default(8090),
    ANALYTICS_ROLLUP_INTERVAL_MS: env.positiveInt.default(2000),
    ANALYTICS_REPEAT_CONTACT_DAYS: env.positiveInt.default(7),
    ANALYTICS_QUICK_RESOLUTION_SECONDS: env.positiveInt.default(600),
    ANALYTICS_MAX_RANGE_DAYS: env.positiveInt.default(400),
    ANALYTICS_INPUT_RETENTION_DAYS: env.positiveInt.default(60),
  });
  const retention = { inputRetentionDays: config.ANALYTICS_INPUT_RETENTION_DAYS, repeatContactDays: config.ANALYTICS_REPEAT_CONTACT_DAYS };
  const problem = retentionProblem(retention);
  if (problem) throw new ConfigError([problem]);
  const { logger, store, messaging, runtime } = await startPlatform({ service: SERVICE, config, grpc: true });
  await ensureIndexes(store.db, { ...factIndexes, ...cellIndexes });
  const settings = { repeatContactDays: config.ANALYTICS_REPEAT_CONTACT_DAYS, quickResolutionSeconds: config.ANALYTICS_QUICK_RESOLUTION_SECONDS };

  // Retention: inputs go after ANALYTICS_INPUT_RETENTION_DAYS, and hours they may have counted in are final.
  const cells = new CellStore(store.db, () => finalBefore(systemClock.now(), retention));
  const facts = new FactStore(store.db, (hours) => cells.markDirty(hours), settings.repeatContactDays);
  const rollup = new Rollup(facts, cells, settings, logger);
  const live = new LiveMetrics(meterFor(SERVICE));
  const queries = new AnalyticsQueries(cells, facts, { ...settings, maxRangeDays: config.ANALYTICS_MAX_RANGE_DAYS }, systemClock, live);
  const grpc = analyticsGrpc(queries, logger);
  runtime.addGrpcService(grpc.definition, grpc.implementation);

  const on = analyticsHandlers(facts, live);
  await messaging
    .consumer({ groupId: 'handoff-analytics' })
    .on(Topics.conversationEvents, on.conversationEvent)
    .on(Topics.handoffSignals, on.signals)
    .on(Topics.handoffRequested, on.requested)
    .on(Topics.handoffOffered, on.offered)
    .on(Topics.handoffContext, on.context)
    .on(Topics.handoffRouting, on.routing)
    .on(Topics.handoffOutcomes, on.outcome)
    .start();

  // Dirty hours are recomputed in the background; whichever replica claims an hour first rebuilds it.
  const timer = setInterval(() => {
    rollup.runOnce().catch((err: unknown) => logger.warn({ err }, 'rollup failed; retrying on the next tick'));
  }, config.ANALYTICS_ROLLUP_INTERVAL_MS);
  runtime.onShutdown('consumers', async () => {
    clearInterval(timer);
    await rollup.idle();
  });

  sweepHourly(runtime, logger, config.ANALYTICS_INPUT_RETENTION_DAYS, () => systemClock.now(), async (cutoff) => ({ inputs: await facts.forgetBefore(cutoff) }));

  const dashboard = dashboardServer(queries, shippedFile(__dirname, 'dashboard'), logger);
  const dashboardPort = await dashboard.listen(config.ANALYTICS_DASHBOARD_PORT);
  runtime.onShutdown('grpc', () => dashboard.close());
  logger.info({ dashboardPort }, `dashboard at http://127.0.0.1:${dashboardPort}/`);
  await runtime.start();
});
