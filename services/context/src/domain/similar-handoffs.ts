// Past resolved handoffs most like this one, ranked by text similarity; empty, never invented, when nothing is close.
import { similarity } from '@handoff/core';
import type { SimilarHandoff } from '@handoff/contracts';

export interface ResolvedCandidate {
  handoffId: string;
  words: string[];
  category: string;
  summary: string;
  resolution: string;
}

export interface SimilarSettings {
  /** Below this similarity (0..1) a past handoff is not shown. */
  threshold: number;
  limit: number;
}

export const DEFAULT_SIMILAR: SimilarSettings = { threshold: 0.25, limit: 3 };

export function rankSimilar(words: string[], category: string, candidates: ResolvedCandidate[], settings: SimilarSettings = DEFAULT_SIMILAR): SimilarHandoff[] {
  return candidates
    .filter((c) => c.resolution)
    .map((c) => {
      const textScore = similarity(words, c.words);
      // The same category is a weak hint, never enough on its own.
      const score = Math.min(1, textScore + (c.category === category && textScore > 0 ? 0.05 : 0));
      return { handoffId: c.handoffId, similarity: Math.round(score * 1000) / 1000, category: c.category, summary: c.summary, resolution: c.resolution };
    })
    .filter((s) => s.similarity >= settings.threshold)
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, settings.limit);
}
