import { EscalationReason, Severity, TriggerMode } from '@handoff/contracts';
import { handoffIdFor } from '@handoff/core';
import { DetectionEngine } from '../src/domain/engine';
import { Conversation, policyFrom, scriptedClassifier } from './engine-harness';

const R = EscalationReason;
const withPolicy = (yaml: string) => new Conversation(new DetectionEngine(policyFrom(`version: test-1\n${yaml}`), scriptedClassifier));

describe('explicit request', () => {
  it('escalates at once when the customer asks for a person, with the reason, evidence and policy version', () => {
    const c = new Conversation();
    c.customer('hello');
    const { handoff } = c.customer('let me talk to a person', { human: true });
    expect(handoff).toMatchObject({ handoffId: handoffIdFor('c1', 1), reason: R.ESCALATION_REASON_EXPLICIT_REQUEST, mode: TriggerMode.TRIGGER_MODE_HARD, policyVersion: 'test-1', triggeringEventId: 'e2', channel: 'chat', language: 'en' });
    expect(handoff!.evidence[0]).toMatchObject({ reason: R.ESCALATION_REASON_EXPLICIT_REQUEST, eventId: 'e2' });
  });

  it('escalates when the talk-to-a-human button is pressed', () => {
    expect(new Conversation().button().handoff?.reason).toBe(R.ESCALATION_REASON_EXPLICIT_REQUEST);
  });
});

describe('hard category', () => {
  it('escalates a billing dispute at once', () => {
    expect(new Conversation().customer('charged twice', { category: 'billing_dispute', confidence: 0.9 }).handoff?.reason).toBe(R.ESCALATION_REASON_HARD_CATEGORY);
  });

  it('does not escalate a category the policy does not list, nor a low-confidence one', () => {
    const c = new Conversation();
    c.customer('how do I export', { category: 'how_to', confidence: 0.95 });
    c.customer('maybe a refund?', { category: 'refund', confidence: 0.4 });
    expect(c.handoffs).toHaveLength(0);
  });

  it('offers instead of escalating when the policy makes the category soft', () => {
    const c = withPolicy('triggers:\n  hard_category:\n    categories:\n      complaint: soft\n');
    const { handoff, offer } = c.customer('your service is bad', { category: 'complaint', confidence: 0.8 });
    expect(handoff).toBeUndefined();
    expect(offer?.reason).toBe(R.ESCALATION_REASON_HARD_CATEGORY);
  });
});

describe('sentiment', () => {
  it('offers a person when two consecutive customer messages are negative (soft by default)', () => {
    const c = new Conversation();
    expect(c.customer('this is annoying', { sentiment: -0.4 }).offer).toBeUndefined();
    expect(c.customer('still annoying', { sentiment: -0.5 }).offer?.reason).toBe(R.ESCALATION_REASON_SENTIMENT_PERSISTENT);
  });

  it('does not count messages that are not consecutive', () => {
    const c = new Conversation();
    c.customer('bad', { sentiment: -0.5 });
    c.customer('ok fine');
    c.customer('bad again', { sentiment: -0.5 });
    expect(c.offers).toHaveLength(0);
  });

  it('escalates a sharp drop from neutral to very negative in one message, urgently', () => {
    const c = new Conversation();
    c.customer('hi, a question');
    const { handoff } = c.customer('THIS IS A JOKE', { sentiment: -0.9 });
    expect(handoff?.reason).toBe(R.ESCALATION_REASON_SENTIMENT_DROP);
    expect(handoff?.severity).toBe(Severity.SEVERITY_HIGH);
  });
});

describe('bot confidence', () => {
  it('offers a person after the bot answers below the threshold twice', () => {
    const c = new Conversation();
    c.customer('question');
    expect(c.bot('maybe this?', 0.5).offer).toBeUndefined();
    c.customer('hm');
    expect(c.bot('or this?', 0.6).offer?.reason).toBe(R.ESCALATION_REASON_LOW_CONFIDENCE);
  });

  it('resets when the bot is confident again', () => {
    const c = new Conversation();
    c.bot('a', 0.5);
    c.bot('b', 0.9);
    c.bot('c', 0.5);
    expect(c.offers).toHaveLength(0);
  });
});

