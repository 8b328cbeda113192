// When to retry a helpdesk request, and when to give up: pure decisions, unit-tested without a network.

export interface HttpRetryPolicy {
  /** Total tries of one request, including the first. */
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for in-process: the message is retried by the consumer instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_HTTP_RETRY: HttpRetryPolicy = { attempts: 4, initialDelayMs: 500, maxDelayMs: 10_000, maxRetryAfterMs: 30_000 };

export type AttemptOutcome =
  | { kind: 'response'; status: number; retryAfter?: string | null }
  | { kind: 'timeout' }
  | { kind: 'network'; message: string };

export type RetryDecision =
  | { action: 'done' }
  | { action: 'retry'; delayMs: number }
  /** Retrying this request can never succeed: the request or the configuration is wrong. */
  | { action: 'permanent'; code: 'INVALID_ARGUMENT' | 'FAILED_PRECONDITION'; reason: string }
  /** Transient, but out of tries here: the error propagates and the consumer retries the message later. */
  | { action: 'exhausted'; reason: string };

/** Status codes worth retrying: rate limits, timeouts, conflicts with a request still in progress, server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;
}

/** Retry-After as milliseconds from now: delta seconds or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}

/** Exponential backoff with ±20% jitter for retry number `retry` (1-based). */
export function backoffMs(policy: HttpRetryPolicy, retry: number, random: () => number = Math.random): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (retry - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

const describe = (outcome: AttemptOutcome): string =>
  outcome.kind === 'response' ? `HTTP ${outcome.status}` : outcome.kind === 'timeout' ? 'timed out' : `network error: ${outcome.message}`;

/** What to do after attempt number `attempt` (1-based) ended with `outcome`. */
export function decideRetry(outcome: AttemptOutcome, attempt: number, policy: HttpRetryPolicy, now: Date, random: () => number = Math.random): RetryDecision {
  if (outcome.kind === 'response') {
    const { status } = outcome;
    if (status >= 200 && status < 300) return { action: 'done' };
    if (!isRetryableStatus(status)) {
      // 401/403: credentials or permissions; 404: the ticket or conversation is gone. Both need an operator.
      const code = status === 401 || status === 403 || status === 404 ? 'FAILED_PRECONDITION' : 'INVALID_ARGUMENT';
      return { action: 'permanent', code, reason: describe(outcome) };
    }
  }
  if (attempt >= policy.attempts) return { action: 'exhausted', reason: `${describe(outcome)} after ${attempt} attempts` };
  const retryAfter = outcome.kind === 'response' ? parseRetryAfter(outcome.retryAfter, now) : undefined;
  if (retryAfter !== undefined) {
    if (retryAfter > policy.maxRetryAfterMs) return { action: 'exhausted', reason: `${describe(outcome)}; Retry-After ${Math.ceil(retryAfter / 1000)} s is too long to wait` };
    return { action: 'retry', delayMs: retryAfter };
  }
  return { action: 'retry', delayMs: backoffMs(policy, attempt, random) };
}
