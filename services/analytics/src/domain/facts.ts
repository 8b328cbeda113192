// What analytics remembers of each conversation and handoff, and the measures derived from it.
// Facts are written only with order-free operations (a sub-document per input event, earliest/latest by min/max), so
// the same events in any order, delivered any number of times, leave the same facts; everything below derives the
// measures from the whole set, never from "the last event seen".
import { secondsBetween } from './time';

export type RoutingStatusName = 'queued' | 'offered' | 'assigned' | 'step_fallback' | 'async_fallback' | 'abandoned' | 'completed' | 'transferred' | 'other';
export type ResolvedByName = 'ai' | 'human' | 'none' | 'unspecified';
export type Verdict = 'yes' | 'no' | 'unsure';

export interface HandoffRequestFact {
  at: Date;
  reason: string;
  mode: 'hard' | 'soft' | 'unspecified';
  category: string;
  tier: string;
  sentiment: number;
}

export interface RoutingFact {
  sequence: number;
  status: RoutingStatusName;
  at: Date;
  queueId: string;
  etaSeconds?: number;
  agentId?: string;
}

export interface OutcomeFact {
  outcomeId: string;
  handoffId: string;
  closedAt: Date;
  resolvedBy: ResolvedByName;
  resolved: boolean;
  csat?: number;
  resolutionCode: string;
  resolutionNote: string;
  closingSentiment?: number;
  customerId: string;
}

export interface FlagFact {
  agentId: string;
  verdict: Verdict;
  at: Date;
  note: string;
}

export interface HandoffFact {
  handoffId: string;
  conversationId: string;
  request?: HandoffRequestFact;
  /** Keyed by sequence. */
  routing: Record<string, RoutingFact>;
  /** Keyed by outcome id: outcomes naming this handoff. */
  outcomes: Record<string, OutcomeFact>;
  /** Keyed by agent: each agent's latest answer. */
  flags: Record<string, FlagFact>;
}

export interface SignalFact {
  at: Date;
  sentiment: number;
  category: string;
  confidence: number;
}

export interface IdentityFact {
  at: Date;
  customerId: string;
  tier: string;
}

export interface CloseFact {
  at: Date;
  resolvedBy: ResolvedByName;
  resolved: boolean;
  csat?: number;
  note: string;
}

/** A soft-trigger offer of a person (handoff.offered.v1). */
export interface OfferFact {
  offerId: string;
  /** Reason code of the soft trigger. */
  reason: string;
  at: Date;
}

/** The customer's answer to an offer; an empty offer id answers the latest offer made before it. */
export interface OfferAnswerFact {
  offerId: string;
  accepted: boolean;
  at: Date;
}

export type OfferAnswer = 'accepted' | 'declined' | 'unanswered';

export interface ConversationFact {
  conversationId: string;
  /** The earliest event of the conversation. */
  startedAt?: Date;
  identities: Record<string, IdentityFact>;
  signals: Record<string, SignalFact>;
  /** Handoffs requested in this conversation, keyed by handoff id. */
  handoffs: Record<string, { at: Date; category: string; tier: string }>;
  /** Keyed by event id. */
  agentMessages: Record<string, Date>;
  /** ConversationClosed events, keyed by event id. */
  closes: Record<string, CloseFact>;
  /** Outcomes on handoff.outcomes.v1, keyed by outcome id. */
  outcomes: Record<string, OutcomeFact>;
  /** Soft offers, keyed by offer id. */
  offers: Record<string, OfferFact>;
  /** OfferAnswered events, keyed by input id. */
  offerAnswers: Record<string, OfferAnswerFact>;
}

export interface MeasureSettings {
  /** A handoff an agent resolves within this many seconds is a quick resolution (a learning opportunity). */
  quickResolutionSeconds: number;
  repeatContactDays: number;
}

export const OTHER_CATEGORY = 'other';
export const UNKNOWN_TIER = 'unknown';

const latest = <T extends { at: Date }>(items: T[]): T | undefined =>
  items.reduce<T | undefined>((best, x) => (!best || x.at.getTime() > best.at.getTime() ? x : best), undefined);
const earliest = <T extends { at: Date }>(items: T[]): T | undefined =>
  items.reduce<T | undefined>((best, x) => (!best || x.at.getTime() < best.at.getTime() ? x : best), undefined);
const latestOutcome = (outcomes: OutcomeFact[]): OutcomeFact | undefined => latest(outcomes.map((o) => ({ ...o, at: o.closedAt })));

/** The ending of a conversation: its latest outcome, else its latest close event. */
export interface Ending {
  at: Date;
  resolvedBy: ResolvedByName;
  resolved: boolean;
  csat?: number;
  resolutionCode: string;
  resolutionNote: string;
  closingSentiment?: number;
}

