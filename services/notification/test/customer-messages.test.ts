import { AsyncReason, FollowUpChannel, OutboundKind, RoutingStatus, RoutingUpdate } from '@handoff/contracts';
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

describe('async notices fit the reason', () => {
  const deadline = new Date('2026-11-24T12:00:00Z');
  const asyncUpdate = (overrides: Partial<RoutingUpdate>) =>
    update({ status: RoutingStatus.ROUTING_STATUS_ASYNC_FALLBACK, slaDeadline: deadline, slaDescription: 'within 4 business hours, by 1 p.m. tomorrow (Europe/Paris)', ...overrides });

  it('off hours: the team is away and will reply by e-mail, with the SLA in plain words', () => {
    const { message } = composeCustomerMessage(initialNotificationState('ho_1'), asyncUpdate({ asyncReason: AsyncReason.ASYNC_REASON_OFF_HOURS }), now, policy);
    expect(message?.text).toBe(
      'I understand you need help with a charge that doesn’t look right. Our Billing team is away right now, so they’ll reply by e-mail within 4 business hours, by 1 p.m. tomorrow (Europe/Paris). ' +
        'They will see this whole conversation, so you won’t need to repeat anything. Would you like a copy of this conversation by e-mail?',
    );
    expect(message?.options).toEqual([{ id: 'email_transcript', label: 'Yes, e-mail me the conversation' }]);
  });

  it('the customer chose a callback, or an e-mail follow-up', () => {
    const callback = composeCustomerMessage(initialNotificationState('ho_1'), asyncUpdate({ asyncReason: AsyncReason.ASYNC_REASON_CUSTOMER_CHOSE_FOLLOW_UP, followUpChannel: FollowUpChannel.FOLLOW_UP_CHANNEL_CALLBACK }), now, policy);
    expect(callback.message?.text).toMatch(/^Thanks — someone from our Billing team will call you back within 4 business hours, by 1 p\.m\. tomorrow \(Europe\/Paris\)\./);
    const email = composeCustomerMessage(initialNotificationState('ho_1'), asyncUpdate({ asyncReason: AsyncReason.ASYNC_REASON_CUSTOMER_CHOSE_FOLLOW_UP, followUpChannel: FollowUpChannel.FOLLOW_UP_CHANNEL_EMAIL }), now, policy);
    expect(email.message?.text).toMatch(/^Thanks — someone from our Billing team will follow up by e-mail within 4 business hours/);
    expect(email.message?.text).toContain('Would you like a copy of this conversation by e-mail?');
  });

  it('in French, gives the deadline in the team’s time zone, whichever zone that is', () => {
    const paris = composeCustomerMessage(initialNotificationState('ho_1'), asyncUpdate({ language: 'fr-FR', asyncReason: AsyncReason.ASYNC_REASON_OFF_HOURS }), now, policy);
    expect(paris.message?.language).toBe('fr');
    expect(paris.message?.text).toBe(
      'Je comprends que vous avez besoin d’aide pour un prélèvement qui ne vous semble pas correct. Notre équipe Billing est absente pour le moment ; elle vous répondra par e-mail ' +
        'd’ici le mardi 24 novembre 2026 à 13:00 (Europe/Paris). Elle verra toute cette conversation : vous n’aurez rien à répéter. Souhaitez-vous recevoir une copie de cette conversation par e-mail ?',
    );
    expect(paris.message?.options[0]?.label).toBe('Oui, envoyez-moi la conversation par e-mail');
    const newYork = composeCustomerMessage(
      initialNotificationState('ho_1'),
      asyncUpdate({ language: 'fr', asyncReason: AsyncReason.ASYNC_REASON_OFF_HOURS, slaDescription: 'within 4 business hours, by 7 a.m. tomorrow (America/New_York)' }),
      now,
      policy,
    );
    expect(newYork.message?.text).toContain('d’ici le mardi 24 novembre 2026 à 07:00 (America/New_York)');
    // Routing names the zone in sla_time_zone; the words are then not needed for it.
    const tokyo = composeCustomerMessage(initialNotificationState('ho_1'), asyncUpdate({ language: 'fr', slaDescription: 'within 4 business hours', slaTimeZone: 'Asia/Tokyo' }), now, policy);
    expect(tokyo.message?.text).toContain('d’ici le mardi 24 novembre 2026 à 21:00 (Asia/Tokyo)');
  });

  it('without a time zone from routing, uses the policy’s, and without a deadline says "as soon as they can"', () => {
    const utc = composeCustomerMessage(initialNotificationState('ho_1'), asyncUpdate({ language: 'fr', slaDescription: '' }), now, policy);
    expect(utc.message?.text).toContain('vous répondra d’ici le mardi 24 novembre 2026 à 12:00 (UTC)');
    const none = composeCustomerMessage(initialNotificationState('ho_1'), asyncUpdate({ slaDescription: '', slaDeadline: undefined }), now, policy);
    expect(none.message?.text).toContain('will get back to you as soon as they can.');
  });
});

