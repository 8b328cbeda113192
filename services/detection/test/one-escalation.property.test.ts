import { EscalationReason, Role, type ConversationEvent } from '@handoff/contracts';
import fc from 'fast-check';
import { DetectionEngine } from '../src/domain/engine';
import { initialState } from '../src/domain/state';
import { policyFrom, script, scriptedClassifier } from './engine-harness';

script('agent please', { human: true });
script('this is useless', { sentiment: -0.7 });
script('I was charged twice', { category: 'billing_dispute', confidence: 0.9 });

const engine = new DetectionEngine(policyFrom('version: prop-1\ntriggers:\n  time_limit:\n    mode: hard\n'), scriptedClassifier);
const start = Date.parse('2026-11-21T10:00:00Z');

const payloads: fc.Arbitrary<ConversationEvent['payload']> = fc.oneof(
  fc.constantFrom('agent please', 'how do I reset my password', 'this is useless', 'I was charged twice', 'thanks').map((text) => ({
    $case: 'messagePosted' as const,
    value: { messageId: '', role: Role.ROLE_CUSTOMER, text, botIntent: '', agentId: '' },
  })),
  fc.record({ text: fc.constantFrom('Try restarting.', 'Here is our policy.'), confidence: fc.double({ min: 0, max: 1, noNaN: true }) }).map(({ text, confidence }) => ({
    $case: 'messagePosted' as const,
    value: { messageId: '', role: Role.ROLE_BOT, text, botConfidence: confidence, botIntent: '', agentId: '' },
  })),
  fc.constant({ $case: 'humanRequested' as const, value: { source: 'button' } }),
  fc.boolean().map((accepted) => ({ $case: 'offerAnswered' as const, value: { offerId: 'of_any', accepted } })),
  fc.constant({ $case: 'handedBack' as const, value: { agentId: 'a', handoffId: '' } }),
);

describe('property: one escalation per handoff', () => {
  it('never escalates twice without a hand-back in between, whatever the order and duplication of events', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(payloads, fc.nat({ max: 3 })), { maxLength: 40 }), (script) => {
        let state = initialState('c');
        let open = false;
        const handoffIds = new Set<string>();
        let lastOfferId = '';
        script.forEach(([payload, repeats], i) => {
          // Answers refer to the latest offer, when there is one; each event may be delivered again.
          const body = payload?.$case === 'offerAnswered' ? { ...payload, value: { ...payload.value, offerId: lastOfferId || 'of_none' } } : payload;
          const event: ConversationEvent = { eventId: `e${i}`, conversationId: 'c', occurredAt: new Date(start + i * 90_000), channel: 'chat', language: 'en', payload: body };
          for (let r = 0; r <= repeats; r++) {
            const decision = engine.onEvent(state, event, event.occurredAt!);
            state = decision.state;
            if (decision.offer) lastOfferId = decision.offer.offerId;
            if (body?.$case === 'handedBack') open = false;
            if (decision.handoff) {
              expect(open).toBe(false);
              expect(handoffIds.has(decision.handoff.handoffId)).toBe(false);
              expect(decision.handoff.reason).not.toBe(EscalationReason.ESCALATION_REASON_UNSPECIFIED);
              handoffIds.add(decision.handoff.handoffId);
              open = true;
            }
          }
          const fired = engine.onTimer(state, new Date(start + i * 90_000 + 60_000));
          state = fired.state;
          if (fired.handoff) {
            expect(open).toBe(false);
            handoffIds.add(fired.handoff.handoffId);
            open = true;
          }
        });
      }),
      { numRuns: 300, seed: 20261121 },
    );
  });
});
