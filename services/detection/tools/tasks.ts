// The three training tasks (which records, which labels, which weights) and threshold tuning, shared by
// train.ts and evaluate.ts.

import { CATEGORIES, type Category } from '../src/domain/category';
import type { Lexicon } from '../src/domain/classifiers/lexicon';
import { type LinearModelData } from '../src/domain/classifiers/linear';
import { HARD_CATEGORIES, categoryFrom, humanRequestFrom } from '../src/domain/classifiers/message-classifier';
import { HUMAN_LABELS, SENTIMENT_LABELS } from '../src/domain/classifiers/types';
import type { DataRecord, Source } from './data';
import { featuresOf, modelOf, sentimentFeaturesOf, trainLinear, type Example } from './train-lib';

/** Hand-written seed examples are few; they count this many times. */
export const SEED_WEIGHT = 3;

/** GoEmotions counts this much as `other` for the category model (it is 48k rows of off-topic Reddit text). */
export const GOEMOTIONS_CATEGORY_WEIGHT = 0.1;

function weightOf(source: Source, task: 'sentiment' | 'category' | 'human' = 'sentiment'): number {
  if (source === 'seed') return SEED_WEIGHT;
  if (source === 'goemotions' && task === 'category') return GOEMOTIONS_CATEGORY_WEIGHT;
  return 1;
}

export function trainSentiment(records: DataRecord[], lexicon: Lexicon): LinearModelData {
  const examples: Example[] = records
    .filter((r) => r.sentiment)
    .map((r) => ({ features: sentimentFeaturesOf(r.text, lexicon), label: SENTIMENT_LABELS.indexOf(r.sentiment!), weight: weightOf(r.source) }));
  return trainLinear([...SENTIMENT_LABELS], examples, { epochs: 5, lambda: 4e-6, classWeightPower: 0.5, tailAverage: true });
}

export function trainCategory(records: DataRecord[], meta: Record<string, number> = {}): LinearModelData {
  const labels = [...CATEGORIES];
  const examples: Example[] = records
    .filter((r) => r.category)
    .map((r) => ({ features: featuresOf(r.text), label: labels.indexOf(r.category!), weight: weightOf(r.source, 'category') }));
  return trainLinear(labels, examples, { epochs: 6, lambda: 2e-6, classWeightPower: 0.5 }, meta);
}

export function trainHuman(records: DataRecord[], meta: Record<string, number> = {}): LinearModelData {
  const examples: Example[] = records
    .filter((r) => r.human !== undefined)
    .map((r) => ({ features: featuresOf(r.text), label: r.human ? 1 : 0, weight: weightOf(r.source, 'human') }));
  return trainLinear([...HUMAN_LABELS], examples, { epochs: 6, lambda: 2e-6, classWeightPower: 0.5 }, meta);
}

/** Human-request threshold on P(yes): the lowest one keeping the false-positive rate on `records` <= maxFpr. */
export function tuneHumanThreshold(model: LinearModelData, records: DataRecord[], maxFpr: number): number {
  const m = modelOf(model);
  const negatives = records.filter((r) => r.human === false).map((r) => m.probabilities(featuresOf(r.text))[1]!);
  negatives.sort((a, b) => b - a);
  const allowed = Math.floor(negatives.length * maxFpr);
  const t = negatives[allowed] ?? 0;
  return Math.min(0.95, Math.max(0.3, t + 1e-6));
}

/**
 * Human-request false-positive budget on a data set the model was not trained on (target: <= 2%; half of it, so
 * that a new domain has margin). Measured on cross-dataset folds of the training data.
 */
export const HUMAN_MAX_CROSS_DATASET_FPR = 0.01;

/** Data sets whose texts are all non-requests: the cross-dataset false-positive checks of the human-request model. */
export const HUMAN_NEGATIVE_SOURCES: Source[] = ['banking77', 'clinc150', 'goemotions'];

/**
 * Human-request threshold from cross-dataset folds of the training data only: for each negative-only data set S in
 * `records` (other than the excluded ones), a model trained without S scores all of S; the threshold is the lowest
 * that keeps the false-positive rate on every such S at or below `maxFpr` (the most conservative fold decides).
 * This estimates the false-positive rate on language from a data set never seen, which the in-domain tuning split
 * does not (it is far easier). `exclude`: sources the caller holds out (never looked at here).
 */
export function tuneHumanThresholdCrossDataset(records: DataRecord[], maxFpr: number, exclude: Source[] = []): number {
  let threshold = 0;
  for (const fold of HUMAN_NEGATIVE_SOURCES.filter((s) => !exclude.includes(s))) {
    const m = modelOf(trainHuman(records.filter((r) => r.source !== fold && !exclude.includes(r.source))));
    const scores = records
      .filter((r) => r.source === fold && r.human === false)
      .map((r) => humanRequestFrom(m, featuresOf(r.text), r.text, 0.5));
    // humanRequestFrom with threshold 0.5 returns P(request) itself, adjusted by the phrase rules (0.95 / 0.05).
    scores.sort((a, b) => b - a);
    const t = scores[Math.floor(scores.length * maxFpr)] ?? 0;
    threshold = Math.max(threshold, t + 1e-6);
  }
  return Math.min(0.95, Math.max(0.05, threshold));
}

/** Hard-category confidence floor: the lowest keeping "non-hard predicted as hard" <= maxFpr on `records`. */
export function tuneHardThreshold(model: LinearModelData, records: DataRecord[], minConfidence: number, maxFpr: number): number {
  const m = modelOf(model);
  const nonHard = records.filter((r) => r.category && !HARD_CATEGORIES.has(r.category));
  for (let t = 0.3; t < 0.95; t += 0.02) {
    let fp = 0;
    for (const r of nonHard) if (HARD_CATEGORIES.has(categoryFrom(m, featuresOf(r.text), minConfidence, t, r.text).category)) fp++;
    if (fp <= nonHard.length * maxFpr) return Math.round(t * 100) / 100;
  }
  return 0.95;
}

export function isHard(category: Category | undefined): boolean {
  return category !== undefined && HARD_CATEGORIES.has(category);
}
