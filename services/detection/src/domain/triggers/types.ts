// What every trigger sees and what it reports.
import type { ConversationEvent, EscalationReason } from '@handoff/contracts';
import type { MessageSignals } from '../classifiers';
import type { Policy, TriggerMode } from '../policy/schema';
import type { ConversationState } from '../state';

export interface TriggerContext {
  policy: Policy;
  /** The state after observing the event. */
  state: ConversationState;
  /** The state before the event, for triggers that compare (sentiment drop). */
  previous: ConversationState;
  event: ConversationEvent | undefined;
  /** Classifier output for a customer message; undefined for other events. */
  signals: MessageSignals | undefined;
  now: Date;
  /** Below 1 for tiers that escalate sooner. */
  thresholdFactor: number;
}

export interface TriggerHit {
  reason: EscalationReason;
  mode: TriggerMode;
  detail: string;
  score: number;
  eventId: string;
}

export type Trigger = (ctx: TriggerContext) => TriggerHit | undefined;

export const eventIdOf = (ctx: TriggerContext) => ctx.event?.eventId ?? '';
export const isCustomerMessage = (ctx: TriggerContext) => ctx.signals !== undefined;
