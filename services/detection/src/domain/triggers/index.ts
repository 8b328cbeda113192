// Every trigger, in the order that picks the reason when several fire on one event.
import { combinedScoreTrigger } from './combined-score';
import { explicitRequestTrigger } from './explicit-request-trigger';
import { hardCategoryTrigger } from './hard-category';
import { timeLimitTrigger, turnLimitTrigger } from './limits';
import { loopAnswerTrigger, loopQuestionTrigger } from './loop';
import { lowConfidenceTrigger } from './low-confidence';
import { segmentTrigger } from './segment';
import { sentimentDropTrigger, sentimentPersistentTrigger } from './sentiment';
import type { Trigger } from './types';

export const TRIGGERS_BY_PRIORITY: readonly Trigger[] = [
  explicitRequestTrigger,
  segmentTrigger,
  hardCategoryTrigger,
  sentimentDropTrigger,
  loopQuestionTrigger,
  sentimentPersistentTrigger,
  lowConfidenceTrigger,
  loopAnswerTrigger,
  turnLimitTrigger,
  timeLimitTrigger,
  combinedScoreTrigger,
];

export { timeLimitDueAt } from './limits';
export type { TriggerContext, TriggerHit } from './types';