describe('loop', () => {
  it('escalates when the customer asks the same thing three times, paraphrases included', () => {
    const c = new Conversation();
    c.customer('How do I reset my password?');
    c.customer('how can I reset the password');
    expect(c.handoffs).toHaveLength(0);
    expect(c.customer('password reset how?').handoff?.reason).toBe(R.ESCALATION_REASON_LOOP_QUESTION);
  });

  it('offers a person when the bot repeats its answer', () => {
    const c = new Conversation();
    c.bot('Please restart the app and try again.', 0.9);
    c.customer('done, still broken');
    expect(c.bot('Please restart the app and try again.', 0.9).offer?.reason).toBe(R.ESCALATION_REASON_LOOP_ANSWER);
  });
});

describe('turns and time', () => {
  it('offers a person after more than eight customer messages', () => {
    const c = new Conversation();
    const topics = ['shipping', 'invoice', 'colour', 'size', 'warranty', 'store', 'discount', 'gift', 'returns'];
    topics.forEach((t) => c.customer(`a question about ${t}`));
    expect(c.offers.map((o) => o.reason)).toEqual([R.ESCALATION_REASON_TURN_LIMIT]);
  });

  it('asks for a timer at the time limit and escalates when it fires, though the conversation went silent', () => {
    const c = withPolicy('triggers:\n  time_limit:\n    mode: hard\n');
    const { timerDueAt } = c.customer('a question');
    expect(timerDueAt?.toISOString()).toBe('2026-11-21T10:10:30.000Z');
    expect(c.timer(new Date('2026-11-21T10:05:00Z')).handoff).toBeUndefined();
    const fired = c.timer(timerDueAt!);
    expect(fired.handoff?.reason).toBe(R.ESCALATION_REASON_TIME_LIMIT);
    expect(fired.timerDueAt).toBeUndefined();
  });
});

describe('time limit, soft', () => {
  it('offers once when the time limit passes, then keeps no timer and does not offer for it again', () => {
    const c = new Conversation();
    const { timerDueAt } = c.customer('a question');
    const fired = c.timer(timerDueAt!);
    expect(fired.offer?.reason).toBe(R.ESCALATION_REASON_TIME_LIMIT);
    expect(fired.timerDueAt).toBeUndefined();
    c.answerOffer(fired.offer!.offerId, false);
    ['one', 'two', 'three', 'four'].forEach((w) => c.customer(`another question number ${w}`));
    expect(c.offers.filter((o) => o.reason === R.ESCALATION_REASON_TIME_LIMIT)).toHaveLength(1);
    expect(c.state.timeLimitFired).toBe(true);
  });
});

describe('segments', () => {
  it('hands a tier marked hand_off_directly to a person at its first message, and only that tier', () => {
    const c = new Conversation();
    const c2 = withPolicy('tiers:\n  churn_risk:\n    hand_off_directly: true\n    mode: soft\n');
    c2.identify('churn_risk');
    expect(c2.customer('hi').offer?.reason).toBe(R.ESCALATION_REASON_SEGMENT_RULE);
    c.identify('churn_risk');
    expect(c.customer('hi').offer).toBeUndefined();
  });

  it('lowers thresholds for VIPs and marks their handoffs urgent', () => {
    const c = new Conversation();
    c.identify('vip');
    ['shipping', 'invoices', 'colours', 'sizes', 'warranty'].forEach((t) => c.customer(`a question about ${t}`));
    expect(c.offers[0]?.reason).toBe(R.ESCALATION_REASON_TURN_LIMIT);
    const escalated = c.answerOffer(c.offers[0]!.offerId, true).handoff;
    expect(escalated?.severity).toBe(Severity.SEVERITY_HIGH);
  });
});

describe('combined score', () => {
  it('offers a person when mild frustration and a complex question add up, though neither fires alone', () => {
    const c = withPolicy('triggers:\n  sentiment_persistent:\n    enabled: false\n');
    c.bot('I am not sure.', 0.6);
    const { offer } = c.customer('my payment keeps failing, annoying', { sentiment: -0.3, category: 'payment', confidence: 0.9 });
    expect(offer?.reason).toBe(R.ESCALATION_REASON_COMBINED_SCORE);
    expect(offer?.evidence[0]?.detail).toMatch(/complex category payment .* ≥ 1.00/);
  });
});

