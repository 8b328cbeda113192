import type { Category } from '../category';

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export interface MessageSignals {
  /** score = P(positive) - P(negative), in -1..1; label = the most probable class (so negative => score < 0). */
  sentiment: { score: number; label: SentimentLabel };
  category: Category;
  /** Probability of `category` (0..1). */
  categoryConfidence: number;
  humanRequest: boolean;
  /** Probability that the message asks for a person (0..1); humanRequest <=> humanRequestConfidence >= 0.5. */
  humanRequestConfidence: number;
}

export interface MessageClassifier {
  classify(text: string): MessageSignals;
}

/** A sentiment score at or below this is "very negative" (used by the sentiment-drop trigger). */
export const VERY_NEGATIVE = -0.6;

export const SENTIMENT_LABELS: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];
export const HUMAN_LABELS = ['no', 'yes'] as const;
