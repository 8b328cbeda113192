// Test harness: a scripted classifier (so each trigger is specified exactly) and a conversation builder.
import { Role, type ConversationEvent } from '@handoff/contracts';
import type { Category } from '../src/domain/category';
import type { MessageClassifier, MessageSignals } from '../src/domain/classifiers';
import { DetectionEngine, type Decision } from '../src/domain/engine';
import { parsePolicy } from '../src/domain/policy/parse';
import type { Policy } from '../src/domain/policy/schema';
import { initialState, type ConversationState } from '../src/domain/state';

/** What the scripted classifier reads in a message; anything not given is neutral, "other" and no request. */
export interface Script {
  sentiment?: number;
  category?: Category;
  confidence?: number;
  human?: boolean;
}

const scripts = new Map<string, Script>();

/** Tells the scripted classifier what to return for a text. */
export const script = (text: string, signals: Script) => void scripts.set(text, signals);

/** A classifier that returns what each test scripted for the text, so each trigger is specified exactly. */
export const scriptedClassifier: MessageClassifier = {
  classify(text: string): MessageSignals {
    const { sentiment = 0, category = 'other', confidence = 0.9, human = false } = scripts.get(text) ?? {};
    return {
      sentiment: { score: sentiment, label: sentiment <= -0.3 ? 'negative' : sentiment >= 0.3 ? 'positive' : 'neutral' },
      category,
      categoryConfidence: confidence,
      humanRequest: human,
      humanRequestConfidence: human ? 0.97 : 0.02,
    };
  },
};

export const policyFrom = (yaml = 'version: test-1\n'): Policy => parsePolicy(yaml, 'test.yaml');

export class Conversation {
  state: ConversationState;
  readonly decisions: Decision[] = [];
  private seq = 0;
  clock = new Date('2026-11-21T10:00:00Z');

  constructor(
    readonly engine = new DetectionEngine(policyFrom(), scriptedClassifier),
    id = 'c1',
  ) {
    this.state = initialState(id);
  }

  private event(payload: ConversationEvent['payload'], eventId?: string): ConversationEvent {
    this.seq += 1;
    this.clock = new Date(this.clock.getTime() + 30_000);
    return { eventId: eventId ?? `e${this.seq}`, conversationId: this.state.conversationId, occurredAt: this.clock, channel: 'chat', language: 'en', payload };
  }

  apply(event: ConversationEvent): Decision {
    const decision = this.engine.onEvent(this.state, event, event.occurredAt ?? this.clock);
    this.state = decision.state;
    this.decisions.push(decision);
    return decision;
  }

  customer = (text: string, signals: Script = {}) => {
    scripts.set(text, signals);
    return this.postCustomer(text);
  };

  private postCustomer = (text: string) => this.apply(this.event({ $case: 'messagePosted', value: { messageId: `m${this.seq}`, role: Role.ROLE_CUSTOMER, text, botIntent: '', agentId: '' } }));
  bot = (text: string, confidence?: number) =>
    this.apply(this.event({ $case: 'messagePosted', value: { messageId: `m${this.seq}`, role: Role.ROLE_BOT, text, botConfidence: confidence, botIntent: 'x', agentId: '' } }));
  button = () => this.apply(this.event({ $case: 'humanRequested', value: { source: 'button' } }));
  identify = (tier: string) => this.apply(this.event({ $case: 'customerIdentified', value: { customerId: 'u', name: 'N', email: 'n@example.com', accountId: 'a', tier, userAgent: '' } }));
  answerOffer = (offerId: string, accepted: boolean) => this.apply(this.event({ $case: 'offerAnswered', value: { offerId, accepted } }));
  handBack = () => this.apply(this.event({ $case: 'handedBack', value: { agentId: 'ag', handoffId: '' } }));
  close = () => this.apply(this.event({ $case: 'conversationClosed', value: { resolvedBy: 1, resolved: true, resolutionNote: '' } }));
  timer = (at: Date) => {
    const decision = this.engine.onTimer(this.state, at);
    this.state = decision.state;
    this.decisions.push(decision);
    return decision;
  };

  get handoffs() {
    return this.decisions.flatMap((d) => (d.handoff ? [d.handoff] : []));
  }

  get offers() {
    return this.decisions.flatMap((d) => (d.offer ? [d.offer] : []));
  }
}
