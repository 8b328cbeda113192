// Classification metrics and two lexicon sentiment baselines (a plain word list, and VADER), for evaluate.ts.

import { SentimentIntensityAnalyzer } from 'vader-sentiment';
import { tokenize } from '../src/domain/classifiers/features';

export interface LabelScores {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export function perLabel(gold: string[], predicted: string[], labels: string[]): LabelScores[] {
  return labels.map((label) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < gold.length; i++) {
      if (predicted[i] === label && gold[i] === label) tp++;
      else if (predicted[i] === label) fp++;
      else if (gold[i] === label) fn++;
    }
    const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
    const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support: tp + fn };
  });
}

export function macroF1(scores: LabelScores[]): number {
  const present = scores.filter((s) => s.support > 0);
  return present.reduce((a, s) => a + s.f1, 0) / Math.max(1, present.length);
}

const pct = (x: number): string => (100 * x).toFixed(1).padStart(5);

export function printTable(title: string, scores: LabelScores[]): void {
  console.log(`  ${title}`);
  console.log(`    ${'label'.padEnd(22)} ${'P'.padStart(5)} ${'R'.padStart(5)} ${'F1'.padStart(5)} ${'n'.padStart(6)}`);
  for (const s of scores)
    console.log(`    ${s.label.padEnd(22)} ${pct(s.precision)} ${pct(s.recall)} ${pct(s.f1)} ${String(s.support).padStart(6)}`);
  console.log(`    ${'macro F1'.padEnd(22)} ${''.padStart(5)} ${''.padStart(5)} ${pct(macroF1(scores))}`);
}

export { pct };

// A deliberately plain AFINN-style baseline: word valences in -3..3, "not" flips the next two words, sum -> label.
const LEXICON: Record<string, number> = {
  bad: -2, terrible: -3, awful: -3, horrible: -3, worst: -3, hate: -3, angry: -3, annoyed: -2, annoying: -2,
  frustrated: -2, frustrating: -2, disappointed: -2, disappointing: -2, useless: -2, ridiculous: -3,
  unacceptable: -3, poor: -2, wrong: -2, broken: -2, problem: -1, issue: -1, fail: -2, failed: -2, failure: -2,
  sad: -2, upset: -2, unhappy: -2, sorry: -1, sucks: -3, stupid: -3, scam: -3, fraud: -3, waste: -2, mad: -2,
  crap: -3, shit: -3, fuck: -4, fucking: -4, damn: -2, hell: -2, ugly: -2, sick: -2, tired: -1, slow: -1,
  cancel: -1, complaint: -2, complain: -2, never: -1, disgusting: -3, pathetic: -3, joke: -1, lost: -1,
  good: 2, great: 3, excellent: 3, amazing: 3, awesome: 3, love: 3, like: 2, happy: 3, glad: 2, thanks: 2,
  thank: 2, perfect: 3, nice: 2, helpful: 2, best: 3, wonderful: 3, fantastic: 3, cool: 1, fine: 1, pleased: 2,
  satisfied: 2, appreciate: 2, fun: 2, beautiful: 3, lol: 2, haha: 2, fair: 1, excited: 3, hope: 1, yes: 1,
};

export function lexiconSentiment(text: string): 'negative' | 'neutral' | 'positive' {
  let score = 0;
  let negate = 0;
  for (const token of tokenize(text)) {
    if (token === 'not' || token === 'no' || token === 'never') {
      negate = 2;
      continue;
    }
    const v = LEXICON[token] ?? 0;
    score += negate > 0 ? -v : v;
    if (negate > 0) negate--;
  }
  return score < 0 ? 'negative' : score > 0 ? 'positive' : 'neutral';
}

/**
 * VADER (Hutto & Gilbert 2014; the npm vader-sentiment port, Apache-2.0), one of the two baselines the issue names,
 * with its authors' cut-offs: compound >= 0.05 positive, <= -0.05 negative, neutral in between.
 */
export function vaderSentiment(text: string): 'negative' | 'neutral' | 'positive' {
  const compound = SentimentIntensityAnalyzer.polarity_scores(text).compound;
  return compound <= -0.05 ? 'negative' : compound >= 0.05 ? 'positive' : 'neutral';
}
