// When a failed delivery is tried again, and when it is given up: pure decisions over the policy's retry settings.

export interface RetrySettings {
  /** Tries in all, including the first. */
  attempts: number;
  initial_delay_seconds: number;
  max_delay_seconds: number;
}

/** How one attempt went. `permanent`: trying again can never help (a 4xx, an SMTP 5xx, no address). */
export type SendOutcome = { ok: true } | { ok: false; permanent: boolean; error: string };

export type DeliveryStep = { action: 'delivered' } | { action: 'retry'; delayMs: number } | { action: 'failed'; error: string };

/** After attempt number `attempts` (1-based) ended with `outcome`. Backoff doubles, capped, with ±20% jitter. */
export function nextStep(outcome: SendOutcome, attempts: number, retry: RetrySettings, random: () => number = Math.random): DeliveryStep {
  if (outcome.ok) return { action: 'delivered' };
  if (outcome.permanent) return { action: 'failed', error: outcome.error };
  if (attempts >= retry.attempts) return { action: 'failed', error: `${outcome.error} (gave up after ${attempts} attempts)` };
  const base = Math.min(retry.max_delay_seconds, retry.initial_delay_seconds * 2 ** (attempts - 1)) * 1000;
  return { action: 'retry', delayMs: Math.round(base * (0.8 + 0.4 * random())) };
}

/** Errors are recorded and logged, but never with an address in them (SMTP replies often quote the recipient). */
export const withoutAddresses = (error: string): string => error.replace(/[^\s<>@"']+@[^\s<>@"']+/g, '<address>').slice(0, 500);
