// Pure building blocks for domain code: the injected clock and deterministic ids.
import { createHash } from 'node:crypto';

/** Time is injected everywhere so that timer logic is tested without sleeping. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string = '2026-01-01T00:00:00Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current += ms;
  }

  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }
}

/**
 * An id derived only from its parts: replaying the same input yields the same id, so downstream consumers
 * deduplicate by it. `prefix` says what kind of thing it names (ho_ for handoffs, ru_ for routing updates...).
 */
export function deterministicId(prefix: string, ...parts: Array<string | number>): string {
  const digest = createHash('sha256').update(parts.join('\u001f')).digest('base64url');
  return `${prefix}_${digest.slice(0, 22)}`;
}

export const handoffIdFor = (conversationId: string, escalationSequence: number): string =>
  deterministicId('ho', conversationId, escalationSequence);

export { fingerprint, similarity } from './text-similarity';

/** A small, fast seeded random generator (mulberry32): the same seed gives the same sequence, for reproducible
 * training splits, simulations and property tests. Returns numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
