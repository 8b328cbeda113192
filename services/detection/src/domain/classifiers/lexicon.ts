// Word valences as shared sentiment features. The hashed n-gram features only know the words the training data
// showed; a sentiment lexicon knows thousands more. Every negative word in a message adds the same "a negative word"
// feature (and "a strongly negative word" from -2 down), so the model learns once how much such words count, and a
// word it never saw ("appalling", "shambolic") still counts. Negation flips a word's valence the way VADER does
// (x -0.74), within the same negation window as the n-gram features. The message's summed valence adds one
// bucket feature.
//
// The lexicon is VADER's (Hutto & Gilbert 2014; MIT), taken from the npm vader-sentiment package by
// `npm run train:detection` and shipped as models/sentiment-lexicon.tsv. Only the sentiment model uses these features.

import { CLAUSE_BREAKERS, MASK, NEGATION_WINDOW, NEGATORS, hashString, tokenize, type Features } from './features';

/** Word -> valence in -4..4. */
export type Lexicon = ReadonlyMap<string, number>;

/** VADER's scalar for a negated word. */
const NEGATED = -0.74;
const SEED_LEXICON = 0x2f6b1d93;
const NEGATIVE_WORD = hashString(SEED_LEXICON, 'negative word');
const STRONGLY_NEGATIVE_WORD = hashString(SEED_LEXICON, 'strongly negative word');
const POSITIVE_WORD = hashString(SEED_LEXICON, 'positive word');
const STRONGLY_POSITIVE_WORD = hashString(SEED_LEXICON, 'strongly positive word');
const SUM_BUCKETS: ReadonlyArray<[number, number]> = [
  [-4, hashString(SEED_LEXICON, 'sum <= -4')],
  [-2, hashString(SEED_LEXICON, 'sum <= -2')],
  [-1e-9, hashString(SEED_LEXICON, 'sum < 0')],
  [1e-9, hashString(SEED_LEXICON, 'sum 0')],
  [2, hashString(SEED_LEXICON, 'sum < 2')],
  [4, hashString(SEED_LEXICON, 'sum < 4')],
  [Infinity, hashString(SEED_LEXICON, 'sum >= 4')],
];

/** Tokens our tokenizer can produce: lower-case words, optionally with an apostrophe suffix. */
export const LEXICON_WORD = /^[a-z]+(?:'[a-z]+)?$/;

/** `word<TAB>valence` lines; `#` starts a comment line. Throws on a malformed line, naming it. */
export function parseLexicon(tsv: string): Lexicon {
  const lexicon = new Map<string, number>();
  tsv.split('\n').forEach((line, i) => {
    if (!line.trim() || line.startsWith('#')) return;
    const [word, value] = line.split('\t');
    const valence = Number(value);
    if (!word || !LEXICON_WORD.test(word) || !Number.isFinite(valence)) throw new Error(`sentiment lexicon line ${i + 1}: expected "word<TAB>valence", got "${line}"`);
    lexicon.set(word, valence);
  });
  return lexicon;
}

/** The lexicon features of `text`, added to its n-gram features (the bag is re-normalised). */
export function withLexiconFeatures(features: Features, text: string, lexicon: Lexicon): Features {
  const extra: number[] = [];
  let negationLeft = 0;
  let sum = 0;
  for (const token of tokenize(text)) {
    if (CLAUSE_BREAKERS.has(token)) {
      negationLeft = 0;
      continue;
    }
    const negated = negationLeft > 0;
    if (negated) negationLeft--;
    if (NEGATORS.has(token)) {
      negationLeft = NEGATION_WINDOW;
      continue;
    }
    const valence = lexicon.get(token);
    if (valence === undefined) continue;
    const v = negated ? valence * NEGATED : valence;
    sum += v;
    if (v < 0) extra.push(NEGATIVE_WORD);
    if (v <= -2) extra.push(STRONGLY_NEGATIVE_WORD);
    if (v > 0) extra.push(POSITIVE_WORD);
    if (v >= 2) extra.push(STRONGLY_POSITIVE_WORD);
  }
  extra.push(SUM_BUCKETS.find(([upTo]) => sum <= upTo)![1]);
  const n = features.indices.length;
  const indices = new Int32Array(n + extra.length);
  indices.set(features.indices);
  for (let i = 0; i < extra.length; i++) indices[n + i] = extra[i]! & MASK;
  return { indices, value: 1 / Math.sqrt(indices.length) };
}
