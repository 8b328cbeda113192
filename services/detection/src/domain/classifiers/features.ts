// Pure text -> hashed sparse features. Shared by all three classifiers, so a message is featurised once.
//
// Features (all hashed into 2^HASH_BITS buckets, namespaced by a seed so that kinds do not collide systematically):
//   - word unigrams, with negation scope marking ("not happy" -> "happy" marked as negated, up to the next clause
//     break or NEGATION_WINDOW words);
//   - word bigrams (unmarked) and a start-of-message bigram;
//   - fastText-style character 3- and 4-grams of each word ("<word>"), robust to typos ("regisger", "nbumber");
//   - a few shape cues: mostly CAPS, repeated "!", "?", very short message.
// Feature values are 1/sqrt(n) (L2-normalised bag), so a model only needs the list of indices.

export const HASH_BITS = 18;
export const HASH_DIM = 1 << HASH_BITS;
export const MASK = HASH_DIM - 1;

export const NEGATION_WINDOW = 4;

const SEED_WORD = 0x01000193;
const SEED_NEG = 0x2545f491;
const SEED_BIGRAM = 0x6b43a9b5;
const SEED_CHAR = 0x3c6ef372;
const SEED_SHAPE = 0x7f4a7c15;

export const NEGATORS: ReadonlySet<string> = new Set(['not', 'no', 'never', 'nothing', 'nobody', 'none', 'neither', 'nor', 'without', 'hardly', 'cannot']);
export const CLAUSE_BREAKERS: ReadonlySet<string> = new Set(['but', 'however', 'although', 'though', '.', ',', '!', '?', ';', ':']);

/**
 * One classification runs every layer (features, lexicon, rules) over the same text: each of these pure functions
 * remembers its last input and result, so the text is normalised and tokenised once per message.
 */
function rememberLast<T>(compute: (text: string) => T): (text: string) => T {
  let lastText: string | undefined;
  let lastResult: T;
  return (text) => {
    if (text !== lastText) {
      lastResult = compute(text);
      lastText = text;
    }
    return lastResult;
  };
}

/** Lower-cases and expands contractions so that negation is always the token "not". */
export const normalize = rememberLast((text: string): string =>
  text
    .toLowerCase()
    // Who a social post is addressed to ("@airline ...") and links are not what the customer says.
    .replace(/(?:^|\s)@\w+|\bhttps?:\/\/\S+/g, ' ')
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/\bcan'?t\b/g, 'can not')
    .replace(/\bwon'?t\b/g, 'will not')
    .replace(/\bain'?t\b/g, 'is not')
    .replace(/\b(do|does|did|is|are|was|were|have|has|had|could|would|should|must|need)n'?t\b/g, '$1 not')
    .replace(/n't\b/g, ' not')
    // Order numbers, amounts, phone numbers: their digits are noise; keep only "a long number".
    .replace(/\d{3,}/g, '000'),
);

/** normalize() with every run of white space made one space: what the phrase rules match against. */
export const normalizeSpaced = rememberLast((text: string): string => normalize(text).replace(/\s+/g, ' '));

const TOKEN = /[a-z0-9]+(?:'[a-z]+)?|[!?.,;:]/g;

/** Word and punctuation tokens of normalised text (shared: callers must not modify the array). */
export const tokenize = rememberLast((text: string): readonly string[] => normalize(text).match(TOKEN) ?? []);

/**
 * V8 stops optimising a regex whose source is longer than 20 KB (`kRegExpTooLargeToOptimize`): past it, an unanchored
 * search tries the whole alternation at every position. The hard-category rules' union crossed it in session 12 and
 * one pass over a message went from 8 µs to 232 µs, so a union is built of parts this long at most.
 */
export const UNION_PART_MAX_SOURCE = 16_000;

/** Tests whether any of a list of patterns matches. */
export interface PatternUnion {
  test(text: string): boolean;
}

/**
 * Matches exactly when one of `patterns` does, to rule out most texts in a few passes before testing the patterns
 * one by one: their alternation, cut into parts of at most UNION_PART_MAX_SOURCE characters. An alternation is the
 * union only without flags or back-references, so both are refused.
 */
export function unionOf(patterns: readonly RegExp[]): PatternUnion {
  const parts: string[][] = [[]];
  let length = 0;
  for (const p of patterns) {
    if (p.flags !== '' || /\\[1-9]/.test(p.source)) throw new Error(`unionOf: ${p} has flags or a back-reference`);
    const alternative = `(?:${p.source})`;
    if (length > 0 && length + alternative.length + 1 > UNION_PART_MAX_SOURCE) {
      parts.push([]);
      length = 0;
    }
    parts[parts.length - 1]!.push(alternative);
    length += alternative.length + 1;
  }
  const regexes = parts.map((alternatives) => new RegExp(alternatives.join('|')));
  return { test: (text) => regexes.some((r) => r.test(text)) };
}

/** 32-bit FNV-1a over a string's UTF-16 code units, from a seed. */
export function hashString(seed: number, s: string): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function mix(a: number, b: number): number {
  let h = (a ^ Math.imul(b, 0x9e3779b1)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashed feature indices of a text (may repeat: a repeated feature counts more). */
export interface Features {
  indices: Int32Array;
  /** Value of every feature (1/sqrt(count)). */
  value: number;
}

function isWord(token: string): boolean {
  const c = token.charCodeAt(0);
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

function shapeCues(text: string, out: number[]): void {
  const words = text.match(/[A-Za-z]{2,}/g) ?? [];
  let caps = 0;
  for (const w of words) if (w.length >= 2 && w === w.toUpperCase()) caps++;
  if (caps >= 2 && caps >= words.length * 0.6) out.push(hashString(SEED_SHAPE, 'caps'));
  const exclamations = (text.match(/!/g) ?? []).length;
  if (exclamations >= 1) out.push(hashString(SEED_SHAPE, 'excl'));
  if (exclamations >= 2) out.push(hashString(SEED_SHAPE, 'excl2'));
  if (text.includes('?')) out.push(hashString(SEED_SHAPE, 'question'));
  if (words.length <= 3) out.push(hashString(SEED_SHAPE, 'short'));
}

export function extractFeatures(text: string): Features {
  const tokens = tokenize(text);
  const out: number[] = [];
  let negLeft = 0;
  let prev = hashString(SEED_BIGRAM, '<s>');
  for (const token of tokens) {
    if (CLAUSE_BREAKERS.has(token)) negLeft = 0;
    const hw = hashString(SEED_WORD, token);
    if (!isWord(token)) {
      prev = hw;
      continue;
    }
    if (negLeft > 0) {
      out.push(mix(SEED_NEG, hw));
      negLeft--;
    } else out.push(hw);
    if (NEGATORS.has(token)) negLeft = NEGATION_WINDOW;
    out.push(mix(prev, hw));
    prev = hw;
    // Character 3- and 4-grams of "<token>".
    const len = token.length + 2;
    if (len > 3) {
      for (let i = 0; i + 3 <= len; i++) {
        let h = SEED_CHAR;
        for (let j = i; j < i + 4 && j < len; j++) {
          const code = j === 0 ? 60 : j === len - 1 ? 62 : token.charCodeAt(j - 1);
          h ^= code;
          h = Math.imul(h, 0x01000193);
          if (j - i >= 2) out.push(h >>> 0);
        }
      }
    }
  }
  shapeCues(text, out);
  const indices = new Int32Array(out.length);
  for (let i = 0; i < out.length; i++) indices[i] = out[i]! & MASK;
  return { indices, value: out.length > 0 ? 1 / Math.sqrt(out.length) : 0 };
}
