// Types for the JavaScript port of VADER (npm vader-sentiment, Apache-2.0), the lexicon baseline of evaluate.ts.
declare module 'vader-sentiment' {
  export const SentimentIntensityAnalyzer: {
    polarity_scores(text: string): { neg: number; neu: number; pos: number; compound: number };
  };
}
