// The detection engine: a conversation's state and its next event (or a timer) in; new state, and what to do, out.
// Pure and deterministic given the classifier, so the service, the replay tool and Evaluate share one code path.
import {
  EscalationReason,
  Role,
  Severity,
  TriggerMode,
  type ConversationEvent,
  type ConversationSignals,
  type HandoffOffered,
  type HandoffRequested,
  type TriggerEvidence,
} from '@handoff/contracts';
import { deterministicId, handoffIdFor } from '@handoff/core';
import type { Category } from './category';
import { VERY_NEGATIVE, type MessageClassifier, type MessageSignals } from './classifiers';
import type { Policy } from './policy/schema';
import { fingerprint } from '@handoff/core';
import { initialState, keepLast, type ConversationState } from './state';
import { TRIGGERS_BY_PRIORITY, timeLimitDueAt, type TriggerContext, type TriggerHit } from './triggers';

export interface Decision {
  state: ConversationState;
  /** Escalate now (hard trigger, or an accepted offer). */
  handoff: HandoffRequested | undefined;
  /** Offer the customer a person (soft trigger). */
  offer: HandoffOffered | undefined;
  /** What the classifiers read in a customer message. */
  signals: ConversationSignals | undefined;
  /** When the durable time-limit timer should fire; undefined when the conversation needs none. */
  timerDueAt: Date | undefined;
  /** Every trigger that fired on this input, including those that did not act (for replay reports). */
  hits: TriggerHit[];
}

export const offerIdFor = (conversationId: string, offerSequence: number): string => deterministicId('of', conversationId, offerSequence);

const toEvidence = (hit: TriggerHit): TriggerEvidence => ({ reason: hit.reason, detail: hit.detail, score: hit.score, eventId: hit.eventId });

function observe(state: ConversationState, event: ConversationEvent, signals: MessageSignals | undefined): ConversationState {
  const at = event.occurredAt ?? state.lastEventAt;
  const next: ConversationState = { ...state, lastEventAt: at, startedAt: state.startedAt ?? at };
  if (event.language) next.language = event.language;
  if (event.channel) next.channel = event.channel;
  const payload = event.payload;
  switch (payload?.$case) {
    case 'customerIdentified':
      if (payload.value.tier) next.tier = payload.value.tier.toLowerCase();
      break;
    case 'messagePosted': {
      const message = payload.value;
      if (message.role === Role.ROLE_CUSTOMER && signals) {
        next.customerMessages += 1;
        next.customerSentiments = keepLast(state.customerSentiments, signals.sentiment.score);
        next.customerQuestions = keepLast(state.customerQuestions, { eventId: event.eventId, words: fingerprint(message.text) });
        if (signals.category !== 'other') {
          next.category = signals.category;
          next.categoryConfidence = signals.categoryConfidence;
        }
      } else if (message.role === Role.ROLE_BOT) {
        next.botTurns += 1;
        next.botAnswers = keepLast(state.botAnswers, { eventId: event.eventId, words: fingerprint(message.text) });
        if (message.botConfidence !== undefined) next.botConfidences = keepLast(state.botConfidences, message.botConfidence);
      }
      break;
    }
    case 'handedBack':
      // The agent gave the conversation back to the bot: start counting afresh; the next escalation is a new handoff.
      return { ...initialState(state.conversationId), escalationSequence: state.escalationSequence, offersMade: state.offersMade, tier: next.tier, language: next.language, channel: next.channel, startedAt: at, lastEventAt: at, segmentRuleFired: state.segmentRuleFired };
    case 'conversationClosed':
      next.closed = true;
      next.pendingOffer = undefined;
      break;
    default:
      break;
  }
  return next;
}

export class DetectionEngine {
  constructor(
    readonly policy: Policy,
    private readonly classifier: MessageClassifier,
  ) {}

  /** Classifies a customer message; the same call the service and the batch tools make. */
  classify(text: string): MessageSignals {
    return this.classifier.classify(text);
  }

  onEvent(state: ConversationState, event: ConversationEvent, now: Date): Decision {
    const payload = event.payload;
    const signals = payload?.$case === 'messagePosted' && payload.value.role === Role.ROLE_CUSTOMER ? this.classifier.classify(payload.value.text) : undefined;
    const observed = observe(state, event, signals);
    const published = signals ? this.signalsOf(event, signals, now) : undefined;

    if (payload?.$case === 'offerAnswered') return this.onOfferAnswered(state, observed, event, payload.value.offerId, payload.value.accepted, now);
    if (observed.closed || observed.escalated || payload?.$case === 'handedBack') {
      return { state: observed, handoff: undefined, offer: undefined, signals: published, timerDueAt: this.timerFor(observed), hits: [] };
    }
    const ctx: TriggerContext = { policy: this.policy, state: observed, previous: state, event, signals, now, thresholdFactor: this.thresholdFactor(observed) };
    return { ...this.act(ctx, this.evaluate(ctx), now), signals: published };
  }

  /** The durable timer fired: the time limit may have passed while the conversation was silent. */
  onTimer(state: ConversationState, now: Date): Decision {
    if (state.closed || state.escalated) return { state, handoff: undefined, offer: undefined, signals: undefined, timerDueAt: undefined, hits: [] };
    const ctx: TriggerContext = { policy: this.policy, state, previous: state, event: undefined, signals: undefined, now, thresholdFactor: this.thresholdFactor(state) };
    return { ...this.act(ctx, this.evaluate(ctx), now), signals: undefined };
  }

  private evaluate(ctx: TriggerContext): TriggerHit[] {
    return TRIGGERS_BY_PRIORITY.map((trigger) => trigger(ctx)).filter((hit): hit is TriggerHit => hit !== undefined);
  }

