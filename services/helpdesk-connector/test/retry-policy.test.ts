import { backoffMs, decideRetry, parseRetryAfter, type HttpRetryPolicy } from '../src/domain/retry-policy';

const policy: HttpRetryPolicy = { attempts: 4, initialDelayMs: 500, maxDelayMs: 4000, maxRetryAfterMs: 30_000 };
const now = new Date('2026-11-21T10:00:00Z');
const mid = () => 0.5; // no jitter
const response = (status: number, retryAfter: string | null = null) => ({ kind: 'response' as const, status, retryAfter });

describe('HTTP retry policy', () => {
  it('is done on 2xx', () => {
    expect(decideRetry(response(200), 1, policy, now, mid)).toEqual({ action: 'done' });
    expect(decideRetry(response(201), 4, policy, now, mid)).toEqual({ action: 'done' });
  });

  it('backs off exponentially on 5xx, timeouts and network errors, capped', () => {
    expect(decideRetry(response(503), 1, policy, now, mid)).toEqual({ action: 'retry', delayMs: 500 });
    expect(decideRetry({ kind: 'timeout' }, 2, policy, now, mid)).toEqual({ action: 'retry', delayMs: 1000 });
    expect(decideRetry({ kind: 'network', message: 'ECONNREFUSED' }, 3, policy, now, mid)).toEqual({ action: 'retry', delayMs: 2000 });
    expect(backoffMs(policy, 10, mid)).toBe(4000);
    expect(backoffMs(policy, 1, () => 0)).toBe(400);
    expect(backoffMs(policy, 1, () => 1)).toBe(600);
  });

  it('gives up after the last attempt with a transient outcome (the consumer retries later)', () => {
    expect(decideRetry(response(502), 4, policy, now, mid)).toEqual({ action: 'exhausted', reason: 'HTTP 502 after 4 attempts' });
    expect(decideRetry({ kind: 'timeout' }, 4, policy, now, mid)).toEqual({ action: 'exhausted', reason: 'timed out after 4 attempts' });
  });

  it('honours Retry-After on 429 and 503, in seconds or as a date', () => {
    expect(decideRetry(response(429, '3'), 1, policy, now, mid)).toEqual({ action: 'retry', delayMs: 3000 });
    expect(decideRetry(response(503, 'Sat, 21 Nov 2026 10:00:07 GMT'), 1, policy, now, mid)).toEqual({ action: 'retry', delayMs: 7000 });
    expect(decideRetry(response(429), 1, policy, now, mid)).toEqual({ action: 'retry', delayMs: 500 });
  });

  it('does not sleep through a Retry-After longer than the cap', () => {
    expect(decideRetry(response(429, '120'), 1, policy, now, mid)).toEqual({ action: 'exhausted', reason: 'HTTP 429; Retry-After 120 s is too long to wait' });
  });

  it('treats other 4xx as permanent: bad input, or a configuration/precondition problem', () => {
    expect(decideRetry(response(400), 1, policy, now, mid)).toEqual({ action: 'permanent', code: 'INVALID_ARGUMENT', reason: 'HTTP 400' });
    expect(decideRetry(response(422), 1, policy, now, mid)).toEqual({ action: 'permanent', code: 'INVALID_ARGUMENT', reason: 'HTTP 422' });
    expect(decideRetry(response(401), 1, policy, now, mid)).toEqual({ action: 'permanent', code: 'FAILED_PRECONDITION', reason: 'HTTP 401' });
    expect(decideRetry(response(403), 1, policy, now, mid)).toEqual({ action: 'permanent', code: 'FAILED_PRECONDITION', reason: 'HTTP 403' });
    expect(decideRetry(response(404), 1, policy, now, mid)).toEqual({ action: 'permanent', code: 'FAILED_PRECONDITION', reason: 'HTTP 404' });
  });

  it('retries 408, 409 (idempotent request still in progress) and 425', () => {
    for (const status of [408, 409, 425]) expect(decideRetry(response(status), 1, policy, now, mid).action).toBe('retry');
  });

  it('parses Retry-After', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 10 ', now)).toBe(10_000);
    expect(parseRetryAfter('Sat, 21 Nov 2026 09:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
