import { extractFeatures, type Features } from '../src/domain/classifiers/features';
import { parseLexicon, readLexicon, withLexiconFeatures } from '../src/domain/classifiers/lexicon';

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

  describe('compound valence (VADER-style)', () => {
    const compound = (text: string): number => readLexicon(NONE, text, lexicon).compound;

    it('is 0 without lexicon words and sum / sqrt(sum^2 + 15) otherwise', () => {
      expect(compound('where is my order')).toBe(0);
      expect(compound('bad')).toBeCloseTo(-2.5 / Math.sqrt(2.5 * 2.5 + 15));
      expect(compound('good')).toBeGreaterThan(0);
    });

    it('negation flips and damps a word (x -0.74)', () => {
      const v = 1.9 * -0.74;
      expect(compound('not good')).toBeCloseTo(v / Math.sqrt(v * v + 15));
    });

    it('intensifiers and exclamation marks push further from zero', () => {
      expect(compound('very bad')).toBeLessThan(compound('bad'));
      expect(compound('bad!!')).toBeLessThan(compound('bad'));
      expect(compound('good!!')).toBeGreaterThan(compound('good'));
    });

    it('after "but" counts more than before it', () => {
      expect(compound('good but bad')).toBeLessThan(0);
      expect(compound('bad but good')).toBeGreaterThan(0);
    });

    it('reads the same features as withLexiconFeatures', () => {
      const base = extractFeatures('not good but fine');
      expect([...readLexicon(base, 'not good but fine', lexicon).features.indices]).toEqual([...withLexiconFeatures(base, 'not good but fine', lexicon).indices]);
    });
  });
});
