// Routing service: wiring only.
import { databaseEnv, env, loadConfig, platformEnv, z } from '@handoff/config';
import { systemClock } from '@handoff/core';
import { runMain, startPlatform, sweepHourly } from '@handoff/lifecycle';
import { Topics } from '@handoff/messaging';
import { ensureIndexes } from '@handoff/store';
import { AgentRepository, agentIndexes } from './adapters/agent-repository';
import { handleAgentEvent } from './adapters/agent-events-handler';
import { routingGrpc } from './adapters/grpc';
import { HandoffRepository, handoffIndexes } from './adapters/handoff-repository';
import { defaultPolicyFile, loadRoutingPolicy } from './adapters/policy-file';
import { QueueStats } from './adapters/queue-stats';
import { Router } from './adapters/router';
import { channelDefaultsOf } from './domain/policy/compile';

const SERVICE = 'routing';

runMain(SERVICE, async () => {
  const config = loadConfig({
    ...platformEnv,
    ...databaseEnv(SERVICE),
    ROUTING_POLICY_FILE: z.string().min(1).default(defaultPolicyFile()),
    ROUTING_QUEUE_SWEEP_MS: env.positiveInt.default(5000),
    ROUTING_RETENTION_DAYS: env.positiveInt.default(30),
    // How old this replica's snapshot of agents and their load may get before it is re-read (it orders candidates;
    // every reservation re-checks the database).
    ROUTING_AGENT_SNAPSHOT_MS: env.positiveInt.default(1000),
  });
  // Fails start-up naming the file, field and line when the policy or one of its expressions is wrong.
  const policy = loadRoutingPolicy(config.ROUTING_POLICY_FILE);
  const { logger, store, messaging, publisher, runtime } = await startPlatform({ service: SERVICE, config, grpc: true });
  await ensureIndexes(store.db, { ...agentIndexes, ...handoffIndexes });

  const agents = new AgentRepository(store.db, {
    snapshotRefreshMs: config.ROUTING_AGENT_SNAPSHOT_MS,
    channelDefaults: channelDefaultsOf(policy),
  });
  const handoffs = new HandoffRepository(store.db, policy.policy.version);
  const queueStats = new QueueStats(store.db, policy.policy.eta);
  const router = new Router({ policy, agents, handoffs, queueStats, publisher, clock: systemClock, logger });
  const grpc = routingGrpc({ agents, handoffs, router, clock: systemClock, logger });
  runtime.addGrpcService(grpc.definition, grpc.implementation);
  runtime.onShutdown('consumers', grpc.closeStreams);

  await messaging
    .consumer({ groupId: 'handoff-routing' })
    .on(Topics.handoffContext, (pkg) => router.route(pkg))
    .on(Topics.agentEvents, handleAgentEvent(agents, router, systemClock))
    .start();
  // The end of a handoff: the conversation closed (the customer left, or it ended) or the agent handed it back to the
  // bot; waiting handoffs are abandoned and the agent's capacity is freed. And the customer choosing a callback or an
  // e-mail follow-up instead of waiting: the handoff becomes an async ticket.
  await messaging
    .consumer({ groupId: 'handoff-routing-conversations' })
    .on(Topics.conversationEvents, async (event) => {
      const kind = event.payload?.$case;
      if (kind === 'conversationClosed' || kind === 'handedBack') await router.conversationClosed(event.conversationId);
      if (event.payload?.$case === 'followUpChosen') await router.followUpChosen(event.payload.value.handoffId, event.payload.value.channel);
    })
    .start();

  // Every sweep moves waiting handoffs on: step timeouts, async fallback, position and ETA changes; and picks up
  // capacity freed by another replica, a drain that failed, or a slot orphaned by a crash. State is in MongoDB, so a
  // restart loses no step timer.
  const sweep = setInterval(() => {
    Promise.all([router.expireOffers(), router.releaseOrphanedSlots()]).then(
      () => router.requestDrain(),
      (err: unknown) => logger.warn({ err }, 'offer expiry or slot reconciliation failed'),
    );
  }, config.ROUTING_QUEUE_SWEEP_MS);
  runtime.onShutdown('consumers', async () => clearInterval(sweep));
  // Retention: finished handoffs go ROUTING_RETENTION_DAYS after they were requested.
  sweepHourly(runtime, logger, config.ROUTING_RETENTION_DAYS, () => systemClock.now(), async (cutoff) => ({ handoffs: await handoffs.forgetFinishedBefore(cutoff) }));
  logger.info({ policyVersion: policy.policy.version, policyFile: config.ROUTING_POLICY_FILE }, 'routing policy loaded');
  await runtime.start();
});
