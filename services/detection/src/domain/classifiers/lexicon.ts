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

/** Intensifiers before a lexicon word add this much to its magnitude (VADER's booster increment). */
const BOOSTERS: ReadonlySet<string> = new Set(['very', 'really', 'extremely', 'so', 'totally', 'completely', 'absolutely', 'utterly', 'incredibly', 'super', 'highly', 'truly', 'seriously', 'most', 'such', 'too', 'quite', 'pretty']);
const BOOST = 0.293;
/** Each "!" (up to four) pushes a non-zero valence further from zero (VADER's punctuation emphasis). */
const EXCLAMATION = 0.292;
/** VADER's normalisation of a valence sum into -1..1: sum / sqrt(sum^2 + ALPHA). */
const ALPHA = 15;

/** What the lexicon says about a text: its features for the sentiment model, and its overall valence. */
export interface LexiconReading {
  /** The text's n-gram features plus the lexicon features (the bag is re-normalised). */
  features: Features;
  /**
   * Valence in -1..1 the way VADER computes its compound score: word valences, negation (x -0.74), intensifiers
   * (+0.293), the "but" shift (x0.5 before, x1.5 after) and exclamation marks, normalised by sum / sqrt(sum^2 + 15).
   */
  compound: number;
}

/** One pass over the tokens of `text` gives both the lexicon features and the compound valence. */
export function readLexicon(features: Features, text: string, lexicon: Lexicon): LexiconReading {
  const extra: number[] = [];
  let negationLeft = 0;
  let boost = 0;
  let sum = 0;
  let beforeBut = 0;
  let afterBut = 0;
  let sawBut = false;
  for (const token of tokenize(text)) {
    if (token === 'but') {
      sawBut = true;
      beforeBut += afterBut;
      afterBut = 0;
    }
    if (CLAUSE_BREAKERS.has(token)) {
      negationLeft = 0;
      boost = 0;
      continue;
    }
    const negated = negationLeft > 0;
    if (negated) negationLeft--;
    if (NEGATORS.has(token)) {
      negationLeft = NEGATION_WINDOW;
      continue;
    }
    const valence = lexicon.get(token);
    if (valence === undefined) {
      boost = BOOSTERS.has(token) ? boost + BOOST : 0;
      continue;
    }
    const v = negated ? valence * NEGATED : valence;
    sum += v;
    if (v < 0) extra.push(NEGATIVE_WORD);
    if (v <= -2) extra.push(STRONGLY_NEGATIVE_WORD);
    if (v > 0) extra.push(POSITIVE_WORD);
    if (v >= 2) extra.push(STRONGLY_POSITIVE_WORD);
    afterBut += (valence + Math.sign(valence) * boost) * (negated ? NEGATED : 1);
    boost = 0;
  }
  extra.push(SUM_BUCKETS.find(([upTo]) => sum <= upTo)![1]);
  const n = features.indices.length;
  const indices = new Int32Array(n + extra.length);
  indices.set(features.indices);
  for (let i = 0; i < extra.length; i++) indices[n + i] = extra[i]! & MASK;

  let valence = sawBut ? beforeBut * 0.5 + afterBut * 1.5 : afterBut;
  if (valence !== 0) valence += Math.sign(valence) * Math.min(4, countExclamations(text)) * EXCLAMATION;
  return { features: { indices, value: 1 / Math.sqrt(indices.length) }, compound: valence / Math.sqrt(valence * valence + ALPHA) };
}

function countExclamations(text: string): number {
  let n = 0;
  for (let i = text.indexOf('!'); i >= 0; i = text.indexOf('!', i + 1)) n++;
  return n;
}

/** The lexicon features of `text`, added to its n-gram features (the bag is re-normalised). */
export function withLexiconFeatures(features: Features, text: string, lexicon: Lexicon): Features {
  return readLexicon(features, text, lexicon).features;
}