  private act(ctx: TriggerContext, hits: TriggerHit[], now: Date): Omit<Decision, 'signals'> {
    const fired = (reason: EscalationReason) => hits.some((h) => h.reason === reason);
    let state = {
      ...ctx.state,
      segmentRuleFired: ctx.state.segmentRuleFired || fired(EscalationReason.ESCALATION_REASON_SEGMENT_RULE),
      timeLimitFired: ctx.state.timeLimitFired || fired(EscalationReason.ESCALATION_REASON_TIME_LIMIT),
    };
    const hard = hits.find((h) => h.mode === 'hard');
    if (hard) return this.escalate(state, hard, hits, TriggerMode.TRIGGER_MODE_HARD, now);

    const soft = hits.find((h) => h.mode === 'soft');
    if (soft && this.mayOffer(state)) {
      const offersMade = state.offersMade + 1;
      const offer: HandoffOffered = {
        offerId: offerIdFor(state.conversationId, offersMade),
        conversationId: state.conversationId,
        reason: soft.reason,
        evidence: hits.filter((h) => h.mode === 'soft').map(toEvidence),
        policyVersion: this.policy.version,
        triggeringEventId: soft.eventId,
        offeredAt: now,
        language: state.language,
      };
      state = { ...state, offersMade, pendingOffer: { offerId: offer.offerId, reason: soft.reason, detail: soft.detail, offeredAt: now } };
      return { state, handoff: undefined, offer, timerDueAt: this.timerFor(state), hits };
    }
    return { state, handoff: undefined, offer: undefined, timerDueAt: this.timerFor(state), hits };
  }

  private onOfferAnswered(previous: ConversationState, observed: ConversationState, event: ConversationEvent, offerId: string, accepted: boolean, now: Date): Decision {
    const pending = observed.pendingOffer;
    const none = { handoff: undefined, offer: undefined, signals: undefined, hits: [] };
    // An answer to an offer we did not make (or already answered) changes nothing: replays and stale buttons.
    if (!pending || pending.offerId !== offerId || observed.escalated || observed.closed) return { state: observed, ...none, timerDueAt: this.timerFor(observed) };
    if (!accepted) {
      const state = { ...observed, pendingOffer: undefined, declinedAtMessage: previous.customerMessages };
      return { state, ...none, timerDueAt: this.timerFor(state) };
    }
    const hit: TriggerHit = { reason: EscalationReason.ESCALATION_REASON_OFFER_ACCEPTED, mode: 'hard', detail: `customer accepted the offer of a person (offered because: ${pending.detail})`, score: 1, eventId: event.eventId };
    const original: TriggerHit = { reason: pending.reason, mode: 'soft', detail: pending.detail, score: 0, eventId: event.eventId };
    return { ...this.escalate({ ...observed, pendingOffer: undefined }, hit, [hit, original], TriggerMode.TRIGGER_MODE_SOFT, now, offerId), signals: undefined };
  }

  private escalate(state: ConversationState, deciding: TriggerHit, hits: TriggerHit[], mode: TriggerMode, now: Date, offerId = ''): Omit<Decision, 'signals'> {
    const escalationSequence = state.escalationSequence + 1;
    const lastSentiment = state.customerSentiments.at(-1) ?? 0;
    const handoff: HandoffRequested = {
      handoffId: handoffIdFor(state.conversationId, escalationSequence),
      conversationId: state.conversationId,
      escalationSequence,
      reason: deciding.reason,
      mode,
      evidence: [deciding, ...hits.filter((h) => h !== deciding)].map(toEvidence),
      policyVersion: this.policy.version,
      triggeringEventId: deciding.eventId,
      requestedAt: now,
      category: state.category,
      sentimentScore: lastSentiment,
      severity: this.severityOf(state, lastSentiment),
      customerTier: state.tier,
      language: state.language,
      offerId,
      channel: state.channel,
    };
    return { state: { ...state, escalationSequence, escalated: true, pendingOffer: undefined }, handoff, offer: undefined, timerDueAt: undefined, hits };
  }

  private mayOffer(state: ConversationState): boolean {
    if (state.pendingOffer) return false;
    // Never offer twice in a row after a decline: wait for the cooldown of customer messages.
    return state.declinedAtMessage === undefined || state.customerMessages - state.declinedAtMessage >= this.policy.offers.cooldown_messages;
  }

  private severityOf(state: ConversationState, sentiment: number): Severity {
    const urgentTier = this.policy.tiers[state.tier]?.urgent ?? false;
    const critical: Category[] = ['security', 'legal'];
    if (urgentTier && critical.includes(state.category)) return Severity.SEVERITY_CRITICAL;
    if (urgentTier || sentiment <= VERY_NEGATIVE || critical.includes(state.category)) return Severity.SEVERITY_HIGH;
    return Severity.SEVERITY_NORMAL;
  }

  private thresholdFactor(state: ConversationState): number {
    return this.policy.tiers[state.tier]?.threshold_factor ?? 1;
  }

  /** When the conversation's durable timer is due (its time limit), for the state a decision left; none when over. */
  timerFor(state: ConversationState): Date | undefined {
    if (state.closed || state.escalated) return undefined;
    return timeLimitDueAt({ policy: this.policy, state, thresholdFactor: this.thresholdFactor(state) });
  }

  private signalsOf(event: ConversationEvent, signals: MessageSignals, now: Date): ConversationSignals {
    return {
      conversationId: event.conversationId,
      eventId: event.eventId,
      observedAt: now,
      sentimentScore: signals.sentiment.score,
      category: signals.category,
      categoryConfidence: signals.categoryConfidence,
      explicitHumanRequest: signals.humanRequest,
      policyVersion: this.policy.version,
    };
  }
}
