// Signing of generic-webhook deliveries, and the verification a receiver runs. Self-contained (node:crypto only)
// so receivers can copy this file as it is.
//
//   X-Handoff-Timestamp: <unix seconds>
//   X-Handoff-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
//   X-Handoff-Delivery:  <delivery id; the same on every retry of one delivery>
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'X-Handoff-Timestamp';
export const SIGNATURE_HEADER = 'X-Handoff-Signature';
export const DELIVERY_HEADER = 'X-Handoff-Delivery';
export const DEFAULT_TOLERANCE_SECONDS = 300;

function hmacHex(secret: string, timestamp: number | string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** The X-Handoff-Signature value for one body at one time. */
export function signWebhook(secret: string, timestamp: number, body: string | Buffer): string {
  return `v1=${hmacHex(secret, timestamp, body)}`;
}

/** The timestamp and signature headers of one delivery attempt (re-signed on every attempt). */
export function signatureHeaders(secret: string, body: string, now: Date): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body) };
}

/** All three headers of one delivery attempt. */
export function webhookHeaders(secret: string, body: string, deliveryId: string, now: Date): Record<string, string> {
  return { ...signatureHeaders(secret, body, now), [DELIVERY_HEADER]: deliveryId };
}

export interface VerifyInput {
  /** One secret, or several while rotating (any one may match). */
  secret: string | readonly string[];
  /** The raw request body exactly as received (before any JSON parsing). */
  body: string | Buffer;
  timestamp: string | undefined | null;
  signature: string | undefined | null;
  now?: Date;
  /** Maximum age (and clock skew into the future) of a delivery; default 300 s. */
  toleranceSeconds?: number;
}

export type VerifyResult =
  | { ok: true; timestamp: number }
  | { ok: false; reason: 'missing_headers' | 'malformed_timestamp' | 'stale_timestamp' | 'bad_signature' };

/**
 * Verifies a delivery: the signature must match the body and timestamp under the secret, and the timestamp must be
 * within the tolerance of now. A receiver must also remember X-Handoff-Delivery ids it processed (for longer than
 * the tolerance) and ignore repeats: that stops replays inside the window and makes retries harmless.
 */
export function verifyWebhookSignature(input: VerifyInput): VerifyResult {
  const { body, timestamp, signature } = input;
  if (!timestamp || !signature) return { ok: false, reason: 'missing_headers' };
  if (!/^\d{1,12}$/.test(timestamp.trim())) return { ok: false, reason: 'malformed_timestamp' };
  const ts = Number(timestamp.trim());
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - ts) > (input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return { ok: false, reason: 'stale_timestamp' };
  const secrets = typeof input.secret === 'string' ? [input.secret] : input.secret;
  const candidates = signature
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.startsWith('v1='))
    .map((s) => Buffer.from(s.slice(3), 'utf8'));
  for (const secret of secrets) {
    const expected = Buffer.from(hmacHex(secret, timestamp.trim(), body), 'utf8');
    if (candidates.some((c) => c.length === expected.length && timingSafeEqual(c, expected))) return { ok: true, timestamp: ts };
  }
  return { ok: false, reason: 'bad_signature' };
}
