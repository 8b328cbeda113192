// Message classifiers (sentiment, issue category, human request): the public entry point and the model loader.
//
// Models live in services/detection/models (*.bin: deflate-compressed quantised linear models, see linear.ts; and
// sentiment-lexicon.tsv, see lexicon.ts),
// written by `npm run train:detection`. The directory is, in order: the `modelDir` argument, the
// DETECTION_MODEL_DIR environment variable, or services/detection/models relative to this file (which is right
// when running from source; an esbuild bundle must set DETECTION_MODEL_DIR or ship the models next to it).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { parseLexicon } from './lexicon';
import { decodeModel, type LinearModelData } from './linear';
import { createMessageClassifier, type ModelSet } from './message-classifier';
import type { MessageClassifier } from './types';

export type { MessageClassifier, MessageSignals, SentimentLabel } from './types';
export { VERY_NEGATIVE } from './types';
export { HARD_CATEGORIES, createMessageClassifier } from './message-classifier';

export const MODEL_FILES = {
  sentiment: 'sentiment.bin',
  category: 'category.bin',
  human: 'human.bin',
  sentimentLexicon: 'sentiment-lexicon.tsv',
} as const;

export function defaultModelDir(): string {
  return process.env['DETECTION_MODEL_DIR'] || path.resolve(__dirname, '../../../models');
}

function readModel(dir: string, file: string): LinearModelData {
  return decodeModel(inflateSync(readFileSync(path.join(dir, file))));
}

/** Reads the three models and the sentiment lexicon from `dir` (synchronously). */
export function loadModelSet(dir: string): ModelSet {
  return {
    sentiment: readModel(dir, MODEL_FILES.sentiment),
    category: readModel(dir, MODEL_FILES.category),
    human: readModel(dir, MODEL_FILES.human),
    sentimentLexicon: parseLexicon(readFileSync(path.join(dir, MODEL_FILES.sentimentLexicon), 'utf8')),
  };
}

/** Loads the models and returns a classifier. */
export function loadMessageClassifier(modelDir?: string): MessageClassifier {
  return createMessageClassifier(loadModelSet(modelDir ?? defaultModelDir()));
}
