// What detection remembers about a conversation between events. Bounded: histories keep the last few entries only,
// so 100,000 active conversations fit in memory and in small documents.
import type { Category } from './category';

export const HISTORY = 8;

export interface PendingOffer {
  offerId: string;
  reason: number;
  detail: string;
  offeredAt: Date;
}

export interface ConversationState {
  conversationId: string;
  /** Escalations so far; the next handoff gets escalationSequence + 1. */
  escalationSequence: number;
  /** A handoff is open: no further escalation until an agent hands the conversation back. */
  escalated: boolean;
  closed: boolean;
  tier: string;
  language: string;
  /** As the chat system reported it ("chat", "messaging", ...); empty until it does. */
  channel: string;
  /** Latest category seen other than "other", with the classifier's confidence. */
  category: Category;
  categoryConfidence: number;
  /** Counted since the conversation started or was handed back. */
  customerMessages: number;
  botTurns: number;
  startedAt: Date | undefined;
  lastEventAt: Date | undefined;
  customerSentiments: number[];
  customerQuestions: Array<{ eventId: string; words: string[] }>;
  botAnswers: Array<{ eventId: string; words: string[] }>;
  botConfidences: number[];
  offersMade: number;
  pendingOffer: PendingOffer | undefined;
  /** customerMessages when the customer last declined an offer; no new offer until the cooldown has passed. */
  declinedAtMessage: number | undefined;
  /** The segment rule fires once per conversation. */
  segmentRuleFired: boolean;
  /** The time limit fires once (until a hand-back starts counting afresh); its timer is then gone. */
  timeLimitFired: boolean;
}

export function initialState(conversationId: string): ConversationState {
  return {
    conversationId,
    escalationSequence: 0,
    escalated: false,
    closed: false,
    tier: 'standard',
    language: '',
    channel: '',
    category: 'other',
    categoryConfidence: 0,
    customerMessages: 0,
    botTurns: 0,
    startedAt: undefined,
    lastEventAt: undefined,
    customerSentiments: [],
    customerQuestions: [],
    botAnswers: [],
    botConfidences: [],
    offersMade: 0,
    pendingOffer: undefined,
    declinedAtMessage: undefined,
    segmentRuleFired: false,
    timeLimitFired: false,
  };
}

export const keepLast = <T>(items: T[], item: T): T[] => [...items, item].slice(-HISTORY);