describe('in the customer’s language', () => {
  it('tells a French customer who is joining, or their place in line, and falls back to English for others', () => {
    const queued = composeCustomerMessage(initialNotificationState('ho_1'), update({ language: 'fr', etaSeconds: 240 }), now, policy);
    expect(queued.message?.text).toBe(
      'Je comprends que vous avez besoin d’aide pour un prélèvement qui ne vous semble pas correct. Je fais appel à une personne de notre équipe Billing. L’attente prévue est d’environ 4 minutes. ' +
        'Elle verra toute cette conversation : vous n’aurez rien à répéter.',
    );
    const assigned = composeCustomerMessage(queued.state, update({ language: 'fr', sequence: 2, status: RoutingStatus.ROUTING_STATUS_ASSIGNED, agent: { agentId: 'a', displayName: 'Léa Martin' } }), now, policy);
    expect(assigned.message?.text).toBe('Léa, de notre équipe Billing, vous a rejoint et a toute la conversation sous les yeux.');
    const german = composeCustomerMessage(initialNotificationState('ho_1'), update({ language: 'de', etaSeconds: 60 }), now, policy);
    expect(german.message).toMatchObject({ language: 'en' });
    expect(german.message?.text).toContain('The expected wait is about 1 minute.');
  });
});

describe('soft-trigger offers', () => {
  it('asks whether the customer wants a person, with answer buttons and the offer id to echo back', () => {
    const message = composeHumanOffer({ offerId: 'of_1', conversationId: 'c1', reason: 3, evidence: [], policyVersion: 'p', triggeringEventId: 'e', offeredAt: now, language: 'en' }, now, policy);
    expect(message).toMatchObject({ kind: OutboundKind.OUTBOUND_KIND_HUMAN_OFFER, offerId: 'of_1', conversationId: 'c1' });
    expect(message.text).toContain('Would you like me to bring in someone from our team?');
    expect(message.options.map((o) => o.id)).toEqual(['accept', 'decline']);
    const french = composeHumanOffer({ offerId: 'of_2', conversationId: 'c1', reason: 3, evidence: [], policyVersion: 'p', triggeringEventId: 'e', offeredAt: now, language: 'fr' }, now, policy);
    expect(french.text).toMatch(/^Souhaitez-vous que je fasse appel à une personne de notre équipe \?/);
    expect(french.options).toEqual([{ id: 'accept', label: 'Oui, je veux parler à une personne' }, { id: 'decline', label: 'Non merci, continuons' }]);
    expect(composeHumanOffer({ offerId: 'of_1', conversationId: 'c1', reason: 3, evidence: [], policyVersion: 'p', triggeringEventId: 'e', offeredAt: now, language: 'en' }, now, policy).messageId).toBe(message.messageId);
  });
});
