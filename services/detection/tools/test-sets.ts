// Written test sets (services/detection/test-sets/*.tsv, see the README there): customer messages with one label
// each, written for this project apart from the models, the rules and the public data. eval:detection reports on
// them; train.ts never reads them. Each line is `label<TAB>text`.

import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { CATEGORIES, type Category } from '../src/domain/category';
import { SENTIMENT_LABELS, type SentimentLabel } from '../src/domain/classifiers/types';
import type { DataRecord } from './data';

export const TEST_SET_DIR = path.resolve(__dirname, '../test-sets');

/** What the reports need of a labelled text; `source` names the test set. */
export type LabelledText = Pick<DataRecord, 'text' | 'original' | 'category' | 'human' | 'sentiment'> & { source: string };

export interface WrittenTestSets {
  category: LabelledText[];
  sentiment: LabelledText[];
  /** One set per human-request-*.tsv file, by file name. */
  human: Array<{ name: string; records: LabelledText[] }>;
}

function rows(file: string): Array<{ label: string; text: string }> {
  return readFileSync(path.join(TEST_SET_DIR, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      const [label, text, ...rest] = line.split('\t');
      if (!label || !text || rest.length > 0) throw new Error(`${file}:${i + 1}: expected label<TAB>text`);
      return { label, text };
    });
}

function labelOf<T extends string>(file: string, label: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(label)) throw new Error(`${file}: unknown label ${label}`);
  return label as T;
}

export function loadWrittenTestSets(): WrittenTestSets {
  const category = rows('category.tsv').map(({ label, text }) => ({
    text,
    source: 'category.tsv',
    original: label,
    category: labelOf<Category>('category.tsv', label, CATEGORIES),
  }));
  const sentiment = rows('sentiment.tsv').map(({ label, text }) => ({
    text,
    source: 'sentiment.tsv',
    original: label,
    sentiment: labelOf<SentimentLabel>('sentiment.tsv', label, SENTIMENT_LABELS),
  }));
  const human = readdirSync(TEST_SET_DIR)
    .filter((f) => /^human-request-.*\.tsv$/.test(f))
    .sort()
    .map((name) => ({
      name,
      records: rows(name).map(({ label, text }) => ({ text, source: name, original: label, human: labelOf(name, label, ['0', '1']) === '1' })),
    }));
  return { category, sentiment, human };
}
