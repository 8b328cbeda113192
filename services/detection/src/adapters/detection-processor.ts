// Runs the detection engine for the service: events from conversation.events.v1 and durable timers, one conversation
// at a time, with state in MongoDB and decisions published to Kafka.
//
// Per event: one write of the conversation's new state (conditional on the version read), which also records the
// event as applied (conversation-repository.ts), so that a redelivered or replayed event changes nothing; and a read
// first unless the repository remembers the conversation's last state.
import type { ConversationEvent } from '@handoff/contracts';
import type { Clock } from '@handoff/core';
import type { Logger } from '@handoff/logging';
import { Topics, type EventMeta, type EventPublisher } from '@handoff/messaging';
import type { Decision } from '../domain/engine';
import type { PolicyRollout } from '../domain/rollout';
import { initialState } from '../domain/state';
import { NOTHING_APPLIED, isApplied, withApplied, type AppliedInputs, type ConversationRepository, type EventPosition, type StoredConversation, type StoredDecision } from './conversation-repository';
import type { ShadowDecisionLog } from './shadow-decision-log';
import type { TimerStore } from './timer-store';

export interface ProcessorDeps {
  rollout: PolicyRollout;
  conversations: ConversationRepository;
  /** A shadow candidate's own state and decisions; used only when the rollout has a shadow candidate. */
  shadow?: { conversations: ConversationRepository; log: ShadowDecisionLog };
  timers: TimerStore;
  publisher: EventPublisher;
  clock: Clock;
  logger: Logger;
}

/** Serialises work per key inside this process (a conversation's event and its timer never interleave). */
class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}

export class DetectionProcessor {
  private readonly queue = new KeyedQueue();

  constructor(private readonly deps: ProcessorDeps) {}

  /** `meta`: where Kafka delivered the event from (absent when called directly, as in tests). */
  handleEvent = (event: ConversationEvent, meta?: Pick<EventMeta, 'partition' | 'offset'>): Promise<void> =>
    this.queue.run(event.conversationId, () => this.process(event, meta && { partition: meta.partition, offset: meta.offset, occurredAt: event.occurredAt }));

  /** Fires every timer that is due; returns how many this replica fired. */
  async fireDueTimers(limit = 100): Promise<number> {
    const { timers, clock } = this.deps;
    let fired = 0;
    for (const timer of await timers.due(clock.now(), limit)) {
      if (!(await timers.claim(timer.conversationId, timer.dueAt, clock.now()))) continue;
      await this.queue.run(timer.conversationId, () => this.fire(timer.conversationId));
      fired += 1;
    }
    return fired;
  }

  private async process(event: ConversationEvent, position: EventPosition | undefined): Promise<void> {
    const { conversations, rollout, clock } = this.deps;
    const stored = await conversations.load(event.conversationId);

    // A crash after saving a decision but before publishing it: publish the same decision again (same ids).
    const decided = stored?.decisions.find((d) => d.eventId === event.eventId);
    if (decided) return this.publishDecision(decided);
    if (stored && isApplied(stored.applied, event.eventId, position)) return;

    const now = clock.now();
    const engine = rollout.actingFor(event.conversationId);
    const decision = engine.onEvent(stored?.state ?? initialState(event.conversationId), event, now);
    // Before the state is saved: a crash in between re-applies the event and publishes the same signals (same id)
    // again, where the other order would lose them.
    if (decision.signals) await this.deps.publisher.publish(Topics.handoffSignals, decision.signals, { id: `sig_${event.eventId}` });
    await this.commit(stored, decision, event.eventId, now, withApplied(stored?.applied ?? NOTHING_APPLIED, event.eventId, position));
    await this.decideInShadow(event.conversationId, { inputId: event.eventId, isEvent: true }, decision, engine.policy.version, now, (shadow, state) => shadow.onEvent(state, event, now));
  }

  /**
   * Runs the shadow candidate on its own state; its decisions are recorded, never published. `isEvent`: the input is
   * an event, which the shadow applies once (a timer firing has no id of its own).
   */
  private async decideInShadow(
    conversationId: string,
    { inputId, isEvent }: { inputId: string; isEvent: boolean },
    acting: Decision,
    actingVersion: string,
    now: Date,
    decide: (engine: NonNullable<PolicyRollout['shadow']>, state: ReturnType<typeof initialState>) => Decision,
  ): Promise<void> {
    const shadow = this.deps.rollout.shadow;
    if (!shadow || !this.deps.shadow) return;
    // The shadow keeps its own record of applied inputs. A crash between the acting save and this one leaves the
    // input out of the shadow's state (the redelivery stops at the acting record): the shadow only advises.
    const stored = await this.deps.shadow.conversations.load(conversationId);
    const applied = stored?.applied ?? NOTHING_APPLIED;
    if (isEvent && isApplied(applied, inputId)) return;
    const decision = decide(shadow, stored?.state ?? initialState(conversationId));
    await this.deps.shadow.conversations.save(decision.state, stored?.version ?? 0, [], isEvent ? withApplied(applied, inputId) : applied, now);
    await this.deps.shadow.log.record(conversationId, inputId, decision, shadow.policy.version, acting, actingVersion, now);
  }

  private async fire(conversationId: string): Promise<void> {
    const stored = await this.deps.conversations.load(conversationId);
    if (!stored) return this.deps.timers.set(conversationId, undefined);
    const now = this.deps.clock.now();
    const engine = this.deps.rollout.actingFor(conversationId);
    const inputId = `timer:${stored.state.startedAt?.getTime() ?? 0}`;
    const decision = engine.onTimer(stored.state, now);
    await this.commit(stored, decision, inputId, now, stored.applied);
    await this.decideInShadow(conversationId, { inputId, isEvent: false }, decision, engine.policy.version, now, (shadow, state) => shadow.onTimer(state, now));
  }

  /** Saves the new state with the decision and the inputs it now includes, publishes the decision, moves the timer. */
  private async commit(stored: StoredConversation | undefined, decision: Decision, inputId: string, now: Date, applied: AppliedInputs): Promise<void> {
    const acted: StoredDecision | undefined = decision.handoff || decision.offer ? { eventId: inputId, handoff: decision.handoff, offer: decision.offer } : undefined;
    const decisions = [...(stored?.decisions ?? []), ...(acted ? [acted] : [])];
    await this.deps.conversations.save(decision.state, stored?.version ?? 0, decisions, applied, now);
    if (acted) await this.publishDecision(acted);
    await this.deps.timers.set(decision.state.conversationId, decision.timerDueAt);
  }

  private async publishDecision(decision: StoredDecision): Promise<void> {
    const { publisher, logger } = this.deps;
    if (decision.handoff) {
      await publisher.publish(Topics.handoffRequested, decision.handoff, { id: decision.handoff.handoffId });
      logger.info({ conversationId: decision.handoff.conversationId, handoffId: decision.handoff.handoffId, reason: decision.handoff.reason, policyVersion: decision.handoff.policyVersion }, 'handoff requested');
    }
    if (decision.offer) {
      await publisher.publish(Topics.handoffOffered, decision.offer, { id: decision.offer.offerId });
      logger.info({ conversationId: decision.offer.conversationId, offerId: decision.offer.offerId, reason: decision.offer.reason }, 'human offered');
    }
  }
}