describe('soft offers', () => {
  it('escalates with offer_accepted when the customer accepts, keeping the original reason as evidence', () => {
    const c = new Conversation();
    c.customer('annoying', { sentiment: -0.4 });
    const offer = c.customer('still annoying', { sentiment: -0.5 }).offer!;
    const { handoff } = c.answerOffer(offer.offerId, true);
    expect(handoff).toMatchObject({ reason: R.ESCALATION_REASON_OFFER_ACCEPTED, mode: TriggerMode.TRIGGER_MODE_SOFT, offerId: offer.offerId });
    expect(handoff!.evidence.map((e) => e.reason)).toEqual([R.ESCALATION_REASON_OFFER_ACCEPTED, R.ESCALATION_REASON_SENTIMENT_PERSISTENT]);
  });

  it('never offers twice in a row after a decline', () => {
    const c = new Conversation();
    c.customer('annoying', { sentiment: -0.4 });
    const offer = c.customer('still annoying', { sentiment: -0.5 }).offer!;
    c.answerOffer(offer.offerId, false);
    expect(c.customer('so tiresome', { sentiment: -0.5 }).offer).toBeUndefined();
    expect(c.customer('really', { sentiment: -0.5 }).offer).toBeUndefined();
    expect(c.customer('come on', { sentiment: -0.5 }).offer?.reason).toBe(R.ESCALATION_REASON_SENTIMENT_PERSISTENT);
  });

  it('ignores answers to offers it did not make, or already answered', () => {
    const c = new Conversation();
    expect(c.answerOffer('of_unknown', true).handoff).toBeUndefined();
    c.customer('annoying', { sentiment: -0.4 });
    const offer = c.customer('still annoying', { sentiment: -0.5 }).offer!;
    c.answerOffer(offer.offerId, true);
    expect(c.answerOffer(offer.offerId, true).handoff).toBeUndefined();
    expect(c.handoffs).toHaveLength(1);
  });

  it('does not offer while an offer is waiting for an answer', () => {
    const c = new Conversation();
    c.customer('annoying', { sentiment: -0.4 });
    c.customer('still annoying', { sentiment: -0.5 });
    c.customer('hello??', { sentiment: -0.5 });
    expect(c.offers).toHaveLength(1);
  });
});

describe('one handoff per escalation', () => {
  it('escalates once while the handoff is open, and again (a new handoff) after the agent hands back', () => {
    const c = new Conversation();
    c.customer('agent please', { human: true });
    c.customer('hello?? agent please', { human: true });
    c.button();
    expect(c.handoffs).toHaveLength(1);
    c.handBack();
    const again = c.customer('actually I need a person again', { human: true }).handoff;
    expect(again).toMatchObject({ escalationSequence: 2, handoffId: handoffIdFor('c1', 2) });
  });

  it('does nothing after the conversation closed', () => {
    const c = new Conversation();
    c.close();
    expect(c.customer('agent please', { human: true }).handoff).toBeUndefined();
  });

  it('never gives a reason outside the closed list', () => {
    const c = new Conversation();
    c.customer('charged twice', { category: 'billing_dispute', confidence: 0.9 });
    for (const h of c.handoffs) {
      expect(h.reason).not.toBe(R.ESCALATION_REASON_UNSPECIFIED);
      expect(R[h.reason]).toMatch(/^ESCALATION_REASON_/);
    }
  });
});

describe('signals', () => {
  it('publishes sentiment, category and human request for every customer message', () => {
    const { signals } = new Conversation().customer('need a refund', { category: 'refund', confidence: 0.3, sentiment: -0.35 });
    expect(signals).toMatchObject({ eventId: 'e1', sentimentScore: -0.35, category: 'refund', categoryConfidence: 0.3, explicitHumanRequest: false, policyVersion: 'test-1' });
  });
});
