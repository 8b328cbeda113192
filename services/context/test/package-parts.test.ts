import { Role, type TranscriptEntry } from '@handoff/contracts';
import { CircuitBreaker } from '../src/domain/circuit-breaker';
import { sentimentTrend } from '../src/domain/sentiment-trend';
import { rankSimilar } from '../src/domain/similar-handoffs';
import { extractTechnicalDetails } from '../src/domain/technical-details';
import { cutTranscript } from '../src/domain/transcript-cut';
import { fingerprint } from '@handoff/core';

describe('technical details', () => {
  it('keeps error messages and codes verbatim, and reads browser and system from the user agent', () => {
    const details = extractTechnicalDetails({
      customerTexts: ['The upload fails with "Error 413: Payload Too Large" every time.', 'I also saw code E1042 once.'],
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      pageUrls: ['https://app.example.com/uploads/new'],
    });
    expect(details.errorMessages).toContain('Error 413: Payload Too Large');
    expect(details.errorCodes).toEqual(expect.arrayContaining(['413', 'E1042']));
    expect(details).toMatchObject({ browser: 'Chrome 131', operatingSystem: 'Windows 10.0', productArea: 'uploads' });
  });

  it('falls back to what the customer mentioned, and invents nothing', () => {
    expect(extractTechnicalDetails({ customerTexts: ['it is broken on my iPhone in Safari'], userAgent: '', pageUrls: [] })).toMatchObject({
      browser: 'Safari (mentioned)',
      operatingSystem: 'iPhone (mentioned)',
    });
    expect(extractTechnicalDetails({ customerTexts: ['how do I change my plan in 2026?'], userAgent: '', pageUrls: [] })).toEqual({
      errorMessages: [],
      errorCodes: [],
      browser: '',
      operatingSystem: '',
      productArea: '',
    });
  });
});

describe('sentiment trend', () => {
  it('says whether the customer grew more upset, calmer, or stayed the same', () => {
    expect(sentimentTrend([0.1, -0.3, -0.8], -0.8).direction).toBe('worsening');
    expect(sentimentTrend([-0.6, 0.2], 0.2).direction).toBe('improving');
    expect(sentimentTrend([-0.2, -0.25], -0.25)).toEqual({ atHandoff: -0.25, first: -0.2, perMessage: [-0.2, -0.25], direction: 'steady' });
  });
});

describe('transcript cut', () => {
  const entry = (i: number): TranscriptEntry => ({ messageId: `m${i}`, role: Role.ROLE_CUSTOMER, text: `message ${i}`, at: new Date(i * 1000), botConfidence: undefined, botIntent: '' });

  it('keeps a short transcript whole', () => {
    const all = [1, 2, 3].map(entry);
    expect(cutTranscript(all, 5)).toEqual({ transcript: all, cut: undefined });
  });

  it('keeps the first and the latest messages of a long one, and marks the cut', () => {
    const { transcript, cut } = cutTranscript(Array.from({ length: 10 }, (_, i) => entry(i + 1)), 4);
    expect(transcript.map((t) => t.messageId)).toEqual(['m1', 'transcript-cut', 'm8', 'm9', 'm10']);
    expect(transcript[1]).toMatchObject({ role: Role.ROLE_SYSTEM, text: '… 6 messages left out here; the full transcript has 10 (GetTranscript) …' });
    expect(cut).toEqual({ totalMessages: 10, includedMessages: 4, omittedMessages: 6 });
  });
});

describe('similar resolved handoffs', () => {
  const candidates = [
    { handoffId: 'h1', words: fingerprint('charged twice for my subscription this month'), category: 'billing_dispute', summary: 's1', resolution: 'Refunded the duplicate charge' },
    { handoffId: 'h2', words: fingerprint('cannot log in after password reset'), category: 'account_access', summary: 's2', resolution: 'Cleared the MFA device' },
    { handoffId: 'h3', words: fingerprint('charged twice subscription'), category: 'billing_dispute', summary: 's3', resolution: '' },
  ];

  it('ranks past resolved handoffs by similarity, with how they were resolved', () => {
    const similar = rankSimilar(fingerprint('I was charged twice for my subscription'), 'billing_dispute', candidates);
    expect(similar.map((s) => s.handoffId)).toEqual(['h1']);
    expect(similar[0]).toMatchObject({ resolution: 'Refunded the duplicate charge', category: 'billing_dispute' });
  });

  it('returns nothing rather than a weak match', () => {
    expect(rankSimilar(fingerprint('where is my parcel'), 'order_delivery', candidates)).toEqual([]);
  });
});

describe('circuit breaker', () => {
  const t = (s: number) => new Date(Date.UTC(2026, 10, 21, 10, 0, s));

  it('opens after repeated failures, lets one trial through after the cool-down, and closes on success', () => {
    const breaker = new CircuitBreaker({ failureThreshold: 2, coolDownMs: 10_000 });
    breaker.failed(t(0));
    expect(breaker.allow(t(1))).toBe(true);
    breaker.failed(t(1));
    expect(breaker.state).toBe('open');
    expect(breaker.allow(t(5))).toBe(false);
    expect(breaker.allow(t(12))).toBe(true);
    expect(breaker.allow(t(12))).toBe(false);
    breaker.succeeded();
    expect(breaker.state).toBe('closed');
    expect(breaker.allow(t(13))).toBe(true);
  });

  it('re-opens when the trial call fails', () => {
    const breaker = new CircuitBreaker({ failureThreshold: 1, coolDownMs: 10_000 });
    breaker.failed(t(0));
    expect(breaker.allow(t(11))).toBe(true);
    breaker.failed(t(11));
    expect(breaker.allow(t(12))).toBe(false);
  });
});
