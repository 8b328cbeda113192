// Segment: tiers (VIP, enterprise, churn risk) whose customers go to a person at their first message.
import { EscalationReason } from '@handoff/contracts';
import { eventIdOf, type Trigger } from './types';

export const segmentTrigger: Trigger = (ctx) => {
  const rule = ctx.policy.tiers[ctx.state.tier];
  if (!rule?.hand_off_directly || !ctx.signals || ctx.previous.segmentRuleFired) return undefined;
  return { reason: EscalationReason.ESCALATION_REASON_SEGMENT_RULE, mode: rule.mode, detail: `${ctx.state.tier} customers go straight to a person`, score: 1, eventId: eventIdOf(ctx) };
};
