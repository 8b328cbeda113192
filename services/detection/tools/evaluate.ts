// npm run eval:detection: accuracy of the shipped models on the 20% held-out split (never trained on; see
// train.ts), then cross-dataset estimates closer to "unseen real language": leave-one-dataset-out models are
// retrained here in memory (with the shipped thresholds) and tested on the whole left-out data set.

import { CATEGORIES, type Category } from '../src/domain/category';
import { loadMessageClassifier, loadModelSet } from '../src/domain/classifiers';
import { LinearModel, type LinearModelData } from '../src/domain/classifiers/linear';
import { categoryFrom, createMessageClassifier, humanRequestFrom, sentimentFrom } from '../src/domain/classifiers/message-classifier';
import { detectExplicitRequest } from '../src/domain/triggers/explicit-request';
import { MODEL_DIR, SOURCES, loadAll, type DataRecord, type Source } from './data';
import { lexiconSentiment, macroF1, pct, perLabel, printTable, vaderSentiment } from './metrics';
import { HUMAN_MAX_CROSS_DATASET_FPR, isHard, trainCategory, trainHuman, trainSentiment, tuneHumanThresholdCrossDataset } from './tasks';
import { featuresOf, sentimentFeaturesOf } from './train-lib';
import { loadWrittenTestSets, type LabelledText } from './test-sets';
import { loadAirlineTweets, loadUnseenSentiment } from './unseen';

const shipped = loadModelSet(MODEL_DIR);
const lexicon = shipped.sentimentLexicon;
const humanThreshold = shipped.human.meta['threshold'] ?? 0.5;
const minConfidence = shipped.category.meta['minConfidence'] ?? 0.4;
const hardMinConfidence = shipped.category.meta['hardMinConfidence'] ?? 0.5;

type SentimentMode = 'model+rules' | 'model only' | 'lexicon baseline' | 'VADER baseline';

/** What a sentiment report needs of a record. */
type SentimentRecord = Pick<DataRecord, 'text' | 'sentiment'>;

function sentimentLabels(model: LinearModel, records: SentimentRecord[], mode: SentimentMode): string[] {
  return records.map((r) => {
    if (mode === 'lexicon baseline') return lexiconSentiment(r.text);
    if (mode === 'VADER baseline') return vaderSentiment(r.text);
    if (mode === 'model only') {
      const p = model.probabilities(sentimentFeaturesOf(r.text, lexicon));
      return ['negative', 'neutral', 'positive'][p.indexOf(Math.max(...p))]!;
    }
    return sentimentFrom(model, lexicon, featuresOf(r.text), r.text).label;
  });
}

/** Negative vs rest, macro over the two classes. */
function negativeMacroF1(gold: string[], predicted: string[]): number {
  const g = gold.map((l) => (l === 'negative' ? 'negative' : 'rest'));
  const p = predicted.map((l) => (l === 'negative' ? 'negative' : 'rest'));
  return macroF1(perLabel(g, p, ['negative', 'rest']));
}

function reportSentiment(title: string, model: LinearModelData, records: SentimentRecord[], full: boolean): void {
  const m = new LinearModel(model);
  const rs = records.filter((r) => r.sentiment);
  const gold = rs.map((r) => r.sentiment!);
  console.log(`\n${title} (n=${rs.length}, negative ${gold.filter((g) => g === 'negative').length})`);
  for (const mode of ['model+rules', 'model only', 'lexicon baseline', 'VADER baseline'] as SentimentMode[]) {
    const predicted = sentimentLabels(m, rs, mode);
    if (full && mode === 'model+rules') printTable('3-class, model+rules', perLabel(gold, predicted, ['negative', 'neutral', 'positive']));
    console.log(`  ${mode.padEnd(17)} negative-vs-rest macro F1 ${pct(negativeMacroF1(gold, predicted))}   3-class macro F1 ${pct(macroF1(perLabel(gold, predicted, ['negative', 'neutral', 'positive'])))}`);
  }
}

/**
 * The sentiment trigger counts a customer message whose score is at or below the policy's negative_at_most (-0.3 by
 * default), whatever its label. How often a plain support message (neutral: a question, a problem report) does that
 * is the false-cue rate behind sentiment escalations.
 */
