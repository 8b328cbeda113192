// Turns and time: too many customer messages, or too long, without resolution. The time limit is also checked by
// the durable timer, so a conversation that goes silent still escalates.
import { EscalationReason } from '@handoff/contracts';
import { eventIdOf, type Trigger, type TriggerContext } from './types';

export const turnLimitTrigger: Trigger = (ctx) => {
  const settings = ctx.policy.triggers.turn_limit;
  if (!settings.enabled || !ctx.signals) return undefined;
  const limit = Math.max(1, Math.ceil(settings.customer_messages * ctx.thresholdFactor));
  if (ctx.state.customerMessages <= limit) return undefined;
  return {
    reason: EscalationReason.ESCALATION_REASON_TURN_LIMIT,
    mode: settings.mode,
    detail: `${ctx.state.customerMessages} customer messages without resolution (limit ${limit})`,
    score: ctx.state.customerMessages,
    eventId: eventIdOf(ctx),
  };
};

/** When the time limit of a conversation falls due, or undefined when it has none. */
export function timeLimitDueAt(ctx: Pick<TriggerContext, 'policy' | 'state' | 'thresholdFactor'>): Date | undefined {
  const settings = ctx.policy.triggers.time_limit;
  if (!settings.enabled || !ctx.state.startedAt || ctx.state.timeLimitFired) return undefined;
  return new Date(ctx.state.startedAt.getTime() + settings.minutes * ctx.thresholdFactor * 60_000);
}

export const timeLimitTrigger: Trigger = (ctx) => {
  const due = timeLimitDueAt(ctx);
  if (!due || ctx.now < due) return undefined;
  const minutes = Math.round((ctx.now.getTime() - ctx.state.startedAt!.getTime()) / 60_000);
  return {
    reason: EscalationReason.ESCALATION_REASON_TIME_LIMIT,
    mode: ctx.policy.triggers.time_limit.mode,
    detail: `${minutes} minutes without resolution`,
    score: minutes,
    eventId: eventIdOf(ctx),
  };
};
