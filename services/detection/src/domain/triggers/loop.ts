// Loop: the customer asks the same thing again and again (paraphrases count), or the bot repeats an answer.
import { EscalationReason } from '@handoff/contracts';
import { similarity } from '@handoff/core';
import { eventIdOf, type Trigger } from './types';

/** How many earlier entries resemble the latest one. */
function repeatsOfLatest(entries: Array<{ words: string[] }>, threshold: number): number {
  const latest = entries.at(-1);
  if (!latest) return 0;
  return entries.slice(0, -1).filter((e) => similarity(e.words, latest.words) >= threshold).length;
}

export const loopQuestionTrigger: Trigger = (ctx) => {
  const settings = ctx.policy.triggers.loop_question;
  if (!settings.enabled || !ctx.signals) return undefined;
  const times = repeatsOfLatest(ctx.state.customerQuestions, settings.similarity) + 1;
  if (times < settings.times) return undefined;
  return {
    reason: EscalationReason.ESCALATION_REASON_LOOP_QUESTION,
    mode: settings.mode,
    detail: `customer asked the same thing ${times} times`,
    score: times,
    eventId: eventIdOf(ctx),
  };
};

export const loopAnswerTrigger: Trigger = (ctx) => {
  const settings = ctx.policy.triggers.loop_answer;
  const payload = ctx.event?.payload;
  if (!settings.enabled || payload?.$case !== 'messagePosted' || ctx.state.botAnswers.at(-1)?.eventId !== eventIdOf(ctx)) return undefined;
  const times = repeatsOfLatest(ctx.state.botAnswers, settings.similarity) + 1;
  if (times < settings.times) return undefined;
  return {
    reason: EscalationReason.ESCALATION_REASON_LOOP_ANSWER,
    mode: settings.mode,
    detail: `bot gave the same answer ${times} times`,
    score: times,
    eventId: eventIdOf(ctx),
  };
};
