// Signing of generic-webhook alerts, the same scheme as the helpdesk connector's, so one receiver verifies both:
//   X-Handoff-Timestamp: <unix seconds>
//   X-Handoff-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
//   X-Handoff-Delivery:  <delivery id; the same on every retry, for the receiver to drop repeats>
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'X-Handoff-Timestamp';
export const SIGNATURE_HEADER = 'X-Handoff-Signature';
export const DELIVERY_HEADER = 'X-Handoff-Delivery';

const hmacHex = (secret: string, timestamp: number | string, body: string) => createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');

/** The headers of one attempt (re-signed on every attempt, with the same delivery id). */
export function webhookHeaders(secret: string, body: string, deliveryId: string, now: Date): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: `v1=${hmacHex(secret, timestamp, body)}`, [DELIVERY_HEADER]: deliveryId };
}

/** What a receiver checks: the signature over the raw body and a timestamp within the tolerance (default 300 s). */
export function verifyWebhook(secret: string, body: string, timestamp: string | undefined, signature: string | undefined, now: Date, toleranceSeconds = 300): boolean {
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(`v1=${hmacHex(secret, timestamp, body)}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
