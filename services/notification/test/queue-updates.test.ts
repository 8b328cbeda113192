import { OutboundKind } from '@handoff/contracts';
import { DEFAULT_QUEUE_UPDATES, nextCheckAt, queueCheck, type WaitingState } from '../src/domain/queue-updates';
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

  it('over a long wait checked every 75 s, speaks only when the line moves, after 3 minutes of silence, and offers alternatives once at 10 minutes', () => {
    // Where routing says the customer stands at each check (seconds since the wait began → position, ETA).
    const line: Record<number, [number, number]> = { 75: [3, 300], 150: [2, 240], 225: [2, 240], 300: [2, 240], 375: [2, 240], 450: [2, 240], 525: [1, 60], 600: [1, 60], 675: [1, 60] };
    let state = waiting();
    const said: Array<[number, string]> = [];
    for (const [seconds, [position, etaSeconds]] of Object.entries(line).map(([s, v]) => [Number(s), v] as const)) {
      const result = queueCheck({ ...state, position, etaSeconds }, at(seconds), DEFAULT_QUEUE_UPDATES, policy);
      state = result.state;
      if (result.message) said.push([seconds, OutboundKind[result.message.kind]]);
    }
    expect(said).toEqual([
      [150, 'OUTBOUND_KIND_QUEUE_UPDATE'], // moved to 2
      [375, 'OUTBOUND_KIND_QUEUE_UPDATE'], // 225 s of silence: reassurance
      [525, 'OUTBOUND_KIND_QUEUE_UPDATE'], // next in line
      [600, 'OUTBOUND_KIND_ALTERNATIVES_OFFER'],
    ]);
  });

  it('checks again after the update interval, or sooner when the offer of alternatives falls due first', () => {
    // Defaults: every 75 s; the 600 s alternatives fall on a check only when due before the next one.
    expect(nextCheckAt(waiting(), at(0), DEFAULT_QUEUE_UPDATES)).toEqual(at(75));
    expect(nextCheckAt(waiting(), at(570), DEFAULT_QUEUE_UPDATES)).toEqual(at(600));
    expect(nextCheckAt(waiting({ alternativesOffered: true }), at(600), DEFAULT_QUEUE_UPDATES)).toEqual(at(675));
    // Alternatives configured sooner than the interval are offered on time, not at the first regular check.
    const quick = { ...DEFAULT_QUEUE_UPDATES, alternativesAfterSeconds: 30 };
    expect(nextCheckAt(waiting(), at(0), quick)).toEqual(at(30));
    // Overdue (a late poll): now.
    expect(nextCheckAt(waiting(), at(40), quick)).toEqual(at(40));
  });

  it('honours other cadences and thresholds from the configuration', () => {
    const settings = { intervalSeconds: 60, reassureAfterSeconds: 120, alternativesAfterSeconds: 300 };
    expect(queueCheck(waiting(), at(120), settings, policy).message?.kind).toBe(OutboundKind.OUTBOUND_KIND_QUEUE_UPDATE);
    expect(queueCheck(waiting(), at(300), settings, policy).message?.kind).toBe(OutboundKind.OUTBOUND_KIND_ALTERNATIVES_OFFER);
  });

  it('speaks the customer’s language, and says nothing about time when there is no estimate', () => {
    const { message } = queueCheck(waiting({ language: 'fr', position: 2, etaSeconds: undefined, told: { position: 3, etaSeconds: undefined, at: start } }), at(75), DEFAULT_QUEUE_UPDATES, policy);
    expect(message).toMatchObject({ language: 'fr', text: 'Vous êtes maintenant en position 2. Une personne de notre équipe Billing sera avec vous dès qu’elle sera libre.' });
    const offer = queueCheck(waiting({ language: 'fr' }), at(600), DEFAULT_QUEUE_UPDATES, policy).message;
    expect(offer?.options.map((o) => o.label)).toEqual(['Rappelez-moi', 'Répondez-moi par e-mail', 'Je continue d’attendre']);
  });
});
