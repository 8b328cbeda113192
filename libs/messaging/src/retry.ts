// Bounded exponential backoff for handler retries: a failing message holds its partition for a bounded time only.

export interface RetryPolicy {
  /** Total tries including the first. */
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, initialDelayMs: 200, maxDelayMs: 3000 };

/** Delay before retry number `retry` (1-based), with ±20% jitter so replicas do not retry in lockstep. */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (retry - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}
