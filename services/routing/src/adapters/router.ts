// Routes handoffs: assigns each to the best available agent or queues it, and serves the queue as capacity frees up.
import { RoutingStatus, type ContextPackage, type RoutingUpdate } from '@handoff/contracts';
import type { Clock } from '@handoff/core';
import { failedPrecondition, notFound } from '@handoff/errors';
import type { Logger } from '@handoff/logging';
import { Topics, type EventPublisher } from '@handoff/messaging';
import { isAvailable, rankAgents, type AgentCandidate } from '../domain/agent-selection';
import type { AgentRepository } from './agent-repository';
import type { HandoffDocument, HandoffRepository, HandoffStatus, TransitionResult } from './handoff-repository';

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
/** A slot older than this whose handoff is not assigned to its agent was left by a crash between reserve and assign. */
const ORPHAN_SLOT_AGE_MS = 60_000;

export class Router {
  private draining: Promise<void> | undefined;
  private drainRequested = false;

  constructor(private readonly deps: RouterDeps) {}

  /** Entry point for every context package: assign now, or queue. Replays republish what was already decided. */
  async route(pkg: ContextPackage): Promise<void> {
    const { handoffs, clock, logger } = this.deps;
    const doc = await handoffs.createIfAbsent(pkg);
    if (doc.status === 'new') {
      const outcome = await this.tryAssign(doc, ['new']);
      if (outcome === 'assigned') return;
      if (outcome === 'no-agent') {
        const result = await handoffs.transition(doc._id, ['new'], {
          status: RoutingStatus.ROUTING_STATUS_QUEUED,
          queuePosition: await handoffs.positionOf(doc),
          at: clock.now(),
        });
        if (await this.publishResult(result)) {
          logger.info({ handoffId: doc._id, team: doc.team }, 'handoff queued');
          return;
        }
      }
    }
    // Routed before (a replay, or another replica won): make sure its latest state was published.
    const stored = await handoffs.get(doc._id);
    const latest = stored && handoffs.latestUpdate(stored);
    if (latest) await this.publish(latest);
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

  /** Frees capacity taken by a replica that crashed between reserving an agent and assigning the handoff. */
  async releaseOrphanedSlots(): Promise<number> {
    const { agents, handoffs, clock, logger } = this.deps;
    let released = 0;
    for (const slot of await agents.slotsReservedBefore(new Date(clock.now().getTime() - ORPHAN_SLOT_AGE_MS))) {
      const doc = await handoffs.get(slot.handoffId);
      if (doc && doc.status === 'assigned' && doc.agentId === slot.agentId) continue;
      await agents.releaseCapacity(slot.agentId, slot.handoffId);
      released += 1;
    }
    if (released > 0) logger.warn({ released }, 'released orphaned agent slots');
    return released;
  }

  async complete(handoffId: string, agentId: string): Promise<RoutingUpdate> {
    const { handoffs, agents, clock } = this.deps;
    const doc = await handoffs.get(handoffId);
    if (!doc) throw notFound(`handoff ${handoffId} is unknown to routing`);
    const latest = handoffs.latestUpdate(doc);
    if (doc.status === 'completed' && doc.agentId === agentId && latest) return latest;
    const result = await handoffs.transition(handoffId, ['assigned'], { status: RoutingStatus.ROUTING_STATUS_COMPLETED, agent: latest?.agent, at: clock.now() }, agentId);
    if (!('applied' in result)) {
      await this.publishResult(result);
      throw failedPrecondition(`handoff ${handoffId} is ${doc.status}${doc.agentId ? ` with agent ${doc.agentId}` : ''}, not assigned to agent ${agentId}`);
    }
    await this.publish(result.applied);
    await agents.releaseCapacity(agentId, handoffId);
    this.requestDrain();
    return result.applied;
  }

  private async tryAssign(doc: HandoffDocument, from: HandoffStatus[]): Promise<AssignOutcome> {
    const { agents, handoffs, clock, logger } = this.deps;
    const servesCategory = (a: AgentCandidate) => a.skills.some((s) => s.name === doc.category || s.name === 'general');
    const candidates = rankAgents((await agents.availableCandidates()).filter((a) => isAvailable(a, doc.language) && servesCategory(a)), doc.category);
    for (const candidate of candidates) {
      if (!(await agents.reserveCapacity(candidate.agentId, doc._id, clock.now()))) continue;
      const agent = await agents.get(candidate.agentId);
      const result = await handoffs.transition(doc._id, from, {
        status: RoutingStatus.ROUTING_STATUS_ASSIGNED,
        agent: { agentId: candidate.agentId, displayName: agent?.displayName ?? candidate.agentId },
        at: clock.now(),
      });
      if (!('applied' in result)) {
        await agents.releaseCapacity(candidate.agentId, doc._id);
        await this.publishResult(result);
        // The slot we gave back may be what a queued handoff is waiting for.
        this.requestDrain();
        return 'already-routed';
      }
      await this.publish(result.applied);
      logger.info({ handoffId: doc._id, agentId: candidate.agentId, team: doc.team }, 'handoff assigned');
      return 'assigned';
    }
    return 'no-agent';
  }

  /** Publishes what a transition produced: ours when applied, or a crashed writer's recovered step. True if applied. */
  private async publishResult(result: TransitionResult): Promise<boolean> {
    if ('applied' in result) {
      await this.publish(result.applied);
      return true;
    }
    if (result.recovered) await this.publish(result.recovered);
    return false;
  }

  private publish(update: RoutingUpdate): Promise<void> {
    return this.deps.publisher.publish(Topics.handoffRouting, update, { id: update.updateId });
  }
}
