// Intent / category: issues that always need a person (billing disputes, refund demands, legal, security...).
import { EscalationReason } from '@handoff/contracts';
import { eventIdOf, type Trigger } from './types';

export const hardCategoryTrigger: Trigger = (ctx) => {
  const settings = ctx.policy.triggers.hard_category;
  if (!settings.enabled || !ctx.signals) return undefined;
  const mode = settings.categories[ctx.signals.category];
  if (!mode || ctx.signals.categoryConfidence < settings.min_confidence) return undefined;
  return {
    reason: EscalationReason.ESCALATION_REASON_HARD_CATEGORY,
    mode,
    detail: `category ${ctx.signals.category} (confidence ${ctx.signals.categoryConfidence.toFixed(2)})`,
    score: ctx.signals.categoryConfidence,
    eventId: eventIdOf(ctx),
  };
};
