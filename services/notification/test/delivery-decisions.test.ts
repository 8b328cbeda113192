import { nextStep, withoutAddresses } from '../src/domain/delivery-retry';
import { digestDue } from '../src/domain/supervisor-digest';
import { emailDigest, slackDigest } from '../src/domain/alert-formats';
import { defaultPolicy as policy } from './policy-fixture';

const retry = { attempts: 3, initial_delay_seconds: 2, max_delay_seconds: 5 };
const fail = { ok: false as const, permanent: false, error: 'HTTP 503' };

describe('delivery retries', () => {
  it('backs off exponentially with a cap, then gives up naming the attempts', () => {
    expect(nextStep(fail, 1, retry, () => 0.5)).toEqual({ action: 'retry', delayMs: 2000 });
    expect(nextStep(fail, 2, retry, () => 0.5)).toEqual({ action: 'retry', delayMs: 4000 });
    expect(nextStep(fail, 2, { ...retry, attempts: 5 }, () => 1)).toEqual({ action: 'retry', delayMs: 4800 });
    expect(nextStep(fail, 4, { ...retry, attempts: 5 }, () => 0.5)).toEqual({ action: 'retry', delayMs: 5000 });
    expect(nextStep(fail, 3, retry)).toEqual({ action: 'failed', error: 'HTTP 503 (gave up after 3 attempts)' });
  });

  it('gives up at once on a permanent failure, and reports success', () => {
    expect(nextStep({ ok: false, permanent: true, error: 'HTTP 404' }, 1, retry)).toEqual({ action: 'failed', error: 'HTTP 404' });
    expect(nextStep({ ok: true }, 1, retry)).toEqual({ action: 'delivered' });
  });

  it('never records an address', () => {
    expect(withoutAddresses('SMTP 550: Recipient <sam.okafor@example.com> rejected')).toBe('SMTP 550: Recipient <<address>> rejected');
  });
});

describe('the supervisors’ digest', () => {
  const now = new Date('2026-11-21T10:30:00Z');
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

  it('stays quiet until the longest wait reaches the threshold (15 minutes by default)', () => {
    expect(digestDue([{ team: 'Billing', waitingSince: ago(14) }], now, policy)).toBeUndefined();
    expect(digestDue([], now, policy)).toBeUndefined();
  });

  it('summarises who waits where, longest first, once per period', () => {
    const digest = digestDue([{ team: 'Billing', waitingSince: ago(16) }, { team: 'Orders', waitingSince: ago(3) }, { team: 'Billing', waitingSince: ago(2) }], now, policy)!;
    expect(digest).toMatchObject({ waiting: 3, longestWaitSeconds: 960, teams: [{ team: 'Billing', waiting: 2, longestWaitSeconds: 960 }, { team: 'Orders', waiting: 1, longestWaitSeconds: 180 }] });
    expect(digestDue([{ team: 'Billing', waitingSince: ago(17) }], new Date(now.getTime() + 60_000), policy)?.period).toBe(digest.period);
    expect(digestDue([{ team: 'Billing', waitingSince: ago(40) }], new Date(now.getTime() + 900_000), policy)?.period).toBe(digest.period + 1);
    expect(slackDigest(digest).text).toBe('Queue digest: 3 customers waiting; the longest for 16 min');
    expect(emailDigest(digest).text).toContain('Billing: 2 waiting, longest 16 min\nOrders: 1 waiting, longest 3 min');
  });
});
