import { routingPolicySchema } from '../src/domain/policy/schema';
import { describeSla, slaBusinessHours, slaDeadline } from '../src/domain/sla';

const office = { mon: ['09:00-17:00'], tue: ['09:00-17:00'], wed: ['09:00-17:00'], thu: ['09:00-17:00'], fri: ['09:00-17:00'] };

const policy = routingPolicySchema.parse({
  version: 'test-1',
  teams: {
    billing: { display_name: 'Billing', time_zone: 'Europe/Paris', hours: office, holidays: ['2026-12-25'] },
    support: { display_name: 'Support', time_zone: 'UTC' },
  },
  queues: {
    billing: { team: 'billing', agents: 'skills.billing >= 1' },
    general: { team: 'support', agents: 'skills.general >= 1' },
  },
  workflow: [{ name: 'default', steps: [{ queue: 'billing', timeout_seconds: 60 }, { queue: 'general' }] }],
  sla: { business_hours: 8, tiers: { vip: { business_hours: 4 } } },
});

const billing = policy.teams.billing!;
const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();

// November 2026: Paris is UTC+1. Monday 23 November.
describe('slaDeadline', () => {
  it('gives a standard customer 8 business hours of the team’s calendar', () => {
    // Monday 14:00 in Paris: 3 hours on Monday, 5 on Tuesday.
    expect(iso(slaDeadline(policy, 'billing', 'standard', at('2026-11-23T13:00:00Z')))).toBe('2026-11-24T13:00:00.000Z');
  });

  it('gives a tier its own commitment', () => {
    expect(slaBusinessHours(policy, 'vip')).toBe(4);
    expect(iso(slaDeadline(policy, 'billing', 'vip', at('2026-11-23T13:00:00Z')))).toBe('2026-11-24T09:00:00.000Z'); // Tue 10:00
  });

  it('counts from the next opening when the handoff comes in over the weekend', () => {
    expect(iso(slaDeadline(policy, 'billing', 'vip', at('2026-11-28T15:00:00Z')))).toBe('2026-11-30T12:00:00.000Z'); // Mon 13:00
  });

  it('skips the team’s holidays', () => {
    // Thursday 24 December 15:00: 2 hours that day, Christmas, then 2 on Monday 28.
    expect(iso(slaDeadline(policy, 'billing', 'vip', at('2026-12-24T14:00:00Z')))).toBe('2026-12-28T10:00:00.000Z');
  });

  it('is plain hours for a team open around the clock', () => {
    expect(iso(slaDeadline(policy, 'support', 'standard', at('2026-11-28T20:00:00Z')))).toBe('2026-11-29T04:00:00.000Z');
  });

  it('uses the default for a tier without an override, even one named like an object property', () => {
    expect(slaBusinessHours(policy, 'enterprise')).toBe(8);
    expect(slaBusinessHours(policy, 'constructor')).toBe(8);
  });

  it('names the known teams when the team is unknown', () => {
    expect(() => slaDeadline(policy, 'legal', 'standard', at('2026-11-23T13:00:00Z'))).toThrow('no team "legal" in the routing policy (known: billing, support)');
    expect(() => slaDeadline(policy, 'constructor', 'standard', at('2026-11-23T13:00:00Z'))).toThrow(/no team "constructor"/);
  });
});

describe('describeSla', () => {
  it('says "within 4 business hours, by 1 p.m. tomorrow (Europe/Paris)"', () => {
    const now = at('2026-11-23T16:30:00Z'); // Monday 17:30, closed: the 4 hours run 09:00-13:00 on Tuesday
    const deadline = slaDeadline(policy, 'billing', 'vip', now);
    expect(describeSla(deadline, billing, now, slaBusinessHours(policy, 'vip'))).toBe('within 4 business hours, by 1 p.m. tomorrow (Europe/Paris)');
  });

  it('says "today" with minutes when the deadline is later the same day', () => {
    expect(describeSla(at('2026-11-23T14:30:00Z'), billing, at('2026-11-23T09:00:00Z'))).toBe('by 3:30 p.m. today (Europe/Paris)');
  });

  it('says morning times with a.m. and midday as noon', () => {
    expect(describeSla(at('2026-11-24T08:05:00Z'), billing, at('2026-11-23T16:00:00Z'))).toBe('by 9:05 a.m. tomorrow (Europe/Paris)');
    expect(describeSla(at('2026-11-24T11:00:00Z'), billing, at('2026-11-23T16:00:00Z'))).toBe('by noon tomorrow (Europe/Paris)');
  });

  it('names the weekday within the coming week', () => {
    // Friday afternoon → Monday.
    expect(describeSla(at('2026-11-30T10:00:00Z'), billing, at('2026-11-27T15:00:00Z'), 8)).toBe('within 8 business hours, by 11 a.m. on Monday (Europe/Paris)');
  });

  it('gives the date beyond a week, and the year when it is not this one', () => {
    expect(describeSla(at('2026-12-07T10:00:00Z'), billing, at('2026-11-27T15:00:00Z'))).toBe('by 11 a.m. on Monday, December 7 (Europe/Paris)');
    expect(describeSla(at('2027-01-08T10:00:00Z'), billing, at('2026-12-24T15:00:00Z'))).toBe('by 11 a.m. on Friday, January 8, 2027 (Europe/Paris)');
  });

  it('counts days in the team’s time zone, not in UTC', () => {
    // 23:30 UTC Monday is already 00:30 Tuesday in Paris, so Tuesday 10:00 is "today" for the team.
    expect(describeSla(at('2026-11-24T09:00:00Z'), billing, at('2026-11-23T23:30:00Z'))).toBe('by 10 a.m. today (Europe/Paris)');
  });

  it('says a deadline at midnight is the end of the day before', () => {
    const support = policy.teams.support!;
    expect(describeSla(at('2026-11-24T00:00:00Z'), support, at('2026-11-23T10:00:00Z'), 14)).toBe('within 14 hours, by the end of today (UTC)');
    expect(describeSla(at('2026-11-28T00:00:00Z'), support, at('2026-11-23T10:00:00Z'))).toBe('by the end of Friday (UTC)');
  });

  it('says "hour" for one, and rounds odd fractions', () => {
    expect(describeSla(at('2026-11-23T10:00:00Z'), billing, at('2026-11-23T09:00:00Z'), 1)).toBe('within 1 business hour, by 11 a.m. today (Europe/Paris)');
    expect(describeSla(at('2026-11-23T10:00:00Z'), billing, at('2026-11-23T09:00:00Z'), 1.25)).toBe('within 1.3 business hours, by 11 a.m. today (Europe/Paris)');
  });

  it('uses the team’s clock across a DST change', () => {
    // Friday 27 March 2026 is CET, Monday 30 March CEST: 09:00 UTC is 11 a.m. in Paris.
    expect(describeSla(at('2026-03-30T09:00:00Z'), billing, at('2026-03-27T14:00:00Z'), 4)).toBe('within 4 business hours, by 11 a.m. on Monday (Europe/Paris)');
  });
});
