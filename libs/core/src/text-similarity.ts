// How alike two texts are: content-word fingerprints and their Jaccard similarity (loop detection, similar handoffs).

const STOPWORDS = new Set(
  'a an the i me my we our you your it its is are was were be been am do does did can could would should will shall may might must have has had to of in on at for from with by about as and or but if so not no yes please hi hello hey thanks thank ok okay just really still again this that these those there here what which who whom how why when where any some me mine im i\'m i\'ve ive dont don\'t cant can\'t won\'t wont'.split(/\s+/),
);

function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** Content words of a message, normalised: the fingerprint kept in the conversation state. */
export function fingerprint(text: string): string[] {
  const words = text.toLowerCase().replace(/[^a-z0-9' ]+/g, ' ').split(/\s+/).filter((w) => w.length > 1 && !STOPWORDS.has(w));
  return [...new Set(words.map(stem))].sort();
}

/** Jaccard similarity of two fingerprints, 0..1; two empty fingerprints are not alike. */
export function similarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const setB = new Set(b);
  const shared = a.filter((w) => setB.has(w)).length;
  return shared / (a.length + b.length - shared);
}
