import { EscalationReason, OutboundKind, RoutingStatus, Severity, TriggerMode, type RoutingUpdate } from '@handoff/contracts';
import { chatLine, customerToldLine, requestedLine, routingLine } from '../src/narrative';

describe('narrative', () => {
  it('shows who said what, with the bot confidence', () => {
    expect(chatLine({ say: 'Refunds take 5–10 days.', as: 'bot', confidence: 0.66, intent: 'refund_status' })).toBe(
      '    bot      │ Refunds take 5–10 days. [confidence 0.66]',
    );
    expect(chatLine({ button: true })).toBe('    customer │ [pressed "Talk to a human"]');
  });

  it('says why detection escalated and how long it took', () => {
    const line = requestedLine(
      {
        handoffId: 'ho_1', conversationId: 'c', escalationSequence: 1, reason: EscalationReason.ESCALATION_REASON_EXPLICIT_REQUEST, mode: TriggerMode.TRIGGER_MODE_HARD,
        evidence: [{ reason: 1, detail: 'customer asked: "talk to a person"', score: 1, eventId: 'e' }], policyVersion: 'builtin-1', triggeringEventId: 'e',
        requestedAt: undefined, category: 'billing_dispute', sentimentScore: 0, severity: Severity.SEVERITY_NORMAL, customerTier: 'standard', language: 'en', offerId: '', channel: 'chat',
      },
      12,
    );
    expect(line).toBe('    ▶ trigger  explicit request (hard) · customer asked: "talk to a person" · category billing_dispute · policy builtin-1  (+12 ms)');
  });

  it('describes routing outcomes and customer messages', () => {
    const update = { status: RoutingStatus.ROUTING_STATUS_QUEUED, team: 'Billing', queuePosition: 1 } as RoutingUpdate;
    expect(routingLine(update, 40)).toBe('    ▶ routing  queued for Billing, position 1: no matching agent has free capacity  (+40 ms)');
    expect(customerToldLine({ kind: OutboundKind.OUTBOUND_KIND_AGENT_JOINED, text: 'Sam has joined.' } as never)).toBe(
      '    ▶ customer told (agent joined):\n               “Sam has joined.”',
    );
  });
});
