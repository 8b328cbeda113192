// Reply commitments for handoffs that become async tickets: the deadline in the team's business hours, and the plain
// words the customer is told. Pure: `from` and `now` come in as arguments.
import { addBusinessHours, cachedFormatter, localDate } from './business-hours';
import type { RoutingPolicy, TeamCalendar } from './policy/schema';

/** Business hours promised to a tier: its override in `sla.tiers`, else `sla.business_hours`. */
export function slaBusinessHours(policy: RoutingPolicy, tier: string): number {
  // hasOwn: a tier named like an Object.prototype member ("constructor") must not pick that up.
  return Object.hasOwn(policy.sla.tiers, tier) ? policy.sla.tiers[tier]!.business_hours : policy.sla.business_hours;
}

/** When the team owes the customer a reply: the tier's business hours over the team's calendar, counted from `from`. */
export function slaDeadline(policy: RoutingPolicy, team: string, tier: string, from: Date): Date {
  if (!Object.hasOwn(policy.teams, team)) throw new Error(`no team "${team}" in the routing policy (known: ${Object.keys(policy.teams).join(', ')})`);
  return addBusinessHours(policy.teams[team]!, from, slaBusinessHours(policy, tier));
}

// Fixed locale and explicit parts, so the words do not depend on the server's locale.
function formatter(timeZone: string): Intl.DateTimeFormat {
  return cachedFormatter(timeZone, 'sla', { hourCycle: 'h23', weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: 'numeric' });
}

interface LocalReading {
  weekday: string;
  month: string;
  day: number;
  year: number;
  hour: number;
  minute: number;
}

function read(timeZone: string, at: Date): LocalReading {
  const fields: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(at)) fields[part.type] = part.value;
  return { weekday: fields.weekday!, month: fields.month!, day: Number(fields.day), year: Number(fields.year), hour: Number(fields.hour) % 24, minute: Number(fields.minute) };
}

/** Local calendar days from `now` to `at` in the zone (0 = same day), whatever the DST offsets. */
function daysBetween(timeZone: string, now: Date, at: Date): number {
  const day = (d: Date) => Date.parse(`${localDate(timeZone, d)}T00:00:00Z`);
  return Math.round((day(at) - day(now)) / 86_400_000);
}

/** "today", "tomorrow", "on Monday" within the week, else "on Monday, December 7" (with the year if not this one). */
function dayWords(timeZone: string, at: Date, now: Date): string {
  const days = daysBetween(timeZone, now, at);
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  const local = read(timeZone, at);
  if (days > 1 && days < 7) return `on ${local.weekday}`;
  const year = local.year === read(timeZone, now).year ? '' : `, ${local.year}`;
  return `on ${local.weekday}, ${local.month} ${local.day}${year}`;
}

function clockWords(hour: number, minute: number): string {
  if (hour === 12 && minute === 0) return 'noon';
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${h12}${minute === 0 ? '' : `:${String(minute).padStart(2, '0')}`} ${hour < 12 ? 'a.m.' : 'p.m.'}`;
}

function durationWords(hours: number, calendar: TeamCalendar): string {
  const rounded = Math.round(hours * 10) / 10;
  // A team open around the clock has no "business" hours to speak of.
  const unit = !calendar.hours && (calendar.holidays ?? []).length === 0 ? 'hour' : 'business hour';
  return `within ${rounded} ${unit}${rounded === 1 ? '' : 's'}`;
}

/**
 * The commitment in plain words for the customer, e.g. "within 4 business hours, by 1 p.m. tomorrow (Europe/Paris)".
 * Times are the team's local time; `businessHours` adds the "within ..." part. A deadline at midnight reads as the
 * end of the day before ("by the end of Friday"), which is how people say it.
 */
export function describeSla(deadline: Date, calendar: TeamCalendar, now: Date, businessHours?: number): string {
  const timeZone = calendar.time_zone;
  const local = read(timeZone, deadline);
  const when =
    local.hour === 0 && local.minute === 0
      ? `by the end of ${dayWords(timeZone, new Date(deadline.getTime() - 60_000), now).replace(/^on /, '')}`
      : `by ${clockWords(local.hour, local.minute)} ${dayWords(timeZone, deadline, now)}`;
  const within = businessHours === undefined ? '' : `${durationWords(businessHours, calendar)}, `;
  return `${within}${when} (${timeZone})`;
}
