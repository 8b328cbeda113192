// Explicit request: the customer asks for a person in words (the human-request classifier) or presses the button.
import { EscalationReason } from '@handoff/contracts';
import { eventIdOf, type Trigger } from './types';

export const explicitRequestTrigger: Trigger = (ctx) => {
  const settings = ctx.policy.triggers.explicit_request;
  if (!settings.enabled) return undefined;
  const payload = ctx.event?.payload;
  if (payload?.$case === 'humanRequested') {
    const source = payload.value.source && payload.value.source !== 'button' ? ` (${payload.value.source})` : '';
    return { reason: EscalationReason.ESCALATION_REASON_EXPLICIT_REQUEST, mode: 'hard', detail: `customer pressed "talk to a human"${source}`, score: 1, eventId: eventIdOf(ctx) };
  }
  if (ctx.signals?.humanRequest && ctx.signals.humanRequestConfidence >= settings.min_confidence && payload?.$case === 'messagePosted') {
    return {
      reason: EscalationReason.ESCALATION_REASON_EXPLICIT_REQUEST,
      mode: 'hard',
      detail: 'customer asked for a person',
      score: ctx.signals.humanRequestConfidence,
      eventId: eventIdOf(ctx),
    };
  }
  return undefined;
};
