import { addBusinessHours, isOpen, localDate, nextOpening } from '../src/domain/business-hours';
import type { TeamCalendar } from '../src/domain/policy/schema';

const calendar = (time_zone: string, hours?: TeamCalendar['hours'], holidays: string[] = []): TeamCalendar => ({ display_name: 'Team', time_zone, hours, holidays });
const weekdays = (...ranges: string[]) => ({ mon: ranges, tue: ranges, wed: ranges, thu: ranges, fri: ranges });
const at = (iso: string) => new Date(iso);
const iso = (d: Date | undefined) => d?.toISOString();

// November 2026: Paris is UTC+1 (CET), New York UTC-5 (EST). Monday 23 November.
const paris = calendar('Europe/Paris', weekdays('09:00-17:00'), ['2026-12-25']);

describe('isOpen', () => {
  it('reads the hours in the team’s time zone', () => {
    expect(isOpen(paris, at('2026-11-23T08:30:00Z'))).toBe(true); // 09:30 in Paris
    expect(isOpen(paris, at('2026-11-23T07:30:00Z'))).toBe(false); // 08:30
    expect(isOpen(paris, at('2026-11-23T16:30:00Z'))).toBe(false); // 17:30
  });

  it('opens at the start of a range and closes at its end', () => {
    expect(isOpen(paris, at('2026-11-23T08:00:00Z'))).toBe(true); // 09:00
    expect(isOpen(paris, at('2026-11-23T15:59:59Z'))).toBe(true);
    expect(isOpen(paris, at('2026-11-23T16:00:00Z'))).toBe(false); // 17:00
  });

  it('is closed on a weekday that is not listed and on a holiday', () => {
    expect(isOpen(paris, at('2026-11-28T10:00:00Z'))).toBe(false); // Saturday
    expect(isOpen(paris, at('2026-12-25T10:00:00Z'))).toBe(false); // Friday, Christmas
    expect(isOpen(paris, at('2026-12-24T10:00:00Z'))).toBe(true);
  });

  it('takes the holiday as the team’s local date, not the UTC one', () => {
    // 23:30 UTC on the 24th is already the 25th in Paris; a 24/7 team with the holiday is closed then.
    const allDay = calendar('Europe/Paris', undefined, ['2026-12-25']);
    expect(isOpen(allDay, at('2026-12-24T22:59:00Z'))).toBe(true);
    expect(isOpen(allDay, at('2026-12-24T23:30:00Z'))).toBe(false);
  });

  it('is open around the clock when hours are omitted', () => {
    const always = calendar('Asia/Tokyo');
    expect(isOpen(always, at('2026-11-22T03:00:00Z'))).toBe(true);
    expect(isOpen(always, at('2026-11-28T19:00:00Z'))).toBe(true);
  });

  it('keeps a night shift open past midnight into the next day', () => {
    const nights = calendar('Europe/Paris', { fri: ['22:00-02:00'] });
    expect(isOpen(nights, at('2026-11-27T21:30:00Z'))).toBe(true); // Friday 22:30
    expect(isOpen(nights, at('2026-11-28T00:59:00Z'))).toBe(true); // Saturday 01:59
    expect(isOpen(nights, at('2026-11-28T01:00:00Z'))).toBe(false); // Saturday 02:00
    expect(isOpen(nights, at('2026-11-26T23:30:00Z'))).toBe(false); // Friday 00:30: Thursday has no shift
  });

  it('keeps a range ending at 24:00 open until midnight', () => {
    const late = calendar('America/New_York', { mon: ['18:00-24:00'] });
    expect(isOpen(late, at('2026-11-24T04:59:00Z'))).toBe(true); // Monday 23:59
    expect(isOpen(late, at('2026-11-24T05:00:00Z'))).toBe(false); // Tuesday 00:00
  });
});

