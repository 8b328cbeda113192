// Routes handoffs through the policy's workflow: each handoff matches a filter; its current step (recomputed from
// the clock, so timers survive restarts) names the queue whose agents may take it. It is assigned to the best
// available agent, or waits with a position and ETA, falls through to the next step when the step times out, and
// becomes an async ticket with an SLA when no step can serve (all timed out, or every team closed).
import { AsyncReason, FollowUpChannel, Presence, RoutingStatus, Severity, type ContextPackage, type RoutingUpdate } from '@handoff/contracts';
import { handoffIdFor, type Clock } from '@handoff/core';
import { failedPrecondition, invalidArgument, notFound, permissionDenied } from '@handoff/errors';
import type { Logger } from '@handoff/logging';
import { Topics, type EventPublisher } from '@handoff/messaging';
import { isAvailable, rankAgents, type AgentCandidate } from '../domain/agent-selection';
import { isOpen } from '../domain/business-hours';
import { agentScope, taskScope, type HandoffAttributes, type SeverityName } from '../domain/expressions';
import type { CompiledRoutingPolicy } from '../domain/policy/compile';
import { priorityOf, queueOrder } from '../domain/priority';
import { describeSla, slaBusinessHours, slaDeadline } from '../domain/sla';
import { currentStep, eligibleAgents, matchFilter } from '../domain/workflow';
import type { AgentRepository } from './agent-repository';
import type { HandoffDocument, HandoffRepository, HandoffStatus, Placement, TransitionResult } from './handoff-repository';
import type { QueueStats } from './queue-stats';

export interface RouterDeps {
  policy: CompiledRoutingPolicy;
  agents: AgentRepository;
  handoffs: HandoffRepository;
  queueStats: QueueStats;
  publisher: EventPublisher;
  clock: Clock;
  logger: Logger;
}

/** How many queued handoffs one pass over the queue considers. */
const QUEUE_PASS_SIZE = 200;
/** A slot older than this whose handoff is not assigned to its agent was left by a crash between reserve and assign. */
const ORPHAN_SLOT_AGE_MS = 60_000;

const SEVERITY_NAMES: Record<number, SeverityName> = {
  [Severity.SEVERITY_LOW]: 'low',
  [Severity.SEVERITY_NORMAL]: 'normal',
  [Severity.SEVERITY_HIGH]: 'high',
  [Severity.SEVERITY_CRITICAL]: 'critical',
};

export function taskOf(pkg: ContextPackage, channels: Readonly<Record<string, unknown>>): HandoffAttributes {
  const request = pkg.request!;
  const channel = request.channel.toLowerCase();
  return {
    channel: channel in channels ? channel : 'chat',
    category: request.category || 'other',
    tier: (pkg.customer?.tier || request.customerTier || 'standard').toLowerCase(),
    severity: SEVERITY_NAMES[request.severity] ?? 'normal',
    language: pkg.language || request.language,
    sentiment: request.sentimentScore,
    reason: String(request.reason),
  };
}

export class Router {
  private draining: Promise<void> | undefined;
  private drainRequested = false;

  constructor(private readonly deps: RouterDeps) {}

  /** Entry point for every context package: assign, queue, or make async. Replays republish what was decided. */
  async route(pkg: ContextPackage): Promise<void> {
    const { handoffs, policy, clock } = this.deps;
    const task = taskOf(pkg, policy.policy.channels);
    const filter = matchFilter(policy, taskScope(task));
    const now = clock.now();
    const doc = await handoffs.createIfAbsent({
      _id: pkg.handoffId,
      conversationId: pkg.conversationId,
      task,
      filterIndex: filter.index,
      filterName: filter.name,
      enteredAt: now,
      requestedAt: pkg.request!.requestedAt ?? now,
      status: 'new',
      agentId: null,
      position: 0,
      declinedBy: [],
      sequence: 0,
      latest: null,
      ...this.placementOf(filter.index, 0),
    });
    if (doc.status === 'new' && (await this.advance(doc))) return;
    // Routed before (a replay, or another replica won): make sure its latest state was published.
    const stored = await handoffs.get(doc._id);
    const latest = stored && handoffs.latestUpdate(stored);
    if (latest) await this.publish(latest);
  }

