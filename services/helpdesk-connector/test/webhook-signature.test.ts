import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhookSignature, webhookHeaders } from '../src/domain/webhook-signature';

const secret = 'whsec_0123456789abcdef';
const body = '{"version":1,"type":"handoff.created","delivery_id":"hc_1"}';
const now = new Date('2026-11-21T10:00:00Z');
const ts = Math.floor(now.getTime() / 1000);

describe('webhook signature', () => {
  it('signs "{timestamp}.{body}" with HMAC-SHA256, hex, prefixed v1=', () => {
    const expected = createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex');
    expect(signWebhook(secret, ts, body)).toBe(`v1=${expected}`);
    expect(webhookHeaders(secret, body, 'hc_1', now)).toEqual({ 'X-Handoff-Timestamp': String(ts), 'X-Handoff-Signature': `v1=${expected}`, 'X-Handoff-Delivery': 'hc_1' });
  });

  const headers = webhookHeaders(secret, body, 'hc_1', now);
  const verify = (over: Partial<Parameters<typeof verifyWebhookSignature>[0]> = {}) =>
    verifyWebhookSignature({ secret, body, timestamp: headers['X-Handoff-Timestamp'], signature: headers['X-Handoff-Signature'], now, ...over });

  it('accepts a genuine delivery, also a few minutes later and as a Buffer', () => {
    expect(verify()).toEqual({ ok: true, timestamp: ts });
    expect(verify({ now: new Date(now.getTime() + 299_000) }).ok).toBe(true);
    expect(verify({ body: Buffer.from(body) }).ok).toBe(true);
  });

  it('rejects a wrong secret', () => {
    expect(verify({ secret: 'whsec_another_secret_value' })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('accepts any of several secrets while rotating', () => {
    expect(verify({ secret: ['whsec_new_secret_0000000', secret] }).ok).toBe(true);
  });

  it('rejects a tampered body', () => {
    expect(verify({ body: body.replace('created', 'updated') })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects a tampered timestamp (the signature covers it)', () => {
    expect(verify({ timestamp: String(ts + 1) })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects a stale (replayed) or future timestamp beyond the tolerance', () => {
    expect(verify({ now: new Date(now.getTime() + 301_000) })).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(verify({ now: new Date(now.getTime() - 301_000) })).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(verify({ now: new Date(now.getTime() + 61_000), toleranceSeconds: 60 })).toEqual({ ok: false, reason: 'stale_timestamp' });
  });

  it('rejects missing or malformed headers', () => {
    expect(verify({ signature: undefined })).toEqual({ ok: false, reason: 'missing_headers' });
    expect(verify({ timestamp: '' })).toEqual({ ok: false, reason: 'missing_headers' });
    expect(verify({ timestamp: '12e3' })).toEqual({ ok: false, reason: 'malformed_timestamp' });
    expect(verify({ signature: 'v0=abc' })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verify({ signature: 'v1=abc' })).toEqual({ ok: false, reason: 'bad_signature' });
  });
});