describe('nextOpening', () => {
  it('is the instant itself while open', () => {
    expect(iso(nextOpening(paris, at('2026-11-23T10:15:00Z')))).toBe('2026-11-23T10:15:00.000Z');
  });

  it('is Monday morning after a Friday evening', () => {
    expect(iso(nextOpening(paris, at('2026-11-27T18:00:00Z')))).toBe('2026-11-30T08:00:00.000Z');
  });

  it('skips a holiday', () => {
    expect(iso(nextOpening(paris, at('2026-12-24T17:00:00Z')))).toBe('2026-12-28T08:00:00.000Z');
  });

  it('is undefined when the team never opens', () => {
    expect(nextOpening(calendar('Europe/Paris', {}), at('2026-11-23T10:00:00Z'))).toBeUndefined();
    expect(nextOpening(calendar('Europe/Paris', { mon: [], tue: [] }), at('2026-11-23T10:00:00Z'))).toBeUndefined();
  });

  it('opens at the clock change when a range starts in the hour that DST skips', () => {
    // New York, Sunday 8 March 2026: 02:00 EST jumps to 03:00 EDT, so "02:30" never happens; the team opens at 03:00.
    const early = calendar('America/New_York', { sun: ['02:30-04:00'] });
    expect(iso(nextOpening(early, at('2026-03-08T05:00:00Z')))).toBe('2026-03-08T07:00:00.000Z');
  });
});