function reportNegativeCues(model: LinearModelData, records: DataRecord[], atMost = -0.3): void {
  const m = new LinearModel(model);
  const neutral = records.filter((r) => r.sentiment === 'neutral' && r.source !== 'goemotions');
  const cues = neutral.filter((r) => sentimentFrom(m, lexicon, featuresOf(r.text), r.text).score <= atMost).length;
  console.log(`\nSENTIMENT CUES: neutral support messages scoring <= ${atMost} (the default sentiment trigger's bar): ${cues} of ${neutral.length} (${pct(cues / Math.max(1, neutral.length))}%)`);
}

function reportHuman(title: string, model: LinearModelData, records: LabelledText[], threshold = humanThreshold): void {
  const m = new LinearModel(model);
  const rs = records.filter((r) => r.human !== undefined);
  let tp = 0;
  let fn = 0;
  let fp = 0;
  let tn = 0;
  let ruleTp = 0;
  let ruleFp = 0;
  const errors: string[] = [];
  for (const r of rs) {
    const yes = humanRequestFrom(m, featuresOf(r.text), r.text, threshold) >= 0.5;
    const rule = detectExplicitRequest(r.text).matched;
    if (r.human) {
      if (yes) tp++;
      else {
        fn++;
        if (errors.length < 6) errors.push(`FN [${r.source}] ${r.text}`);
      }
      if (rule) ruleTp++;
    } else {
      if (yes) {
        fp++;
        if (errors.length < 12) errors.push(`FP [${r.source}/${r.original}] ${r.text}`);
      } else tn++;
      if (rule) ruleFp++;
    }
  }
  const pos = tp + fn;
  const neg = fp + tn;
  console.log(`\n${title} (positives ${pos}, negatives ${neg})`);
  if (pos > 0) console.log(`  recall ${pct(tp / pos)}   precision ${pct(tp / Math.max(1, tp + fp))}`);
  console.log(`  FPR ${pct(fp / Math.max(1, neg))}  (${fp} of ${neg})`);
  console.log(`  regex detector alone: recall ${pos > 0 ? pct(ruleTp / pos) : '  n/a'}   FPR ${pct(ruleFp / Math.max(1, neg))}`);
  for (const e of errors.slice(0, 8)) console.log(`    e.g. ${e}`);
}

function reportCategory(title: string, model: LinearModelData, records: LabelledText[], full: boolean): void {
  const m = new LinearModel(model);
  const rs = records.filter((r) => r.category);
  const gold = rs.map((r) => r.category!);
  const predicted = rs.map((r) => categoryFrom(m, featuresOf(r.text), minConfidence, hardMinConfidence, r.text).category);
  let hard = 0;
  let hardAny = 0;
  let hardExact = 0;
  let nonHard = 0;
  let fp = 0;
  const confusions = new Map<string, number>();
  for (let i = 0; i < rs.length; i++) {
    if (isHard(gold[i])) {
      hard++;
      if (isHard(predicted[i])) hardAny++;
      if (predicted[i] === gold[i]) hardExact++;
      else confusions.set(`${rs[i]!.original} -> ${predicted[i]}`, (confusions.get(`${rs[i]!.original} -> ${predicted[i]}`) ?? 0) + 1);
    } else {
      nonHard++;
      if (isHard(predicted[i])) {
        fp++;
        confusions.set(`${rs[i]!.original} -> ${predicted[i]}`, (confusions.get(`${rs[i]!.original} -> ${predicted[i]}`) ?? 0) + 1);
      }
    }
  }
  console.log(`\n${title} (n=${rs.length}; hard ${hard}, non-hard ${nonHard})`);
  const scores = perLabel(gold, predicted, [...CATEGORIES]);
  if (full) printTable('per category', scores);
  else console.log(`  macro F1 ${pct(macroF1(scores))}   accuracy ${pct(gold.filter((g, i) => g === predicted[i]).length / Math.max(1, rs.length))}`);
  if (hard > 0) console.log(`  hard-category recall (any hard) ${pct(hardAny / hard)}   (exact hard category) ${pct(hardExact / hard)}`);
  console.log(`  hard-category FPR (non-hard -> some hard) ${pct(fp / Math.max(1, nonHard))}  (${fp} of ${nonHard})`);
  const top = [...confusions.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6);
  if (top.length > 0) console.log(`  most frequent errors: ${top.map(([k, n]) => `${k} x${n}`).join('; ')}`);
}

