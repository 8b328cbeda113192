// How the customer's mood moved over the conversation, from per-message sentiment scores.
import type { SentimentTrend } from '@handoff/contracts';

/** A change smaller than this between the first and the last scores is "steady". */
const STEADY_BAND = 0.2;

export function sentimentTrend(perMessage: number[], atHandoff: number): SentimentTrend {
  const first = perMessage[0] ?? atHandoff;
  const last = perMessage.at(-1) ?? atHandoff;
  const change = last - first;
  return {
    atHandoff,
    first,
    perMessage,
    direction: change > STEADY_BAND ? 'improving' : change < -STEADY_BAND ? 'worsening' : 'steady',
  };
}