  /** Moves queued handoffs on, highest priority first: assignment, step fallback, position/ETA changes, async. */
  drainQueue(): Promise<void> {
    if (this.draining) {
      this.drainRequested = true;
      return this.draining;
    }
    this.draining = (async () => {
      try {
        do {
          this.drainRequested = false;
          const now = this.deps.clock.now();
          for (const doc of this.inServingOrder(await this.deps.handoffs.queued(QUEUE_PASS_SIZE), now)) await this.advance(doc);
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

  /** The handoffs waiting in a queue, in the order they will be served (their latest update each). */
  async waiting(queue: string): Promise<RoutingUpdate[]> {
    if (!this.deps.policy.queues[queue]) throw invalidArgument(`queue must be one of the policy's queues: ${Object.keys(this.deps.policy.queues).join(', ')}; got "${queue}"`);
    const now = this.deps.clock.now();
    return this.inServingOrder(await this.deps.handoffs.queuedIn(queue), now).flatMap((doc) => this.deps.handoffs.latestUpdate(doc) ?? []);
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

  private placementOf(filterIndex: number, step: number): Placement {
    const { policy } = this.deps;
    const queue = policy.queues[policy.workflow[filterIndex]!.steps[step]!.queue]!;
    return { queue: queue.name, teamKey: queue.team, team: policy.policy.teams[queue.team]!.display_name, step };
  }

  /** Waiting handoffs, first to be served first: current priority (with aging), then age. */
  private inServingOrder(docs: HandoffDocument[], now: Date): HandoffDocument[] {
    return docs
      .map((doc) => ({ doc, priority: this.priorityAt(doc, now), queuedAt: doc.enteredAt }))
      .sort(queueOrder)
      .map(({ doc }) => doc);
  }

  private priorityAt(doc: HandoffDocument, now: Date): number {
    const step = this.deps.policy.workflow[doc.filterIndex]?.steps[doc.step];
    return priorityOf(this.deps.policy.policy, doc.task, (now.getTime() - doc.enteredAt.getTime()) / 1000, step);
  }

  /** One routing decision for a new or waiting handoff. True when it published something. */
  private async advance(doc: HandoffDocument): Promise<boolean> {
    const { policy, agents, clock } = this.deps;
    const now = clock.now();
    const filter = policy.workflow[doc.filterIndex]!;
    const task = taskScope(doc.task);
    const online = await agents.availableCandidates(now, policy.policy.presence.heartbeat_timeout_seconds * 1000, doc.task.channel ?? 'chat');
    if (doc.transferredTo) return this.advanceTransferred(doc, doc.transferredTo, online, now);
    // A step whose team is closed never serves; one that may be skipped is, when nobody it could use is online.
    const blocked = new Set<number>();
    let everyTeamClosed = true;
    const steps = filter.steps.map((step, i) => {
      const closed = !isOpen(policy.policy.teams[policy.queues[step.queue]!.team]!, now);
      if (!closed) everyTeamClosed = false;
      if (closed || (step.skip_if_no_one_available && eligibleAgents(policy, step, online, task).length === 0)) blocked.add(i);
      return closed ? { ...step, skip_if_no_one_available: true } : step;
    });
    const position = currentStep({ steps }, { enteredAt: doc.enteredAt, now, stepsWithNoEligibleAgent: blocked });
    if (position.exhausted) return this.makeAsync(doc, now, everyTeamClosed ? AsyncReason.ASYNC_REASON_OFF_HOURS : AsyncReason.ASYNC_REASON_NO_AGENT);

    const step = filter.steps[position.index]!;
    const placement = this.placementOf(doc.filterIndex, position.index);
    const candidates = rankAgents(
      eligibleAgents(policy, step, online.filter((a) => isAvailable(a, doc.task.language) && !(doc.declinedBy ?? []).includes(a.agentId)), task),
      doc.task.category,
      policy.policy.agent_order,
    );
    const assigned = await this.tryAssign(doc, candidates, placement, now);
    if (assigned !== 'no-agent') return assigned !== 'already-routed';
    return this.wait(doc, placement, now);
  }

  /** A transferred handoff waits in the queue it was sent to, outside the workflow's steps and timeouts. */
  private async advanceTransferred(doc: HandoffDocument, queueName: string, online: AgentCandidate[], now: Date): Promise<boolean> {
    const { policy } = this.deps;
    const queue = policy.queues[queueName]!;
    const placement: Placement = { queue: queueName, teamKey: queue.team, team: policy.policy.teams[queue.team]!.display_name, step: doc.step };
    const task = taskScope(doc.task);
    const candidates = rankAgents(
      online.filter((a) => isAvailable(a, doc.task.language) && !(doc.declinedBy ?? []).includes(a.agentId) && queue.agents(agentScope(a, task))),
      doc.task.category,
      policy.policy.agent_order,
    );
    const assigned = await this.tryAssign(doc, candidates, placement, now);
    if (assigned !== 'no-agent') return assigned !== 'already-routed';
    return this.wait(doc, placement, now);
  }

  /** The assigned agent sends the handoff to another queue with a note; it is not offered back to them. */
  async transfer(handoffId: string, agentId: string, queue: string, note: string): Promise<RoutingUpdate> {
    const { policy, handoffs, agents, clock } = this.deps;
    const target = policy.queues[queue];
    if (!target) throw invalidArgument(`queue must be one of the policy's queues: ${Object.keys(policy.queues).join(', ')}; got "${queue}"`);
    const doc = await handoffs.get(handoffId);
    if (!doc) throw notFound(`handoff ${handoffId} is unknown to routing`);
    if (doc.status === 'assigned' && doc.agentId !== agentId) throw permissionDenied(`handoff ${handoffId} is assigned to another agent; agent ${agentId} cannot transfer it`);
    if (doc.status !== 'assigned') throw failedPrecondition(`handoff ${handoffId} is ${doc.status}; only an assigned handoff can be transferred`);
    const now = clock.now();
    const placement: Placement = { queue, teamKey: target.team, team: policy.policy.teams[target.team]!.display_name, step: doc.step };
    const result = await handoffs.transition(handoffId, ['assigned'], { status: RoutingStatus.ROUTING_STATUS_TRANSFERRED, placement, transfer: { queue, note }, declinedBy: agentId, at: now }, agentId);
    if (!('applied' in result)) {
      await this.publishResult(result);
      throw failedPrecondition(`handoff ${handoffId} changed while being transferred; read it again`);
    }
    await agents.releaseCapacity(agentId, handoffId);
    await this.publish(result.applied);
    this.requestDrain();
    return result.applied;
  }

  /**
   * The conversation closed. A handoff still waiting (or offered) was abandoned by the customer; one that was assigned
   * is over, and its agent's capacity is freed even if the helpdesk never calls CompleteHandoff.
   */
  async conversationClosed(conversationId: string): Promise<void> {
    const { handoffs, agents, clock, logger } = this.deps;
    // Handoff ids derive from the conversation id and escalation sequence: look them up by _id, not by a scan.
    const docs: HandoffDocument[] = [];
    for (let sequence = 1; ; sequence++) {
      const doc = await handoffs.get(handoffIdFor(conversationId, sequence));
      if (!doc) break;
      docs.push(doc);
    }
    for (const doc of docs) {
      const now = clock.now();
      if (doc.status === 'new' || doc.status === 'queued' || doc.status === 'offered') {
        const result = await handoffs.transitionFrom(doc, [doc.status], { status: RoutingStatus.ROUTING_STATUS_ABANDONED, at: now });
        if (doc.status === 'offered' && doc.agentId && 'applied' in result) await agents.releaseCapacity(doc.agentId, doc._id);
        if (await this.publishResult(result)) logger.info({ handoffId: doc._id }, 'handoff abandoned: the customer left');
      } else if (doc.status === 'assigned' && doc.agentId) {
        const result = await handoffs.transitionFrom(doc, ['assigned'], { status: RoutingStatus.ROUTING_STATUS_COMPLETED, agent: this.agentOf(doc), at: now }, doc.agentId);
        if ('applied' in result) await agents.releaseCapacity(doc.agentId, doc._id);
        await this.publishResult(result);
      }
    }
    this.requestDrain();
  }

  /**
   * The customer chose a callback or an e-mail follow-up instead of waiting: a handoff still waiting (or offered)
   * becomes an async ticket with the SLA commitment; an offer out to an agent is withdrawn. Once an agent has it, or
   * after it ended, the choice changes nothing (the agent is already there).
   */
  async followUpChosen(handoffId: string, channel: FollowUpChannel): Promise<void> {
    const { handoffs, agents, clock } = this.deps;
    const doc = await handoffs.get(handoffId);
    if (!doc || !(doc.status === 'new' || doc.status === 'queued' || doc.status === 'offered')) return;
    const wasOfferedTo = doc.status === 'offered' ? doc.agentId : null;
    const published = await this.makeAsync(doc, clock.now(), AsyncReason.ASYNC_REASON_CUSTOMER_CHOSE_FOLLOW_UP, channel);
    if (published && wasOfferedTo) await agents.releaseCapacity(wasOfferedTo, doc._id);
    this.requestDrain();
  }

  /** Reserves the best candidate: offered (the agent accepts or declines) or, for auto-accepting agents, assigned. */
  private async tryAssign(doc: HandoffDocument, candidates: AgentCandidate[], placement: Placement, now: Date): Promise<'assigned' | 'offered' | 'no-agent' | 'already-routed'> {
    const { agents, handoffs, policy, logger } = this.deps;
    for (const candidate of candidates) {
      const slot = await agents.reserveCapacity(candidate.agentId, doc._id, {
        now,
        heartbeatTimeoutMs: policy.policy.presence.heartbeat_timeout_seconds * 1000,
        channel: doc.task.channel ?? 'chat',
        asOffer: !candidate.autoAccept,
      });
      if (!slot) continue;
      const agent = { agentId: candidate.agentId, displayName: candidate.displayName ?? candidate.agentId };
      const offerExpiresAt = new Date(now.getTime() + policy.policy.reservations.accept_timeout_seconds * 1000);
      // The slot is ours; recording the agent's idle time (for longest-idle ordering) need not delay the offer.
      const idleRecorded = agents.touchIdle(candidate.agentId, now);
      const result = await handoffs.transitionFrom(
        doc,
        ['new', 'queued'],
        candidate.autoAccept
          ? { status: RoutingStatus.ROUTING_STATUS_ASSIGNED, agent, placement, at: now }
          : { status: RoutingStatus.ROUTING_STATUS_OFFERED, agent, placement, offerExpiresAt, at: now },
        undefined,
        (update) => this.publish(update),
      );
      await idleRecorded;
      if (!('applied' in result)) {
        await agents.releaseSlot(slot);
        await this.publishResult(result);
        // The slot we gave back may be what a queued handoff is waiting for.
        this.requestDrain();
        return 'already-routed';
      }
      if (candidate.autoAccept) await this.recordWait(doc, placement.queue, now);
      logger.info({ handoffId: doc._id, agentId: candidate.agentId, queue: placement.queue, offered: !candidate.autoAccept }, candidate.autoAccept ? 'handoff assigned' : 'handoff offered');
      return candidate.autoAccept ? 'assigned' : 'offered';
    }
    return 'no-agent';
  }

  /** How long the handoff waited before an agent took it, for the queue's ETA. */
  private async recordWait(doc: Pick<HandoffDocument, 'enteredAt'>, queue: string, now: Date): Promise<void> {
    const waited = (now.getTime() - doc.enteredAt.getTime()) / 1000;
    if (waited >= 1) await this.deps.queueStats.recordWait(queue, waited, now);
  }

  /** The agent takes the handoff offered to them. */
  async accept(handoffId: string, agentId: string): Promise<RoutingUpdate> {
    const { handoffs, agents, clock } = this.deps;
    const doc = await this.offeredTo(handoffId, agentId, 'accept');
    if ('alreadyAccepted' in doc) return doc.alreadyAccepted;
    const now = clock.now();
    const result = await handoffs.transitionFrom(doc, ['offered'], { status: RoutingStatus.ROUTING_STATUS_ASSIGNED, agent: this.agentOf(doc), at: now }, agentId);
    if (!('applied' in result)) {
      await this.publishResult(result);
      throw failedPrecondition(`the offer of handoff ${handoffId} to agent ${agentId} is no longer open (it lapsed or was withdrawn)`);
    }
    await agents.offerAccepted(agentId, handoffId);
    await this.publish(result.applied);
    await this.recordWait(doc, doc.queue, now);
    return result.applied;
  }

  /** The agent declines: the handoff waits again and goes to the next eligible agent (not to this one again). */
  async decline(handoffId: string, agentId: string): Promise<RoutingUpdate> {
    const doc = await this.offeredTo(handoffId, agentId, 'decline');
    if ('alreadyAccepted' in doc) throw failedPrecondition(`handoff ${handoffId} was already accepted by agent ${agentId}; complete or transfer it instead`);
    const update = await this.withdrawOffer(doc, agentId);
    if (!update) throw failedPrecondition(`the offer of handoff ${handoffId} to agent ${agentId} is no longer open (it lapsed or was withdrawn)`);
    return update;
  }

  /** Offers not answered in time go to the next agent; the agent who let them lapse is set to away (policy). */
  async expireOffers(): Promise<number> {
    const { handoffs, agents, policy, clock, logger } = this.deps;
    let expired = 0;
    for (const doc of await handoffs.expiredOffers(clock.now())) {
      const agentId = doc.agentId!;
      if (!(await this.withdrawOffer(doc, agentId))) continue;
      expired += 1;
      if (policy.policy.reservations.away_after_timeout) await agents.setPresence(agentId, Presence.PRESENCE_AWAY, clock.now());
      logger.info({ handoffId: doc._id, agentId }, 'offer lapsed');
    }
    return expired;
  }

  private async withdrawOffer(doc: HandoffDocument, agentId: string): Promise<RoutingUpdate | undefined> {
    const { handoffs, agents, clock } = this.deps;
    const now = clock.now();
    const result = await handoffs.transitionFrom(
      doc,
      ['offered'],
      { status: RoutingStatus.ROUTING_STATUS_QUEUED, position: await this.positionIn(doc, doc.queue, now), etaSeconds: await this.deps.queueStats.estimateSeconds(doc.queue, 1, now), declinedBy: agentId, at: now },
      agentId,
    );
    if (!('applied' in result)) {
      await this.publishResult(result);
      return undefined;
    }
    await agents.releaseCapacity(agentId, doc._id);
    await this.publish(result.applied);
    this.requestDrain();
    return result.applied;
  }

  /** The handoff as offered to this agent; PERMISSION_DENIED for someone else's offer, FAILED_PRECONDITION if stale. */
  private async offeredTo(handoffId: string, agentId: string, action: string): Promise<HandoffDocument | { alreadyAccepted: RoutingUpdate }> {
    const doc = await this.deps.handoffs.get(handoffId);
    if (!doc) throw notFound(`handoff ${handoffId} is unknown to routing`);
    const latest = this.deps.handoffs.latestUpdate(doc);
    if (doc.status === 'assigned' && doc.agentId === agentId && latest) return { alreadyAccepted: latest };
    if (doc.status === 'offered' && doc.agentId === agentId) return doc;
    // Someone else's offer, or someone else's handoff once they accepted it (a racing accept lands on either).
    if (doc.status === 'offered') throw permissionDenied(`handoff ${handoffId} is offered to another agent; agent ${agentId} cannot ${action} it`);
    if (doc.status === 'assigned' && doc.agentId !== agentId) throw permissionDenied(`handoff ${handoffId} is assigned to another agent; agent ${agentId} cannot ${action} it`);
    throw failedPrecondition(`handoff ${handoffId} is ${doc.status}, not offered to agent ${agentId}: the offer lapsed, was declined or was never made`);
  }

  private agentOf(doc: HandoffDocument): { agentId: string; displayName: string } {
    const latest = this.deps.handoffs.latestUpdate(doc);
    return latest?.agent ?? { agentId: doc.agentId ?? '', displayName: doc.agentId ?? '' };
  }

  /** Nobody can take it now: publish its place in line (first time, new step, or a changed position). */
  private async wait(doc: HandoffDocument, placement: Placement, now: Date): Promise<boolean> {
    const position = await this.positionIn(doc, placement.queue, now);
    const movedStep = doc.status === 'queued' && doc.step !== placement.step;
    if (doc.status === 'queued' && !movedStep && doc.position === position) return false;
    const status = movedStep ? RoutingStatus.ROUTING_STATUS_STEP_FALLBACK : RoutingStatus.ROUTING_STATUS_QUEUED;
    const etaSeconds = await this.deps.queueStats.estimateSeconds(placement.queue, position, now);
    const result = await this.deps.handoffs.transitionFrom(doc, [doc.status as HandoffStatus], { status, placement, position, etaSeconds, at: now });
    const published = await this.publishResult(result);
    if (published && doc.status === 'new') this.deps.logger.info({ handoffId: doc._id, queue: placement.queue, position }, 'handoff queued');
    return published;
  }

  /**
   * An async ticket with an SLA commitment: no step can serve (every step timed out, or every team is closed), or the
   * customer chose a callback or e-mail follow-up instead of waiting.
   */
  private async makeAsync(doc: HandoffDocument, now: Date, asyncReason: AsyncReason, followUpChannel?: FollowUpChannel): Promise<boolean> {
    const { policy, handoffs, logger } = this.deps;
    const calendar = policy.policy.teams[doc.teamKey]!;
    const deadline = slaDeadline(policy.policy, doc.teamKey, doc.task.tier, now);
    const description = describeSla(deadline, calendar, now, slaBusinessHours(policy.policy, doc.task.tier));
    // Critical work does not wait for the next business day: the on-call agents are paged (notification alerts them).
    const pageOnCall = policy.policy.sla.page_on_call_for.includes(doc.task.severity) ? await this.deps.agents.onCallAgentIds() : [];
    const result = await handoffs.transitionFrom(doc, ['new', 'queued', 'offered'], {
      status: RoutingStatus.ROUTING_STATUS_ASYNC_FALLBACK,
      sla: { deadline, description, timeZone: calendar.time_zone },
      pageOnCall,
      asyncReason,
      followUpChannel,
      at: now,
    });
    const published = await this.publishResult(result);
    if (published) logger.info({ handoffId: doc._id, team: doc.teamKey, slaDeadline: deadline.toISOString(), reason: AsyncReason[asyncReason] }, 'handoff became an async ticket');
    return published;
  }

  /** 1-based place among the queue's waiting handoffs, by current priority (with aging), then age. */
  private async positionIn(doc: HandoffDocument, queue: string, now: Date): Promise<number> {
    const others = (await this.deps.handoffs.queuedIn(queue)).filter((h) => h._id !== doc._id);
    const mine = { priority: this.priorityAt(doc, now), queuedAt: doc.enteredAt };
    return others.filter((h) => queueOrder({ priority: this.priorityAt(h, now), queuedAt: h.enteredAt }, mine) < 0).length + 1;
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