export function endingOf(conversation: ConversationFact | undefined): Ending | undefined {
  if (!conversation) return undefined;
  const outcome = latestOutcome(Object.values(conversation.outcomes));
  if (outcome) {
    return {
      at: outcome.closedAt,
      resolvedBy: outcome.resolvedBy,
      resolved: outcome.resolved,
      ...(outcome.csat !== undefined ? { csat: outcome.csat } : {}),
      resolutionCode: outcome.resolutionCode,
      resolutionNote: outcome.resolutionNote,
      ...(outcome.closingSentiment !== undefined ? { closingSentiment: outcome.closingSentiment } : {}),
    };
  }
  const close = latest(Object.values(conversation.closes));
  if (!close) return undefined;
  return {
    at: close.at,
    resolvedBy: close.resolvedBy,
    resolved: close.resolved,
    ...(close.csat !== undefined ? { csat: close.csat } : {}),
    resolutionCode: '',
    resolutionNote: close.note,
  };
}

/** What a conversation is, as reports see it. */
export interface ConversationView {
  conversationId: string;
  startedAt: Date;
  customerId?: string;
  tier: string;
  /** The first handoff's category; for conversations the AI kept, the latest classified customer message's. */
  category: string;
  handedOff: boolean;
  ending?: Ending;
  /** Every soft offer made in the conversation, by trigger, with the customer's answer. */
  offers: Array<{ trigger: string; answer: OfferAnswer }>;
}

/** Each offer with its answer: the latest answer naming it, or (empty offer id) the latest offer made before the answer. */
export function answeredOffers(c: ConversationFact): Array<{ trigger: string; answer: OfferAnswer }> {
  const offers = Object.values(c.offers).sort((a, b) => a.at.getTime() - b.at.getTime() || a.offerId.localeCompare(b.offerId));
  const answers = new Map<string, OfferAnswerFact>();
  for (const a of Object.values(c.offerAnswers)) {
    const offerId = a.offerId || offers.filter((o) => o.at.getTime() <= a.at.getTime()).at(-1)?.offerId;
    const prev = offerId === undefined ? undefined : answers.get(offerId);
    if (offerId !== undefined && (!prev || prev.at.getTime() < a.at.getTime())) answers.set(offerId, a);
  }
  return offers.map((o) => {
    const a = answers.get(o.offerId);
    return { trigger: o.reason, answer: !a ? 'unanswered' : a.accepted ? 'accepted' : 'declined' };
  });
}

export function viewConversation(c: ConversationFact): ConversationView | undefined {
  if (!c.startedAt) return undefined;
  const customerId = latest(Object.values(c.identities).filter((i) => i.customerId))?.customerId;
  const firstHandoff = earliest(Object.values(c.handoffs));
  const signal = latest(Object.values(c.signals).filter((s) => s.category));
  const ending = endingOf(c);
  return {
    conversationId: c.conversationId,
    startedAt: c.startedAt,
    ...(customerId ? { customerId } : {}),
    tier: latest(Object.values(c.identities).filter((i) => i.tier))?.tier || firstHandoff?.tier || UNKNOWN_TIER,
    category: firstHandoff?.category || signal?.category || OTHER_CATEGORY,
    handedOff: Object.keys(c.handoffs).length > 0,
    ...(ending ? { ending } : {}),
    offers: answeredOffers(c),
  };
}

/**
 * Whether the conversation's customer had come back: an earlier conversation of the same customer on the same
 * category started within the window before this one.
 */
export function isRepeatContact(view: ConversationView, earlier: ConversationView[], settings: MeasureSettings): boolean {
  if (!view.customerId) return false;
  const windowStart = view.startedAt.getTime() - settings.repeatContactDays * 86_400_000;
  return earlier.some(
    (e) =>
      e.conversationId !== view.conversationId &&
      e.customerId === view.customerId &&
      e.category === view.category &&
      e.startedAt.getTime() < view.startedAt.getTime() &&
      e.startedAt.getTime() >= windowStart,
  );
}

/** Everything measured about one handoff. Durations in seconds; absent when the thing did not (yet) happen. */
export interface HandoffMeasures {
  handoffId: string;
  conversationId: string;
  requestedAt: Date;
  reason: string;
  category: string;
  tier: string;
  timeToAgent?: number;
  firstAgentReply?: number;
  abandoned: boolean;
  abandonedWait?: number;
  asyncTicket: boolean;
  resolvedByHuman: boolean;
  resolution?: number;
  handling?: number;
  quickResolution: boolean;
  resolutionCode: string;
  resolutionNote: string;
  sentimentAtHandoff: number;
  sentimentAtClose?: number;
  verdict?: Verdict;
  eta?: { queueId: string; estimateSeconds: number; actualSeconds: number };
}

