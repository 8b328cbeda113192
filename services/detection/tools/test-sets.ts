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

/** One written test set: its file name and its labelled lines. */
export interface WrittenTestSet {
  name: string;
  records: LabelledText[];
}

/** The sets of each kind, by file name: category*.tsv, sentiment*.tsv, human-request-*.tsv. */
export interface WrittenTestSets {
  category: WrittenTestSet[];
  sentiment: WrittenTestSet[];
  human: WrittenTestSet[];
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

function setsOf(fileName: RegExp, read: (name: string, label: string, text: string) => LabelledText): WrittenTestSet[] {
  return readdirSync(TEST_SET_DIR)
    .filter((f) => fileName.test(f))
    .sort()
    .map((name) => ({ name, records: rows(name).map(({ label, text }) => read(name, label, text)) }));
}

export function loadWrittenTestSets(): WrittenTestSets {
  return {
    category: setsOf(/^category(-.*)?\.tsv$/, (name, label, text) => ({ text, source: name, original: label, category: labelOf<Category>(name, label, CATEGORIES) })),
    sentiment: setsOf(/^sentiment(-.*)?\.tsv$/, (name, label, text) => ({
      text,
      source: name,
      original: label,
      sentiment: labelOf<SentimentLabel>(name, label, SENTIMENT_LABELS),
    })),
    human: setsOf(/^human-request-.*\.tsv$/, (name, label, text) => ({ text, source: name, original: label, human: labelOf(name, label, ['0', '1']) === '1' })),
  };
}
