import { OutboundKind } from '@handoff/contracts';
import { DEFAULT_QUEUE_UPDATES, queueCheck, type WaitingState } from '../src/domain/queue-updates';
import { defaultPolicy as policy } from './policy-fixture';

const start = new Date('2026-11-21T10:00:00Z');
const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);
const waiting = (overrides: Partial<WaitingState> = {}): WaitingState => ({
  handoffId: 'ho_1',
  conversationId: 'c1',
  team: 'Billing',
  waitingSince: start,
  position: 3,
  etaSeconds: 300,
  told: { position: 3, etaSeconds: 300, at: start },
  updatesSent: 0,
  alternativesOffered: false,
  ...overrides,
});

describe('queue updates', () => {
  it('says nothing when nothing changed and the customer heard from us recently', () => {
    expect(queueCheck(waiting(), at(75), DEFAULT_QUEUE_UPDATES, policy).message).toBeUndefined();
  });

  it('tells the customer their new place in line and estimate', () => {
    const { message, state } = queueCheck(waiting({ position: 1, etaSeconds: 60 }), at(75), DEFAULT_QUEUE_UPDATES, policy);
    expect(message).toMatchObject({ kind: OutboundKind.OUTBOUND_KIND_QUEUE_UPDATE, text: 'You’re next in line, about 1 minute to go. Someone from our Billing team will be with you as soon as they’re free.' });
    expect(state).toMatchObject({ updatesSent: 1, told: { position: 1, etaSeconds: 60, at: at(75) } });
  });

  it('reassures after a long silence, and never repeats a message id', () => {
    const first = queueCheck(waiting(), at(200), DEFAULT_QUEUE_UPDATES, policy);
    expect(first.message?.text).toBe('You’re still in line for our Billing team — thanks for bearing with us. They’ll have the whole conversation when they join.');
    const second = queueCheck({ ...first.state, position: 2 }, at(275), DEFAULT_QUEUE_UPDATES, policy);
    expect(second.message?.messageId).not.toBe(first.message?.messageId);
    // A replay of the same check (a restart before the state was saved) sends the same id.
    expect(queueCheck(waiting(), at(200), DEFAULT_QUEUE_UPDATES, policy).message?.messageId).toBe(first.message?.messageId);
  });

  it('offers a callback or an e-mail once the wait passes ten minutes, once', () => {
    const { message, state } = queueCheck(waiting(), at(600), DEFAULT_QUEUE_UPDATES, policy);
    expect(message?.kind).toBe(OutboundKind.OUTBOUND_KIND_ALTERNATIVES_OFFER);
    expect(message?.options.map((o) => o.id)).toEqual(['callback', 'email_follow_up', 'keep_waiting']);
    expect(queueCheck(state, at(675), DEFAULT_QUEUE_UPDATES, policy).message?.kind).not.toBe(OutboundKind.OUTBOUND_KIND_ALTERNATIVES_OFFER);
  });
});