const sortedRouting = (h: HandoffFact) => Object.values(h.routing).sort((a, b) => a.sequence - b.sequence);

/** The outcome that ends this handoff: one naming it, else the conversation's ending if this was its last handoff before the close. */
function handoffEnding(h: HandoffFact, conversation: ConversationFact | undefined, requestedAt: Date): Ending | undefined {
  const own = latestOutcome(Object.values(h.outcomes));
  if (own) {
    return {
      at: own.closedAt,
      resolvedBy: own.resolvedBy,
      resolved: own.resolved,
      ...(own.csat !== undefined ? { csat: own.csat } : {}),
      resolutionCode: own.resolutionCode,
      resolutionNote: own.resolutionNote,
      ...(own.closingSentiment !== undefined ? { closingSentiment: own.closingSentiment } : {}),
    };
  }
  const ending = endingOf(conversation);
  if (!conversation || !ending || ending.at.getTime() < requestedAt.getTime()) return undefined;
  const laterHandoff = Object.entries(conversation.handoffs).some(
    ([id, other]) => id !== h.handoffId && other.at.getTime() > requestedAt.getTime() && other.at.getTime() <= ending.at.getTime(),
  );
  return laterHandoff ? undefined : ending;
}

export function measureHandoff(h: HandoffFact, conversation: ConversationFact | undefined, settings: MeasureSettings): HandoffMeasures | undefined {
  const request = h.request;
  if (!request) return undefined;
  const requestedAt = request.at;
  const updates = sortedRouting(h);
  const assigned = updates.find((u) => u.status === 'assigned');
  const abandonedUpdate = updates.find((u) => u.status === 'abandoned');
  // Abandoned while waiting: the customer left before any agent took the handoff.
  const abandoned = abandonedUpdate !== undefined && (!assigned || assigned.sequence > abandonedUpdate.sequence);
  const completed = updates.find((u) => u.status === 'completed');
  const estimate = updates.find((u) => (u.status === 'queued' || u.status === 'step_fallback') && u.etaSeconds !== undefined);

  const firstReplyAt = Object.values(conversation?.agentMessages ?? {})
    .filter((at) => at.getTime() >= requestedAt.getTime())
    .sort((a, b) => a.getTime() - b.getTime())[0];

  const ending = handoffEnding(h, conversation, requestedAt);
  // Resolved by a person: the outcome says so; without an outcome, the agent completing the handoff.
  const resolvedByHuman = ending ? ending.resolved && ending.resolvedBy === 'human' : completed !== undefined;
  const resolvedAt = !resolvedByHuman ? undefined : ending ? ending.at : completed!.at;
  const handling = resolvedAt && assigned ? secondsBetween(assigned.at, resolvedAt) : undefined;

  // Closing sentiment: the outcome's, else the customer's last classified message after the handoff, once it has ended.
  const lastSignalAfter = latest(Object.values(conversation?.signals ?? {}).filter((s) => s.at.getTime() > requestedAt.getTime()));
  const sentimentAtClose = ending ? (ending.closingSentiment ?? lastSignalAfter?.sentiment) : undefined;

  const flag = latest(Object.values(h.flags));
  return {
    handoffId: h.handoffId,
    conversationId: h.conversationId,
    requestedAt,
    reason: request.reason,
    category: request.category || OTHER_CATEGORY,
    tier: request.tier || UNKNOWN_TIER,
    ...(assigned ? { timeToAgent: secondsBetween(requestedAt, assigned.at) } : {}),
    ...(firstReplyAt ? { firstAgentReply: secondsBetween(requestedAt, firstReplyAt) } : {}),
    abandoned,
    ...(abandoned ? { abandonedWait: secondsBetween(requestedAt, abandonedUpdate!.at) } : {}),
    asyncTicket: updates.some((u) => u.status === 'async_fallback'),
    resolvedByHuman,
    ...(resolvedAt ? { resolution: secondsBetween(requestedAt, resolvedAt) } : {}),
    ...(handling !== undefined ? { handling } : {}),
    quickResolution: handling !== undefined && handling <= settings.quickResolutionSeconds,
    resolutionCode: resolvedByHuman ? ending?.resolutionCode ?? '' : '',
    resolutionNote: resolvedByHuman ? ending?.resolutionNote ?? '' : '',
    sentimentAtHandoff: request.sentiment,
    ...(sentimentAtClose !== undefined ? { sentimentAtClose } : {}),
    ...(flag ? { verdict: flag.verdict } : {}),
    ...(estimate && assigned && assigned.sequence > estimate.sequence
      ? { eta: { queueId: estimate.queueId, estimateSeconds: estimate.etaSeconds!, actualSeconds: secondsBetween(estimate.at, assigned.at) } }
      : {}),
  };
}
