// Idempotency keys derived only from what they protect: a redelivered event yields the same key.
import { deterministicId } from '@handoff/core';

/** `action` is "create" or "update:<sequence>". */
export const idempotencyKey = (handoffId: string, target: string, action: string): string => deterministicId('hc', handoffId, target, action);
