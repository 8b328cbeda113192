import { handoffIdFor } from '@handoff/core';
import { EscalationReason, Role, Severity, TriggerMode, type ConversationEvent } from '@handoff/contracts';
import { decide, initialState, type ConversationState } from '../src/domain/decide';
import { DEFAULT_POLICY } from '../src/domain/policy';

const now = new Date('2026-11-21T10:00:00Z');
let seq = 0;
const at = () => new Date(now.getTime() + seq * 1000);

function customer(text: string): ConversationEvent {
  seq += 1;
  return { eventId: `e${seq}`, conversationId: 'c1', occurredAt: at(), channel: 'chat', language: 'en', payload: { $case: 'messagePosted', value: { messageId: `m${seq}`, role: Role.ROLE_CUSTOMER, text, botIntent: '', agentId: '' } } };
}

function event(payload: ConversationEvent['payload']): ConversationEvent {
  seq += 1;
  return { eventId: `e${seq}`, conversationId: 'c1', occurredAt: at(), channel: 'chat', language: 'en', payload };
}

function run(events: ConversationEvent[], state: ConversationState = initialState('c1')) {
  const handoffs = [];
  for (const e of events) {
    const decision = decide(state, e, DEFAULT_POLICY, now);
    state = decision.state;
    if (decision.handoff) handoffs.push(decision.handoff);
  }
  return { state, handoffs };
}

describe('decide', () => {
  it('escalates when the customer asks for a person, with the reason, evidence and policy version', () => {
    const { handoffs } = run([customer('I was charged twice for my order'), customer('this is useless, let me talk to a person')]);
    expect(handoffs).toHaveLength(1);
    expect(handoffs[0]).toMatchObject({
      handoffId: handoffIdFor('c1', 1),
      conversationId: 'c1',
      escalationSequence: 1,
      reason: EscalationReason.ESCALATION_REASON_EXPLICIT_REQUEST,
      mode: TriggerMode.TRIGGER_MODE_HARD,
      policyVersion: DEFAULT_POLICY.version,
      category: 'billing_dispute',
      language: 'en',
      severity: Severity.SEVERITY_NORMAL,
    });
    expect(handoffs[0]!.evidence[0]!.detail).toBe('customer asked: "talk to a person"');
  });

  it('escalates when the human-requested button is pressed, urgently for a VIP', () => {
    const { handoffs } = run([
      event({ $case: 'customerIdentified', value: { customerId: 'u1', name: 'Bo', email: 'bo@example.com', accountId: 'a1', tier: 'VIP', userAgent: '' } }),
      event({ $case: 'humanRequested', value: { source: 'button' } }),
    ]);
    expect(handoffs).toHaveLength(1);
    expect(handoffs[0]).toMatchObject({ customerTier: 'vip', severity: Severity.SEVERITY_HIGH });
  });

  it('escalates a conversation once while its handoff is open', () => {
    const { handoffs } = run([customer('agent please'), customer('hello?? agent please'), event({ $case: 'humanRequested', value: { source: 'button' } })]);
    expect(handoffs).toHaveLength(1);
  });

  it('does not escalate a conversation the bot is handling', () => {
    const { handoffs, state } = run([customer('How do I export my invoices?'), customer('thanks, that worked')]);
    expect(handoffs).toHaveLength(0);
    expect(state.customerMessages).toBe(2);
  });

  it('ignores events after the conversation closed', () => {
    const { handoffs } = run([event({ $case: 'conversationClosed', value: { resolvedBy: 1, resolved: true, csat: 5 } }), customer('agent please')]);
    expect(handoffs).toHaveLength(0);
  });
});
