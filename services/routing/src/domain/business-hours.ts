// When a team is open: its weekly hours and holidays, read in the team's own time zone, as real instants. Pure: every
// instant comes in as an argument. Business time is counted in real elapsed time, so a 09:00-17:00 day is 8 hours
// even on a DST Sunday, and a 00:00-24:00 day is 23 or 25 hours on the days the clocks change.
import type { TeamCalendar } from './policy/schema';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const DAY_MINUTES = 1440;
/** A calendar without any open time in this many consecutive local days is treated as never open (e.g. `hours: {}`). */
const MAX_CLOSED_DAYS = 400;
/** Hard stop for addBusinessHours, so a huge number of hours on a sparse calendar cannot keep the loop going. */
const MAX_DAYS = 100 * 366;

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
type Weekday = (typeof WEEKDAYS)[number];

interface CivilDate {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
}

/** Minutes from local midnight; `end` > 1440 for a range that runs past midnight ("22:00-02:00"). */
type Range = readonly [start: number, end: number];

interface Interval {
  /** Epoch milliseconds, start inclusive, end exclusive. */
  start: number;
  end: number;
}

// Building an Intl.DateTimeFormat is far slower than using one; a calendar is read thousands of times.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Intl formatters are costly to build: one per time zone and purpose, kept. */
export function cachedFormatter(timeZone: string, purpose: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${purpose}\u0000${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, ...options });
    formatters.set(key, f);
  }
  return f;
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  return cachedFormatter(timeZone, 'calendar', { hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
}

/** The zone's wall clock at an instant, written as if it were a UTC time (epoch ms, whole seconds). */
function wallClock(timeZone: string, instant: number): number {
  const fields: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) fields[part.type] = Number(part.value);
  // `% 24`: some ICU versions still say 24 for midnight despite h23.
  return Date.UTC(fields.year!, fields.month! - 1, fields.day!, fields.hour! % 24, fields.minute!, fields.second!);
}

/** UTC offset of the zone at an instant, in ms (Paris in winter: +3 600 000). */
function offsetAt(timeZone: string, instant: number): number {
  const whole = Math.floor(instant / 1000) * 1000;
  return wallClock(timeZone, whole) - whole;
}