describe('addBusinessHours', () => {
  it('adds hours within the same day', () => {
    expect(iso(addBusinessHours(paris, at('2026-11-23T09:00:00Z'), 3))).toBe('2026-11-23T12:00:00.000Z'); // 10:00 → 13:00
  });

  it('adds 4 business hours across a weekend', () => {
    // Friday 15:00 in Paris: 2 hours on Friday, 2 on Monday.
    expect(iso(addBusinessHours(paris, at('2026-11-27T14:00:00Z'), 4))).toBe('2026-11-30T10:00:00.000Z');
  });

  it('ends at closing time when the hours run out exactly then', () => {
    expect(iso(addBusinessHours(paris, at('2026-11-23T12:00:00Z'), 4))).toBe('2026-11-23T16:00:00.000Z'); // 13:00 → 17:00
  });

  it('starts counting at the next opening when asked while closed', () => {
    expect(iso(addBusinessHours(paris, at('2026-11-28T10:00:00Z'), 2))).toBe('2026-11-30T10:00:00.000Z'); // Saturday → Monday 11:00
  });

  it('skips a holiday', () => {
    // Thursday 24 December 16:00: one hour that day, Friday 25 is a holiday, the second hour on Monday 28.
    expect(iso(addBusinessHours(paris, at('2026-12-24T15:00:00Z'), 2))).toBe('2026-12-28T09:00:00.000Z');
  });

  it('skips a lunch break', () => {
    const lunch = calendar('Europe/Paris', weekdays('09:00-12:30', '13:30-18:00'));
    expect(iso(addBusinessHours(lunch, at('2026-11-23T10:00:00Z'), 2))).toBe('2026-11-23T13:00:00.000Z'); // 11:00 → 14:00
  });

  it('handles fractional hours', () => {
    expect(iso(addBusinessHours(paris, at('2026-11-23T15:00:00Z'), 1.5))).toBe('2026-11-24T08:30:00.000Z'); // 16:00 → Tue 09:30
  });

  it('returns the start itself for 0 hours', () => {
    expect(iso(addBusinessHours(paris, at('2026-11-28T10:00:00Z'), 0))).toBe('2026-11-28T10:00:00.000Z');
  });

  it('adds plain hours on a 24/7 team', () => {
    expect(iso(addBusinessHours(calendar('Europe/Paris'), at('2026-11-28T10:00:00Z'), 30))).toBe('2026-11-29T16:00:00.000Z');
  });

  it('still skips holidays on a team that is otherwise open around the clock', () => {
    const always = calendar('UTC', undefined, ['2026-11-29']);
    expect(iso(addBusinessHours(always, at('2026-11-28T20:00:00Z'), 6))).toBe('2026-11-30T02:00:00.000Z');
  });

  it('is right across the Paris DST change in March', () => {
    // Friday 27 March 15:00 CET (UTC+1); Monday 30 March is CEST (UTC+2): 11:00 local is 09:00 UTC.
    expect(iso(addBusinessHours(paris, at('2026-03-27T14:00:00Z'), 4))).toBe('2026-03-30T09:00:00.000Z');
  });

  it('is right across the Paris DST change in October', () => {
    // Friday 23 October 15:00 CEST; Monday 26 October is CET: 11:00 local is 10:00 UTC.
    expect(iso(addBusinessHours(paris, at('2026-10-23T13:00:00Z'), 4))).toBe('2026-10-26T10:00:00.000Z');
  });

  it('counts the real length of the short March Sunday and the long October Sunday in Paris', () => {
    const sundays = calendar('Europe/Paris', { sun: ['00:00-24:00'] });
    // 29 March has 23 hours: all of them end at midnight, a 24th hour is the first of the next Sunday.
    expect(iso(addBusinessHours(sundays, at('2026-03-28T23:00:00Z'), 23))).toBe('2026-03-29T22:00:00.000Z');
    expect(iso(addBusinessHours(sundays, at('2026-03-28T23:00:00Z'), 24))).toBe('2026-04-04T23:00:00.000Z');
    // 25 October has 25 hours.
    expect(iso(addBusinessHours(sundays, at('2026-10-24T22:00:00Z'), 25))).toBe('2026-10-25T23:00:00.000Z');
  });

  it('is right across the New York DST changes, in office hours', () => {
    const newYork = calendar('America/New_York', weekdays('09:00-17:00'));
    // Friday 6 March 15:00 EST → Monday 9 March 11:00 EDT (UTC-4).
    expect(iso(addBusinessHours(newYork, at('2026-03-06T20:00:00Z'), 4))).toBe('2026-03-09T15:00:00.000Z');
    // Friday 30 October 15:00 EDT → Monday 2 November 11:00 EST (UTC-5).
    expect(iso(addBusinessHours(newYork, at('2026-10-30T19:00:00Z'), 4))).toBe('2026-11-02T16:00:00.000Z');
  });

  it('counts a night shift across the New York DST changes in real hours', () => {
    const nights = calendar('America/New_York', { sat: ['22:00-06:00'] });
    // 22:00 EST to 06:00 EDT is 7 hours; 22:00 EDT to 06:00 EST is 9.
    expect(iso(addBusinessHours(nights, at('2026-03-08T03:00:00Z'), 7))).toBe('2026-03-08T10:00:00.000Z');
    expect(iso(addBusinessHours(nights, at('2026-11-01T02:00:00Z'), 9))).toBe('2026-11-01T11:00:00.000Z');
    expect(iso(addBusinessHours(nights, at('2026-03-08T03:00:00Z'), 8))).toBe('2026-03-15T03:00:00.000Z'); // next shift, 23:00 EDT
  });

  it('adds across a midnight range and continues on the next shift', () => {
    const nights = calendar('Europe/Paris', { fri: ['22:00-02:00'] });
    // Friday 23:00: 3 hours to Saturday 02:00, then 2 from the next Friday 22:00.
    expect(iso(addBusinessHours(nights, at('2026-11-27T22:00:00Z'), 5))).toBe('2026-12-04T23:00:00.000Z');
  });

  it('does not count the same time twice when a night shift overlaps the next morning', () => {
    const overlap = calendar('UTC', { mon: ['20:00-10:00'], tue: ['08:00-12:00'] });
    // Monday 20:00 to Tuesday 12:00 is 16 open hours, not 18.
    expect(iso(addBusinessHours(overlap, at('2026-11-23T20:00:00Z'), 16))).toBe('2026-11-24T12:00:00.000Z');
  });

  it('ends a night shift at midnight when the next day is a holiday', () => {
    const nights = calendar('Europe/Paris', { thu: ['22:00-02:00'], fri: ['22:00-02:00'] }, ['2026-12-25']);
    // Thursday 24 December 22:00 → midnight (2 hours), the holiday, then Friday is a holiday too: next Thursday.
    expect(iso(addBusinessHours(nights, at('2026-12-24T21:00:00Z'), 3))).toBe('2026-12-31T22:00:00.000Z');
  });

  it('throws a clear error when the calendar never opens', () => {
    expect(() => addBusinessHours(calendar('Europe/Paris', {}), at('2026-11-23T10:00:00Z'), 4)).toThrow(/never open.*Europe\/Paris|Europe\/Paris.*never open/);
  });

  it('rejects a negative or non-numeric number of hours', () => {
    expect(() => addBusinessHours(paris, at('2026-11-23T10:00:00Z'), -1)).toThrow(RangeError);
    expect(() => addBusinessHours(paris, at('2026-11-23T10:00:00Z'), Number.NaN)).toThrow(RangeError);
  });
});

describe('localDate', () => {
  it('is the team’s calendar date', () => {
    expect(localDate('Europe/Paris', at('2026-12-24T23:30:00Z'))).toBe('2026-12-25');
    expect(localDate('America/New_York', at('2026-12-25T03:00:00Z'))).toBe('2026-12-24');
  });
});
