// Runs the detection engine for the service: events from conversation.events.v1 and durable timers, one conversation
// at a time, with state in MongoDB and decisions published to Kafka.
//
// Per event: one write of the conversation's new state (conditional on the version read), which also records the
// event as applied (conversation-repository.ts), so that a redelivered or replayed event changes nothing; and a read
// first unless the repository remembers the conversation's last state. Several events of one conversation that
// arrive together (a consumer behind, or a burst) are applied in order and saved with one write.
import type { ConversationEvent } from '@handoff/contracts';
import type { Clock } from '@handoff/core';
import type { Logger } from '@handoff/logging';
import { Topics, type EventMeta, type EventPublisher, type GroupedEvent } from '@handoff/messaging';
import type { Decision } from '../domain/engine';
import type { PolicyRollout } from '../domain/rollout';
import { initialState, type ConversationState } from '../domain/state';
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

/** Runs work in the trace of the event that caused it. */
type InTrace = <R>(work: () => Promise<R>) => Promise<R>;
const untraced: InTrace = (work) => work();

/** An event to apply, where Kafka delivered it from (absent when called directly, as in tests), and its trace. */
interface Input {
  event: ConversationEvent;
  position: EventPosition | undefined;
  inTrace: InTrace;
}

interface ActedDecision {
  decision: StoredDecision;
  inTrace: InTrace;
}

/** The handoff or offer a decision made, to save with the state and then publish; none when it made neither. */
const actedOn = (decision: Decision, inputId: string, inTrace: InTrace): ActedDecision[] =>
  decision.handoff || decision.offer ? [{ decision: { eventId: inputId, handoff: decision.handoff, offer: decision.offer }, inTrace }] : [];

const positionOf = (event: ConversationEvent, meta: Pick<EventMeta, 'partition' | 'offset'> | undefined): EventPosition | undefined =>
  meta && { partition: meta.partition, offset: meta.offset, occurredAt: event.occurredAt };

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
    this.queue.run(event.conversationId, () => this.apply([{ event, position: positionOf(event, meta), inTrace: untraced }]));

  /** Consecutive events under one Kafka key (a conversation), in order: the consumer's GroupHandler. */
  handleEvents = (events: GroupedEvent<ConversationEvent>[]): Promise<void> => {
    const conversationId = events[0]!.event.conversationId;
    // Not expected (the key is the conversation id); the consumer then hands them over one by one.
    if (events.some((e) => e.event.conversationId !== conversationId)) return Promise.reject(new Error(`events of several conversations under the key ${events[0]!.meta.key}`));
    return this.queue.run(conversationId, () => this.apply(events.map((e) => ({ event: e.event, position: positionOf(e.event, e.meta), inTrace: (work) => e.inTrace(work) }))));
  };

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

  /** Applies one conversation's events in order and saves the state once. */
  private async apply(inputs: Input[]): Promise<void> {
    const { conversations, rollout, clock, publisher } = this.deps;
    const conversationId = inputs[0]!.event.conversationId;
    const stored = await conversations.load(conversationId);
    const now = clock.now();
    const engine = rollout.actingFor(conversationId);
    let state = stored?.state ?? initialState(conversationId);
    let applied = stored?.applied ?? NOTHING_APPLIED;
    const republish: ActedDecision[] = [];
    const acted: ActedDecision[] = [];
    const decided: Array<{ event: ConversationEvent; decision: Decision }> = [];
    const signals: Promise<void>[] = [];
    for (const { event, position, inTrace } of inputs) {
      // A crash after saving a decision but before publishing it: publish the same decision again (same ids).
      const saved = stored?.decisions.find((d) => d.eventId === event.eventId);
      if (saved) {
        republish.push({ decision: saved, inTrace });
        continue;
      }
      if (isApplied(applied, event.eventId, position)) continue;
      const decision = engine.onEvent(state, event, now);
      // Before the state is saved: a crash in between re-applies the event and publishes the same signals (same id)
      // again, where the other order would lose them.
      if (decision.signals) signals.push(inTrace(() => publisher.publish(Topics.handoffSignals, decision.signals!, { id: `sig_${event.eventId}` })));
      acted.push(...actedOn(decision, event.eventId, inTrace));
      decided.push({ event, decision });
      state = decision.state;
      applied = withApplied(applied, event.eventId, position);
    }
    await Promise.all(signals);
    for (const r of republish) await r.inTrace(() => this.publishDecision(r.decision));
    if (decided.length === 0) {
      // Every event was applied before (a redelivery). A crash may have come between that save and moving the timer:
      // set it as the saved state wants it (the same due time the decision gave; a write only if it differs).
      if (stored) await this.deps.timers.set(conversationId, engine.timerFor(stored.state));
      return;
    }
    await this.commit(stored, state, acted, applied, decided.at(-1)!.decision.timerDueAt, now);
    for (const { event, decision } of decided)
      await this.decideInShadow(conversationId, { inputId: event.eventId, isEvent: true }, decision, engine.policy.version, now, (shadow, s) => shadow.onEvent(s, event, now));
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
    await this.commit(stored, decision.state, actedOn(decision, inputId, untraced), stored.applied, decision.timerDueAt, now);
    await this.decideInShadow(conversationId, { inputId, isEvent: false }, decision, engine.policy.version, now, (shadow, state) => shadow.onTimer(state, now));
  }

  /** Saves the new state with its new decisions and the inputs it now includes, publishes the decisions, moves the timer. */
  private async commit(stored: StoredConversation | undefined, state: ConversationState, acted: ActedDecision[], applied: AppliedInputs, timerDueAt: Date | undefined, now: Date): Promise<void> {
    const decisions = [...(stored?.decisions ?? []), ...acted.map((a) => a.decision)];
    await this.deps.conversations.save(state, stored?.version ?? 0, decisions, applied, now);
    for (const { decision, inTrace } of acted) await inTrace(() => this.publishDecision(decision));
    await this.deps.timers.set(state.conversationId, timerDueAt);
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
