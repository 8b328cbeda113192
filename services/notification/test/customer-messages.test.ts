import { OutboundKind, RoutingStatus, RoutingUpdate } from '@handoff/contracts';
import { composeCustomerMessage, composeHumanOffer, initialNotificationState } from '../src/domain/customer-messages';
import { defaultPolicy as policy } from './policy-fixture';

const now = new Date('2026-11-21T10:00:00Z');
const update = (overrides: Partial<RoutingUpdate>): RoutingUpdate =>
  RoutingUpdate.fromPartial({
  updateId: 'u',
  handoffId: 'ho_1',
  conversationId: 'c1',
  sequence: 1,
  status: RoutingStatus.ROUTING_STATUS_QUEUED,
  queueId: 'billing',
  team: 'Billing',
  queuePosition: 3,
  etaSeconds: undefined,
  agent: undefined,
  at: now,
  category: 'billing_dispute',
  language: 'en',
  customerTier: 'standard',
  slaDeadline: undefined,
  ...overrides,
  });

describe('customer messages', () => {
  it('tells a queued customer the issue, the team, their place, and that nothing needs repeating', () => {
    const { message, state } = composeCustomerMessage(initialNotificationState('ho_1'), update({}), now, policy);
    expect(message?.kind).toBe(OutboundKind.OUTBOUND_KIND_TRANSITION);
    expect(message?.text).toBe(
      'I understand you need help with a charge that doesn’t look right. I’m bringing in someone from our Billing team. ' +
        'You’re number 3 in line. They will see this whole conversation, so you won’t need to repeat anything.',
    );
    expect(state.transitionSent).toBe(true);
  });

  it('names the agent when the handoff is assigned at once', () => {
    const { message } = composeCustomerMessage(
      initialNotificationState('ho_1'),
      update({ status: RoutingStatus.ROUTING_STATUS_ASSIGNED, agent: { agentId: 'a1', displayName: 'Maria Lopez' } }),
      now,
      policy,
    );
    expect(message?.kind).toBe(OutboundKind.OUTBOUND_KIND_TRANSITION);
    expect(message?.text).toContain('Maria from our Billing team is joining this chat now.');
    expect(message?.text).toContain('Maria will see this whole conversation');
  });

  it('sends one transition, then an agent-joined message when a queued handoff is taken', () => {
    const first = composeCustomerMessage(initialNotificationState('ho_1'), update({ sequence: 1 }), now, policy);
    const second = composeCustomerMessage(first.state, update({ sequence: 2, status: RoutingStatus.ROUTING_STATUS_ASSIGNED, agent: { agentId: 'a1', displayName: 'Sam Okafor' } }), now, policy);
    expect(second.message?.kind).toBe(OutboundKind.OUTBOUND_KIND_AGENT_JOINED);
    expect(second.message?.text).toBe('Sam from our Billing team has joined and already has the whole conversation in front of them.');
  });

  it('ignores a replayed or older update, and gives a replayed message the same id', () => {
    const first = composeCustomerMessage(initialNotificationState('ho_1'), update({ sequence: 1 }), now, policy);
    expect(composeCustomerMessage(first.state, update({ sequence: 1 }), now, policy).message).toBeUndefined();
    const replay = composeCustomerMessage(initialNotificationState('ho_1'), update({ sequence: 1 }), now, policy);
    expect(replay.message?.messageId).toBe(first.message?.messageId);
  });

  it('stays silent for updates the customer need not hear about', () => {
    expect(composeCustomerMessage(initialNotificationState('ho_1'), update({ status: RoutingStatus.ROUTING_STATUS_COMPLETED }), now, policy).message).toBeUndefined();
  });

  it('promises a reply in plain words when the handoff becomes an async ticket, and offers the transcript', () => {
    const { message } = composeCustomerMessage(
      initialNotificationState('ho_1'),
      update({ status: RoutingStatus.ROUTING_STATUS_ASYNC_FALLBACK, slaDescription: 'within 4 business hours, by 1 p.m. tomorrow (Europe/Paris)' }),
      now,
      policy,
    );
    expect(message?.kind).toBe(OutboundKind.OUTBOUND_KIND_ASYNC_NOTICE);
    expect(message?.text).toBe(
      'I understand you need help with a charge that doesn’t look right. A person from our Billing team will get back to you within 4 business hours, by 1 p.m. tomorrow (Europe/Paris). ' +
        'They will see this whole conversation, so you won’t need to repeat anything. Would you like a copy of this conversation by e-mail?',
    );
    expect(message?.options).toEqual([{ id: 'email_transcript', label: 'Yes, e-mail me the conversation' }]);
  });

  it('apologises when a waiting handoff ends up async after all', () => {
    const queued = composeCustomerMessage(initialNotificationState('ho_1'), update({ sequence: 1 }), now, policy);
    const { message } = composeCustomerMessage(queued.state, update({ sequence: 2, status: RoutingStatus.ROUTING_STATUS_ASYNC_FALLBACK, slaDescription: 'within 8 hours' }), now, policy);
    expect(message?.text).toMatch(/^I’m sorry, nobody from our Billing team could join this chat after all\. A person from our Billing team will get back to you within 8 hours\./);
  });
});

describe('soft-trigger offers', () => {
  it('asks whether the customer wants a person, with answer buttons and the offer id to echo back', () => {
    const message = composeHumanOffer({ offerId: 'of_1', conversationId: 'c1', reason: 3, evidence: [], policyVersion: 'p', triggeringEventId: 'e', offeredAt: now, language: 'en' }, now, policy);
    expect(message).toMatchObject({ kind: OutboundKind.OUTBOUND_KIND_HUMAN_OFFER, offerId: 'of_1', conversationId: 'c1' });
    expect(message.text).toContain('Would you like me to bring in someone from our team?');
    expect(message.options.map((o) => o.id)).toEqual(['accept', 'decline']);
    expect(composeHumanOffer({ offerId: 'of_1', conversationId: 'c1', reason: 3, evidence: [], policyVersion: 'p', triggeringEventId: 'e', offeredAt: now, language: 'en' }, now, policy).messageId).toBe(message.messageId);
  });
});
