// Sentiment: negative across N consecutive customer messages, or a sharp drop from neutral to very negative.
import { EscalationReason } from '@handoff/contracts';
import { eventIdOf, type Trigger } from './types';

export const sentimentPersistentTrigger: Trigger = (ctx) => {
  const settings = ctx.policy.triggers.sentiment_persistent;
  if (!settings.enabled || !ctx.signals) return undefined;
  const recent = ctx.state.customerSentiments.slice(-settings.consecutive_messages);
  if (recent.length < settings.consecutive_messages || !recent.every((s) => s <= settings.negative_at_most)) return undefined;
  return {
    reason: EscalationReason.ESCALATION_REASON_SENTIMENT_PERSISTENT,
    mode: settings.mode,
    detail: `negative in ${recent.length} consecutive customer messages (${recent.map((s) => s.toFixed(2)).join(', ')})`,
    score: Math.min(...recent),
    eventId: eventIdOf(ctx),
  };
};

export const sentimentDropTrigger: Trigger = (ctx) => {
  const settings = ctx.policy.triggers.sentiment_drop;
  if (!settings.enabled || !ctx.signals) return undefined;
  const before = ctx.previous.customerSentiments.at(-1);
  const now = ctx.signals.sentiment.score;
  if (before === undefined || before < settings.from_at_least || now > settings.to_at_most) return undefined;
  return {
    reason: EscalationReason.ESCALATION_REASON_SENTIMENT_DROP,
    mode: settings.mode,
    detail: `sentiment fell from ${before.toFixed(2)} to ${now.toFixed(2)} in one message`,
    score: now,
    eventId: eventIdOf(ctx),
  };
};
