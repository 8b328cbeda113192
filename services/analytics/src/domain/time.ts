// Time buckets of the measures, all in UTC: hours (the stored grain), days and weeks starting on Monday.
export type BucketWidth = 'hour' | 'day' | 'week';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export const hourOf = (at: Date): Date => new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
export const dayOf = (at: Date): Date => new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);

export function bucketStart(at: Date, width: BucketWidth): Date {
  if (width === 'hour') return hourOf(at);
  const day = dayOf(at);
  if (width === 'day') return day;
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * DAY_MS);
}

export function nextBucket(start: Date, width: BucketWidth): Date {
  return new Date(start.getTime() + (width === 'hour' ? HOUR_MS : width === 'day' ? DAY_MS : 7 * DAY_MS));
}

/** Every bucket start overlapping [start, end). */
export function bucketStarts(start: Date, end: Date, width: BucketWidth): Date[] {
  const starts: Date[] = [];
  for (let b = bucketStart(start, width); b < end; b = nextBucket(b, width)) starts.push(b);
  return starts;
}

/** Reports work on whole hours: the range is widened to the hours it touches. */
export function wholeHours(start: Date, end: Date): { start: Date; end: Date } {
  const s = hourOf(start);
  const e = hourOf(end).getTime() === end.getTime() ? end : new Date(hourOf(end).getTime() + HOUR_MS);
  return { start: s, end: e };
}

export const secondsBetween = (from: Date, to: Date): number => Math.max(0, (to.getTime() - from.getTime()) / 1000);
