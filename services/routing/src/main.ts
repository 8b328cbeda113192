// Routing service: wiring only.
import { databaseEnv, env, loadConfig, platformEnv } from '@handoff/config';
import { systemClock } from '@handoff/core';
import { runMain, startPlatform } from '@handoff/lifecycle';
import { Topics } from '@handoff/messaging';
import { ensureIndexes } from '@handoff/store';
import { AgentRepository, agentIndexes } from './adapters/agent-repository';
import { handleAgentEvent } from './adapters/agent-events-handler';
import { routingGrpc } from './adapters/grpc';
import { HandoffRepository, handoffIndexes } from './adapters/handoff-repository';
import { Router } from './adapters/router';

const SERVICE = 'routing';

runMain(SERVICE, async () => {
  const config = loadConfig({ ...platformEnv, ...databaseEnv(SERVICE), ROUTING_QUEUE_SWEEP_MS: env.positiveInt.default(5000) });
  const { logger, store, messaging, publisher, runtime } = await startPlatform({ service: SERVICE, config, grpc: true });
  await ensureIndexes(store.db, { ...agentIndexes, ...handoffIndexes });

  const agents = new AgentRepository(store.db);
  const handoffs = new HandoffRepository(store.db);
  const router = new Router({ agents, handoffs, publisher, clock: systemClock, logger });
  const grpc = routingGrpc({ agents, handoffs, router, clock: systemClock, logger });
  runtime.addGrpcService(grpc.definition, grpc.implementation);

  await messaging
    .consumer({ groupId: 'handoff-routing' })
    .on(Topics.handoffContext, (pkg) => router.route(pkg))
    .on(Topics.agentEvents, handleAgentEvent(agents, router, systemClock))
    .start();

  // Safety net: capacity freed by another replica, a drain that failed, or a slot orphaned by a crash is picked up
  // within one sweep.
  const sweep = setInterval(() => {
    router.releaseOrphanedSlots().then(() => router.requestDrain(), (err: unknown) => logger.warn({ err }, 'slot reconciliation failed'));
  }, config.ROUTING_QUEUE_SWEEP_MS);
  runtime.onShutdown('consumers', async () => clearInterval(sweep));
  await runtime.start();
});
