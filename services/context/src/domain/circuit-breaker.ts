// A circuit breaker per account provider: after repeated failures the provider is skipped for a cool-down instead of
// making every handoff wait for its deadline. Pure: the clock is passed in.

export interface BreakerSettings {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit skips the provider before one trial call is let through. */
  coolDownMs: number;
}

export const DEFAULT_BREAKER: BreakerSettings = { failureThreshold: 5, coolDownMs: 30_000 };

export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | undefined;
  private trialInFlight = false;

  constructor(private readonly settings: BreakerSettings = DEFAULT_BREAKER) {}

  /** Whether a call may be made now; in half-open state only one trial call is allowed. */
  allow(now: Date): boolean {
    if (this.openedAt === undefined) return true;
    if (now.getTime() - this.openedAt < this.settings.coolDownMs || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  succeeded(): void {
    this.failures = 0;
    this.openedAt = undefined;
    this.trialInFlight = false;
  }

  failed(now: Date): void {
    this.failures += 1;
    this.trialInFlight = false;
    if (this.failures >= this.settings.failureThreshold || this.openedAt !== undefined) this.openedAt = now.getTime();
  }

  get state(): 'closed' | 'open' {
    return this.openedAt === undefined ? 'closed' : 'open';
  }
}
