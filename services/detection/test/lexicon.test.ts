import { extractFeatures, type Features } from '../src/domain/classifiers/features';
import { parseLexicon, withLexiconFeatures } from '../src/domain/classifiers/lexicon';

const lexicon = parseLexicon('# a comment\ngood\t1.9\nbad\t-2.5\nmeh\t-1.4\n\nfine\t0.8\n');
const NONE: Features = { indices: new Int32Array(0), value: 0 };
const lexiconOnly = (text: string): number[] => [...withLexiconFeatures(NONE, text, lexicon).indices].sort();

describe('sentiment lexicon', () => {
  it('parses word<TAB>valence lines, skipping comments and blank lines', () => {
    expect([...lexicon.entries()]).toEqual([
      ['good', 1.9],
      ['bad', -2.5],
      ['meh', -1.4],
      ['fine', 0.8],
    ]);
  });

  it('names the line of a malformed entry', () => {
    expect(() => parseLexicon('good\t1.9\nbad\n')).toThrow('sentiment lexicon line 2: expected "word<TAB>valence", got "bad"');
    expect(() => parseLexicon(':)\t2\n')).toThrow('line 1');
  });

  it('gives words of the same strength the same features, whatever the word', () => {
    expect(lexiconOnly('this is bad')).not.toEqual(lexiconOnly('this is good'));
    expect(lexiconOnly('so bad')).toEqual(lexiconOnly('really bad'));
  });

  it('flips a negated word the way VADER does: "not good" counts like a mildly negative word', () => {
    expect(lexiconOnly('not good')).toEqual(lexiconOnly('meh'));
    expect(lexiconOnly('not good')).not.toEqual(lexiconOnly('good'));
    // A clause break ends the negation.
    expect(lexiconOnly('not that, good')).toEqual(lexiconOnly('good'));
  });

  it('adds to the n-gram features and re-normalises the bag', () => {
    const base = extractFeatures('this is bad');
    const combined = withLexiconFeatures(base, 'this is bad', lexicon);
    expect(combined.indices.length).toBeGreaterThan(base.indices.length);
    expect([...combined.indices.subarray(0, base.indices.length)]).toEqual([...base.indices]);
    expect(combined.value).toBeCloseTo(1 / Math.sqrt(combined.indices.length));
  });
});
