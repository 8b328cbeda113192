// Routes handoffs: assigns each to the best available agent or queues it, and serves the queue as capacity frees up.
import { RoutingStatus, type ContextPackage, type RoutingUpdate } from '@handoff/contracts';
import type { Clock } from '@handoff/core';
import { failedPrecondition, notFound } from '@handoff/errors';
import type { Logger } from '@handoff/logging';
import { Topics, type EventPublisher } from '@handoff/messaging';
import { rankAgents } from '../domain/agent-selection';
import type { AgentRepository } from './agent-repository';
import type { HandoffDocument, HandoffRepository } from './handoff-repository';

export interface RouterDeps {
  agents: AgentRepository;
  handoffs: HandoffRepository;
  publisher: EventPublisher;
  clock: Clock;
  logger: Logger;
}

type AssignOutcome = 'assigned' | 'no-agent' | 'already-routed';

/** How many queued handoffs one pass over the queue considers. */
const QUEUE_PASS_SIZE = 100;

export class Router {
  private draining: Promise<void> | undefined;
  private drainRequested = false;

  constructor(private readonly deps: RouterDeps) {}

  /** Entry point for every context package: assign now, or queue. Replays republish what was already decided. */
  async route(pkg: ContextPackage): Promise<void> {
    const { handoffs } = this.deps;
    const doc = await handoffs.createIfAbsent(pkg);
    if (doc.status !== 'new') {
      const latest = handoffs.latestUpdate(doc);
      if (latest) await this.publish(latest);
      return;
    }
    const outcome = await this.tryAssign(doc, ['new']);
    if (outcome !== 'no-agent') return;
    const update = await handoffs.transition(doc, ['new'], {
      status: RoutingStatus.ROUTING_STATUS_QUEUED,
      queuePosition: await handoffs.positionOf(doc),
      at: this.deps.clock.now(),
    });
    if (update) {
      await this.publish(update);
      this.deps.logger.info({ handoffId: doc._id, position: update.queuePosition, team: doc.team }, 'handoff queued');
    }
  }

  /** Offers queued handoffs to agents with free capacity, highest priority first. Concurrent calls coalesce. */
  drainQueue(): Promise<void> {
    if (this.draining) {
      this.drainRequested = true;
      return this.draining;
    }
    this.draining = (async () => {
      try {
        do {
          this.drainRequested = false;
          for (const doc of await this.deps.handoffs.queued(QUEUE_PASS_SIZE)) await this.tryAssign(doc, ['queued']);
        } while (this.drainRequested);
      } finally {
        this.draining = undefined;
      }
    })();
    return this.draining;
  }

  /** Starts a pass over the queue without waiting for it; failures are logged and the periodic sweep retries. */
  requestDrain(): void {
    this.drainQueue().catch((err: unknown) => this.deps.logger.warn({ err }, 'queue drain failed'));
  }

  async complete(handoffId: string, agentId: string): Promise<RoutingUpdate> {
    const { handoffs, agents, clock } = this.deps;
    const doc = await handoffs.get(handoffId);
    if (!doc) throw notFound(`handoff ${handoffId} is unknown to routing`);
    const latest = handoffs.latestUpdate(doc);
    if (doc.status === 'completed' && doc.agentId === agentId && latest) return latest;
    const update = await handoffs.transition(doc, ['assigned'], { status: RoutingStatus.ROUTING_STATUS_COMPLETED, agent: latest?.agent, at: clock.now() }, agentId);
    if (!update) throw failedPrecondition(`handoff ${handoffId} is ${doc.status}${doc.agentId ? ` with agent ${doc.agentId}` : ''}, not assigned to agent ${agentId}`);
    await this.publish(update);
    await agents.releaseCapacity(agentId, handoffId);
    this.requestDrain();
    return update;
  }

  private async tryAssign(doc: HandoffDocument, from: Array<'new' | 'queued'>): Promise<AssignOutcome> {
    const { agents, handoffs, clock, logger } = this.deps;
    const candidates = rankAgents(await agents.availableCandidates(), { category: doc.category, language: doc.language });
    for (const candidate of candidates) {
      if (!(await agents.reserveCapacity(candidate.agentId, doc._id, clock.now()))) continue;
      const agent = await agents.get(candidate.agentId);
      const update = await handoffs.transition(doc, from, {
        status: RoutingStatus.ROUTING_STATUS_ASSIGNED,
        agent: { agentId: candidate.agentId, displayName: agent?.displayName ?? candidate.agentId },
        at: clock.now(),
      });
      if (!update) {
        await agents.releaseCapacity(candidate.agentId, doc._id);
        return 'already-routed';
      }
      await this.publish(update);
      logger.info({ handoffId: doc._id, agentId: candidate.agentId, team: doc.team }, 'handoff assigned');
      return 'assigned';
    }
    return 'no-agent';
  }

  private publish(update: RoutingUpdate): Promise<void> {
    return this.deps.publisher.publish(Topics.handoffRouting, update, { id: update.updateId });
  }
}
