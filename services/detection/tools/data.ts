// Loads the public labelled data (read-only: ../shared/data beside the repository, or DETECTION_DATA_DIR) and the hand-written seed
// set (models/seed/*.jsonl) into one list of records with the three classifiers' labels and a deterministic split.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Category } from '../src/domain/category';
import { hashString, normalize } from '../src/domain/classifiers/features';
import type { SentimentLabel } from '../src/domain/classifiers/types';
import {
  BANKING77_CATEGORY,
  banking77Sentiment,
  bitextCategory,
  bitextHumanRequest,
  bitextSentiment,
  clincCategory,
  clincSentiment,
  goemotionsSentiment,
} from './label-maps';

/** shared/ sits beside the repository checkout (as in CI); DETECTION_DATA_DIR overrides. */
export const DATA_DIR = process.env['DETECTION_DATA_DIR'] || path.resolve(__dirname, '../../../../shared/data');
export const MODEL_DIR = path.resolve(__dirname, '../models');
export const SEED_DIR = path.join(MODEL_DIR, 'seed');

export type Source = 'bitext' | 'bitext_llm' | 'banking77' | 'goemotions' | 'clinc150' | 'seed';
export const SOURCES: Source[] = ['bitext', 'bitext_llm', 'banking77', 'goemotions', 'clinc150', 'seed'];

/** 'train' = 70%, 'val' = 10% (threshold tuning, part of the training data), 'test' = 20% held out. */
export type Split = 'train' | 'val' | 'test';

export interface DataRecord {
  text: string;
  source: Source;
  /** Original label in its data set (intent / emotions), for error analysis. */
  original: string;
  split: Split;
  sentiment?: SentimentLabel;
  category?: Category;
  human?: boolean;
}

/** Deterministic split by a hash of the normalised text: the same text always lands in the same split. */
export function splitOf(text: string): Split {
  const bucket = hashString(0x5eed, normalize(text).replace(/\s+/g, ' ').trim()) % 10;
  if (bucket < 2) return 'test';
  if (bucket === 2) return 'val';
  return 'train';
}

/** Minimal RFC 4180 CSV parser (quoted fields, doubled quotes, newlines inside quotes). */
export function parseCsv(content: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function csvObjects(file: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  return rows
    .filter((r) => r.length === header!.length)
    .map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

function record(text: string, source: Source, original: string, labels: Omit<DataRecord, 'text' | 'source' | 'original' | 'split'>): DataRecord {
  return { text, source, original, split: splitOf(text), ...labels };
}

function loadBitext(): DataRecord[] {
  const out: DataRecord[] = [];
  for (const r of csvObjects(path.join(DATA_DIR, 'bitext/bitext_20k_utterances.csv'))) {
    const text = r['utterance']!.trim();
    const intent = r['intent']!;
    out.push(
      record(text, 'bitext', intent, {
        sentiment: bitextSentiment(intent, r['flags']!, text),
        category: bitextCategory(intent, text),
        human: bitextHumanRequest(intent, text),
      }),
    );
  }
  for (const r of csvObjects(path.join(DATA_DIR, 'bitext/bitext_llm_v2.csv'))) {
    const text = r['instruction']!.trim();
    const intent = r['intent']!;
    out.push(
      record(text, 'bitext_llm', intent, {
        sentiment: bitextSentiment(intent, r['tags'] ?? '', text),
        category: bitextCategory(intent, text),
        human: bitextHumanRequest(intent, text),
      }),
    );
  }
  return out;
}

function loadBanking77(): DataRecord[] {
  // Banking77 has no sentiment labels; its intents give them: reported problems negative, questions neutral.
  return csvObjects(path.join(DATA_DIR, 'banking77/train.csv')).map((r) => {
    const text = r['text']!.trim();
    const intent = r['category']!;
    return record(text, 'banking77', intent, { category: BANKING77_CATEGORY[intent], human: false, sentiment: banking77Sentiment(intent, text) });
  });
}

function loadGoEmotions(): DataRecord[] {
  const labels = readFileSync(path.join(DATA_DIR, 'goemotions/labels.txt'), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
  const out: DataRecord[] = [];
  for (const file of ['train.tsv', 'dev.tsv'])
    for (const line of readFileSync(path.join(DATA_DIR, 'goemotions', file), 'utf8').split('\n')) {
      const [text, ids] = line.split('\t');
      if (!text || !ids) continue;
      const emotions = ids.split(',').map((i) => labels[Number(i)]!);
      // Reddit comments are not support messages: they train sentiment, are negatives for human request, and are
      // `other` for category (general language outside every support category; down-weighted, see tasks.ts).
      out.push(
        record(text.trim(), 'goemotions', emotions.join(','), { sentiment: goemotionsSentiment(emotions), human: false, category: 'other' }),
      );
    }
  return out;
}

function loadClinc(): DataRecord[] {
  const data = JSON.parse(readFileSync(path.join(DATA_DIR, 'clinc150/train_val.json'), 'utf8')) as Record<string, Array<[string, string]>>;
  const out: DataRecord[] = [];
  for (const key of ['train', 'val', 'oos_train', 'oos_val'])
    for (const [text, intent] of data[key] ?? [])
      out.push(record(text.trim(), 'clinc150', intent, { category: clincCategory(intent), sentiment: clincSentiment(intent), human: false }));
  return out;
}

interface SeedLine {
  text: string;
  category?: Category;
  human?: boolean;
  sentiment?: SentimentLabel;
}

export function loadSeed(): DataRecord[] {
  const out: DataRecord[] = [];
  for (const file of readdirSync(SEED_DIR).filter((f) => f.endsWith('.jsonl')).sort())
    for (const line of readFileSync(path.join(SEED_DIR, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const s = JSON.parse(line) as SeedLine;
      const labels: Omit<DataRecord, 'text' | 'source' | 'original' | 'split'> = {};
      if (s.category) labels.category = s.category;
      if (s.human !== undefined) labels.human = s.human;
      if (s.sentiment) labels.sentiment = s.sentiment;
      out.push(record(s.text, 'seed', file.replace(/\.jsonl$/, ''), labels));
    }
  return out;
}

/** Every record, de-duplicated by (source, normalised text), in a stable order. */
export function loadAll(): DataRecord[] {
  const all = [...loadBitext(), ...loadBanking77(), ...loadGoEmotions(), ...loadClinc(), ...loadSeed()];
  const seen = new Set<string>();
  return all.filter((r) => {
    if (!r.text) return false;
    const key = `${r.source}\u0000${normalize(r.text).replace(/\s+/g, ' ').trim()}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