/** Hard-category recall / FPR at several confidence floors (the shipped floor is tuned in train.ts). */
function sweepHard(title: string, model: LinearModelData, records: DataRecord[]): void {
  const m = new LinearModel(model);
  const rs = records.filter((r) => r.category);
  const probs = rs.map((r) => m.probabilities(featuresOf(r.text)));
  const cells: string[] = [];
  for (const floor of [0.3, 0.4, 0.5, 0.6, 0.7, 0.8]) {
    let hard = 0;
    let hit = 0;
    let non = 0;
    let fp = 0;
    rs.forEach((r, i) => {
      const p = probs[i]!;
      const best = p.indexOf(Math.max(...p));
      const predictedHard = isHard(m.labels[best] as Category) && p[best]! >= floor;
      if (isHard(r.category)) {
        hard++;
        if (predictedHard) hit++;
      } else {
        non++;
        if (predictedHard) fp++;
      }
    });
    cells.push(`${floor.toFixed(1)}: R ${pct(hit / Math.max(1, hard))} FPR ${pct(fp / Math.max(1, non))}`);
  }
  console.log(`  ${title} hard floor sweep -> ${cells.join(' | ')}`);
}

function bySource(records: DataRecord[], source: Source): DataRecord[] {
  return records.filter((r) => r.source === source);
}

