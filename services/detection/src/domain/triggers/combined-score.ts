// Combined score: weak signals that add up (mild frustration + a complex billing question + a repeated question...).
import { EscalationReason } from '@handoff/contracts';
import { similarity } from '@handoff/core';
import { eventIdOf, type Trigger } from './types';

export const combinedScoreTrigger: Trigger = (ctx) => {
  const settings = ctx.policy.triggers.combined_score;
  if (!settings.enabled || !ctx.signals) return undefined;
  const { weights } = settings;
  const parts: Array<[string, number]> = [];
  const sentiment = ctx.signals.sentiment.score;
  if (sentiment < 0) parts.push(['negative sentiment', weights.negative_sentiment * Math.min(1, -sentiment / 0.3)]);
  const lastConfidence = ctx.state.botConfidences.at(-1);
  if (lastConfidence !== undefined && lastConfidence < ctx.policy.triggers.low_confidence.below) parts.push(['low bot confidence', weights.low_confidence]);
  const latest = ctx.state.customerQuestions.at(-1);
  if (latest && ctx.state.customerQuestions.slice(0, -1).some((q) => similarity(q.words, latest.words) >= ctx.policy.triggers.loop_question.similarity)) {
    parts.push(['repeated question', weights.repeated_question]);
  }
  if (settings.complex_categories.includes(ctx.state.category)) parts.push([`complex category ${ctx.state.category}`, weights.complex_category]);
  if (ctx.state.customerMessages >= Math.ceil(ctx.policy.triggers.turn_limit.customer_messages / 2)) parts.push(['many turns', weights.many_turns]);

  const score = parts.reduce((sum, [, w]) => sum + w, 0);
  const threshold = settings.threshold * ctx.thresholdFactor;
  if (parts.length < 2 || score < threshold) return undefined;
  return {
    reason: EscalationReason.ESCALATION_REASON_COMBINED_SCORE,
    mode: settings.mode,
    detail: `${parts.map(([name, w]) => `${name} ${w.toFixed(2)}`).join(' + ')} = ${score.toFixed(2)} ≥ ${threshold.toFixed(2)}`,
    score,
    eventId: eventIdOf(ctx),
  };
};
