// Bot confidence: the bot's own confidence below the threshold on its last N turns.
import { EscalationReason } from '@handoff/contracts';
import { eventIdOf, type Trigger } from './types';

export const lowConfidenceTrigger: Trigger = (ctx) => {
  const settings = ctx.policy.triggers.low_confidence;
  const payload = ctx.event?.payload;
  if (!settings.enabled || payload?.$case !== 'messagePosted' || payload.value.botConfidence === undefined) return undefined;
  const recent = ctx.state.botConfidences.slice(-settings.bot_turns);
  if (recent.length < settings.bot_turns || !recent.every((c) => c < settings.below)) return undefined;
  return {
    reason: EscalationReason.ESCALATION_REASON_LOW_CONFIDENCE,
    mode: settings.mode,
    detail: `bot confidence below ${settings.below} on its last ${recent.length} answers (${recent.map((c) => c.toFixed(2)).join(', ')})`,
    score: Math.max(...recent),
    eventId: eventIdOf(ctx),
  };
};