function civil(utcMs: number): CivilDate {
  const d = new Date(utcMs);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function addDays(date: CivilDate, days: number): CivilDate {
  return civil(Date.UTC(date.year, date.month - 1, date.day + days));
}

function weekdayOf(date: CivilDate): Weekday {
  return WEEKDAYS[new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay()]!;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const isoDate = (date: CivilDate) => `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;

/** The team's local date at an instant, "YYYY-MM-DD" (the form holidays are written in). */
export function localDate(timeZone: string, at: Date): string {
  return isoDate(civil(wallClock(timeZone, at.getTime())));
}

/**
 * The first instant whose local time is `minute` minutes after midnight of `date`. A wall time skipped by a DST
 * change (02:30 on a spring-forward night) gives the instant of the change (03:00 new time): that is when a range
 * written from 02:30 can actually start. A wall time that happens twice (autumn) gives its first occurrence.
 */
function instantOf(timeZone: string, date: CivilDate, minute: number): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minute * MINUTE_MS;
  // The offsets a day before and after: real zones never change twice within two days.
  const before = offsetAt(timeZone, wall - DAY_MS);
  const after = offsetAt(timeZone, wall + DAY_MS);
  const valid = [wall - before, wall - after].filter((instant) => offsetAt(timeZone, instant) === wall - instant);
  if (valid.length > 0) return Math.min(...valid);
  // In the gap: find the change itself, the first instant on the new offset.
  let lo = wall - after;
  let hi = wall - before;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(timeZone, mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

function minutesOf(clock: string, text: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(clock);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || hours > 24 || minutes > 59 || (hours === 24 && minutes > 0)) throw new Error(`expected opening hours "HH:MM-HH:MM", got "${text}"`);
  return hours * 60 + minutes;
}

function parseRange(text: string): Range {
  const [from, to, ...rest] = text.split('-');
  if (from === undefined || to === undefined || rest.length > 0) throw new Error(`expected opening hours "HH:MM-HH:MM", got "${text}"`);
  const start = minutesOf(from, text);
  const end = minutesOf(to, text);
  if (start >= DAY_MINUTES) throw new Error(`opening hours cannot start at 24:00, got "${text}"`);
  // An end at or before the start runs past midnight: "22:00-02:00" is a night shift, "00:00-00:00" the whole day.
  return [start, end > start ? end : end + DAY_MINUTES];
}

interface ParsedCalendar {
  timeZone: string;
  /** `hours` absent: 00:00-24:00 every day (holidays still close). */
  weekly: Record<Weekday, Range[]>;
  holidays: Set<string>;
  alwaysOpen: boolean;
}

function parse(calendar: TeamCalendar): ParsedCalendar {
  const weekly = {} as Record<Weekday, Range[]>;
  for (const day of WEEKDAYS) weekly[day] = calendar.hours ? (calendar.hours[day] ?? []).map(parseRange) : [[0, DAY_MINUTES]];
  const holidays = new Set(calendar.holidays ?? []);
  return { timeZone: calendar.time_zone, weekly, holidays, alwaysOpen: !calendar.hours && holidays.size === 0 };
}

/** Open intervals of the ranges that start on `date`, in start order. */
function dayIntervals(calendar: ParsedCalendar, date: CivilDate): Interval[] {
  if (calendar.holidays.has(isoDate(date))) return [];
  const ranges = calendar.weekly[weekdayOf(date)];
  if (ranges.length === 0) return [];
  const nextIsHoliday = calendar.holidays.has(isoDate(addDays(date, 1)));
  const at = (minute: number) => instantOf(calendar.timeZone, addDays(date, Math.floor(minute / DAY_MINUTES)), minute % DAY_MINUTES);
  const intervals: Interval[] = [];
  for (const [start, rangeEnd] of ranges) {
    // A holiday is closed all day, even to a night shift that began the evening before.
    const end = nextIsHoliday ? Math.min(rangeEnd, DAY_MINUTES) : rangeEnd;
    const interval = { start: at(start), end: at(end) };
    // Empty when the whole range falls in a DST gap.
    if (interval.end > interval.start) intervals.push(interval);
  }
  return intervals.sort((a, b) => a.start - b.start);
}

/**
 * Open intervals in start order, from the local day before `from` (its night shift may still be running). Intervals
 * may overlap (a night shift and the next morning's range); callers walk them with a cursor rather than merging, so
 * no look-ahead is needed. Stops after MAX_CLOSED_DAYS closed days in a row, or after `maxDays` days.
 */
function* openIntervals(calendar: ParsedCalendar, from: number, maxDays: number): Generator<Interval> {
  let date = addDays(civil(wallClock(calendar.timeZone, from)), -1);
  let closedDays = 0;
  for (let i = 0; i < maxDays && closedDays < MAX_CLOSED_DAYS; i++, date = addDays(date, 1)) {
    const intervals = dayIntervals(calendar, date);
    closedDays = intervals.length === 0 ? closedDays + 1 : 0;
    yield* intervals;
  }
}

/** Whether the team is open at `at`. */
export function isOpen(calendar: TeamCalendar, at: Date): boolean {
  const parsed = parse(calendar);
  if (parsed.alwaysOpen) return true;
  const t = at.getTime();
  // Only yesterday's and today's ranges can cover `at`.
  for (const interval of openIntervals(parsed, t, 2)) if (interval.start <= t && t < interval.end) return true;
  return false;
}

/** `at` itself when open, else when the team next opens; undefined when it never opens (e.g. `hours: {}`). */
export function nextOpening(calendar: TeamCalendar, at: Date): Date | undefined {
  const parsed = parse(calendar);
  const t = at.getTime();
  if (parsed.alwaysOpen) return new Date(t);
  for (const interval of openIntervals(parsed, t, MAX_CLOSED_DAYS + 2)) if (interval.end > t) return new Date(Math.max(interval.start, t));
  return undefined;
}

/**
 * The instant at which `hours` of open time have elapsed since `from`, skipping nights, weekends and holidays. When
 * the last hour ends exactly at closing time, the result is the closing time. `hours` 0 gives `from` itself.
 * Throws when the calendar never opens.
 */
export function addBusinessHours(calendar: TeamCalendar, from: Date, hours: number): Date {
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`expected a number of business hours >= 0, got ${hours}`);
  const parsed = parse(calendar);
  let remaining = Math.round(hours * HOUR_MS);
  let cursor = from.getTime();
  if (remaining === 0) return new Date(cursor);
  if (parsed.alwaysOpen) return new Date(cursor + remaining);
  let sawOpenTime = false;
  for (const interval of openIntervals(parsed, cursor, MAX_DAYS)) {
    sawOpenTime = true;
    const start = Math.max(interval.start, cursor);
    // Already counted (overlapping ranges) or before `from`.
    if (interval.end <= start) continue;
    if (interval.end - start >= remaining) return new Date(start + remaining);
    remaining -= interval.end - start;
    cursor = interval.end;
  }
  throw new Error(
    sawOpenTime
      ? `team calendar (${calendar.time_zone}) has no open time for ${MAX_CLOSED_DAYS} days in a row after ${new Date(cursor).toISOString()}, or ${hours} business hours run past ${MAX_DAYS / 366} years: check its hours and holidays`
      : `team calendar (${calendar.time_zone}) is never open: no open time in ${MAX_CLOSED_DAYS} days from ${from.toISOString()}; check its hours and holidays`,
  );
}
