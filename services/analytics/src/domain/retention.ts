// Retention of analytics inputs (ANALYTICS_INPUT_RETENTION_DAYS): inputs older than the cutoff are deleted, whole
// conversations at a time. An hour's cells are recomputed from its conversations' inputs and, for repeat contact, from
// the same customers' conversations in the window before, so an hour is final (never recomputed again) once that
// window may reach past the cutoff.
import { DAY_MS } from './time';

export interface RetentionSettings {
  inputRetentionDays: number;
  repeatContactDays: number;
}

/** Inputs that happened before this are deleted by the sweep. */
export function inputCutoff(now: Date, { inputRetentionDays }: RetentionSettings): Date {
  return new Date(now.getTime() - inputRetentionDays * DAY_MS);
}

/** Hours before this are final. */
export function finalBefore(now: Date, settings: RetentionSettings): Date {
  return new Date(inputCutoff(now, settings).getTime() + settings.repeatContactDays * DAY_MS);
}

/** What is wrong with the settings, for a start-up error naming the variable; undefined when they are usable. */
export function retentionProblem({ inputRetentionDays, repeatContactDays }: RetentionSettings): string | undefined {
  if (inputRetentionDays > repeatContactDays) return undefined;
  return `ANALYTICS_INPUT_RETENTION_DAYS: must be more than ANALYTICS_REPEAT_CONTACT_DAYS (${repeatContactDays}), since repeat contact reads that many days of inputs before each hour (got "${inputRetentionDays}")`;
}