function main(): void {
  const records = loadAll();
  const test = records.filter((r) => r.split === 'test');
  const fit = records.filter((r) => r.split !== 'test');
  console.log(`held-out test split: ${test.length} records (${SOURCES.map((s) => `${s} ${bySource(test, s).length}`).join(', ')})`);
  console.log(`thresholds: human P(request) >= ${humanThreshold}, category min confidence ${minConfidence}, hard ${hardMinConfidence}`);

  console.log('\n=============== HELD-OUT 20% (shipped models, trained on the other 80%) ===============');
  reportSentiment('SENTIMENT, all held-out', shipped.sentiment, test, true);
  reportSentiment('SENTIMENT, held-out goemotions (Reddit)', shipped.sentiment, bySource(test, 'goemotions'), false);
  reportSentiment('SENTIMENT, held-out bitext (support; complaint/offensive = negative)', shipped.sentiment, [...bySource(test, 'bitext'), ...bySource(test, 'bitext_llm')], false);
  reportNegativeCues(shipped.sentiment, test);
  reportHuman('HUMAN REQUEST, all held-out', shipped.human, test);
  for (const s of SOURCES) reportHuman(`HUMAN REQUEST, held-out ${s}`, shipped.human, bySource(test, s));
  reportCategory('CATEGORY, held-out support data (all but goemotions)', shipped.category, test.filter((r) => r.source !== 'goemotions'), true);
  sweepHard('held-out support data', shipped.category, test.filter((r) => r.source !== 'goemotions'));
  for (const s of ['bitext', 'bitext_llm', 'banking77', 'clinc150', 'goemotions', 'seed'] as Source[]) reportCategory(`CATEGORY, held-out ${s}`, shipped.category, bySource(test, s), false);
  const oos = test.filter((r) => r.source === 'clinc150' && r.original === 'oos');
  const m = new LinearModel(shipped.category);
  const forced = oos.filter((r) => categoryFrom(m, featuresOf(r.text), minConfidence, hardMinConfidence, r.text).category !== 'other').length;
  console.log(`  clinc150 oos held-out: ${forced} of ${oos.length} forced into a category (${pct(forced / Math.max(1, oos.length))}%)`);

  console.log('\n=============== CROSS-DATASET (leave one data set out, retrained here on the 80% without it) ===============');
  const without = (...sources: Source[]): DataRecord[] => fit.filter((r) => !sources.includes(r.source));
  const whole = (source: Source): DataRecord[] => records.filter((r) => r.source === source);

  // Each left-out model gets its threshold from cross-dataset folds of its own training data (tasks.ts), never
  // from the data set it is tested on.
  const humanLodo = (left: Source, title: string): void => {
    const threshold = tuneHumanThresholdCrossDataset(fit, HUMAN_MAX_CROSS_DATASET_FPR, [left]);
    reportHuman(`${title} (threshold ${threshold.toFixed(3)}, tuned without it)`, trainHuman(without(left), { threshold }), whole(left), threshold);
  };
  humanLodo('banking77', 'HUMAN REQUEST: trained without banking77, tested on ALL banking77');
  humanLodo('clinc150', 'HUMAN REQUEST: trained without clinc150, tested on ALL clinc150');
  humanLodo('goemotions', 'HUMAN REQUEST: trained without goemotions, tested on ALL goemotions');
  humanLodo('bitext_llm', 'HUMAN REQUEST: trained without bitext_llm_v2, tested on ALL bitext_llm_v2');
  humanLodo('seed', 'HUMAN REQUEST: trained without the seed set, tested on ALL seed (hand-written, incl. declined requests)');

  const cNoBanking = trainCategory(without('banking77'));
  reportCategory('CATEGORY: trained without banking77, tested on ALL banking77 (real customer language)', cNoBanking, whole('banking77'), true);
  sweepHard('banking77 (unseen)', cNoBanking, whole('banking77'));
  const cNoClinc = trainCategory(without('clinc150'));
  reportCategory('CATEGORY: trained without clinc150, tested on ALL clinc150 (mostly other / oos)', cNoClinc, whole('clinc150'), false);
  sweepHard('clinc150 (unseen)', cNoClinc, whole('clinc150'));
  const cNoLlm = trainCategory(without('bitext_llm'));
  reportCategory('CATEGORY: trained without bitext_llm_v2, tested on ALL bitext_llm_v2', cNoLlm, whole('bitext_llm'), false);

  const sNoBitext = trainSentiment(without('bitext', 'bitext_llm'), lexicon);
  reportSentiment('SENTIMENT: trained without bitext, tested on ALL bitext (support; complaint/offensive = negative)', sNoBitext, [...whole('bitext'), ...whole('bitext_llm')], false);
  const sNoGo = trainSentiment(without('goemotions'), lexicon);
  reportSentiment('SENTIMENT: trained without goemotions, tested on ALL goemotions', sNoGo, whole('goemotions'), false);

  console.log('\n=============== UNSEEN PUBLIC DATA (human-rated sentiment from the VADER paper and Twitter US Airline Sentiment; never trained on) ===============');
  const unseen = loadUnseenSentiment();
  if ('unavailable' in unseen) console.log(`  skipped: ${unseen.unavailable}`);
  else
    for (const [set, rows] of unseen)
      for (const cut of [1, 0.5]) {
        const labelled = rows.map((r) => ({ text: r.text, sentiment: r.rating <= -cut ? ('negative' as const) : r.rating >= cut ? ('positive' as const) : ('neutral' as const) }));
        reportSentiment(`SENTIMENT, ${set} (negative = mean rating <= -${cut} of -4..4)`, shipped.sentiment, labelled, false);
      }

  const airline = loadAirlineTweets();
  if ('unavailable' in airline) console.log(`\n  airline tweets skipped: ${airline.unavailable}`);
  else {
    reportSentiment('SENTIMENT, Twitter US Airline Sentiment (real customer tweets to six airlines; negative vs rest)', shipped.sentiment, airline, false);
    // Session 12 read errors among the tweets to @united only: the rest is the part never looked at.
    reportSentiment('SENTIMENT, the same without the tweets to @united', shipped.sentiment, airline.filter((t) => !/@united\b/i.test(t.text)), false);
  }

  console.log('\n=============== WRITTEN TEST SETS (services/detection/test-sets; never trained on; see the README there for which were read while tuning rules) ===============');
  const written = loadWrittenTestSets();
  for (const set of written.category) reportCategory(`CATEGORY, ${set.name}`, shipped.category, set.records, false);
  for (const set of written.sentiment) reportSentiment(`SENTIMENT, ${set.name}`, shipped.sentiment, set.records, false);
  for (const set of written.human) reportHuman(`HUMAN REQUEST, ${set.name}`, shipped.human, set.records);

  // Sanity: the public classifier on the held-out split agrees with the per-task evaluation above.
  const classifier = createMessageClassifier(shipped);
  const viaLoader = loadMessageClassifier(MODEL_DIR);
  const sample = test.slice(0, 200);
  const same = sample.every((r) => JSON.stringify(classifier.classify(r.text)) === JSON.stringify(viaLoader.classify(r.text)));
  console.log(`\nloader consistency on 200 messages: ${same ? 'ok' : 'MISMATCH'}`);
}

main();
