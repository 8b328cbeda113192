// Inputs: one stored record per input event, under a unique id derived from the event's own id. They are only ever
// inserted (a redelivery is a duplicate key, ignored), and the facts are assembled from the whole set, so the same
// events in any order and delivered any number of times give the same facts.
import type { CloseFact, ConversationFact, FlagFact, HandoffFact, HandoffRequestFact, IdentityFact, OfferAnswerFact, OfferFact, OutcomeFact, RoutingFact, SignalFact } from './facts';

export type Input =
  | { id: string; kind: 'event'; conversationId: string; at: Date }
  | { id: string; kind: 'identity'; conversationId: string; at: Date; customerId: string; tier: string }
  | { id: string; kind: 'agent_message'; conversationId: string; at: Date }
  | { id: string; kind: 'close'; conversationId: string; at: Date; close: CloseFact }
  | { id: string; kind: 'signal'; conversationId: string; at: Date; signal: SignalFact }
  | { id: string; kind: 'offer'; conversationId: string; at: Date; offer: OfferFact }
  | { id: string; kind: 'offer_answer'; conversationId: string; at: Date; answer: OfferAnswerFact }
  | { id: string; kind: 'request'; conversationId: string; handoffId: string; at: Date; request: HandoffRequestFact }
  | { id: string; kind: 'routing'; conversationId: string; handoffId: string; at: Date; routing: RoutingFact }
  | { id: string; kind: 'outcome'; conversationId: string; handoffId: string; at: Date; outcome: OutcomeFact }
  | { id: string; kind: 'flag'; handoffId: string; at: Date; flag: FlagFact };

/** Kinds whose time is when the conversation happened (so they can start it). Flags are agents' later opinions. */
const startsConversation = (i: Input) => i.kind !== 'flag';

export function assembleConversation(conversationId: string, inputs: Input[]): ConversationFact {
  const fact: ConversationFact = { conversationId, identities: {}, signals: {}, handoffs: {}, agentMessages: {}, closes: {}, outcomes: {}, offers: {}, offerAnswers: {} };
  for (const i of inputs) {
    if (i.kind === 'flag' || i.conversationId !== conversationId) continue;
    if (startsConversation(i) && (!fact.startedAt || i.at < fact.startedAt)) fact.startedAt = i.at;
    if (i.kind === 'identity') fact.identities[i.id] = { at: i.at, customerId: i.customerId, tier: i.tier } satisfies IdentityFact;
    else if (i.kind === 'agent_message') fact.agentMessages[i.id] = i.at;
    else if (i.kind === 'close') fact.closes[i.id] = i.close;
    else if (i.kind === 'signal') fact.signals[i.id] = i.signal;
    else if (i.kind === 'request') fact.handoffs[i.handoffId] = { at: i.request.at, category: i.request.category, tier: i.request.tier };
    else if (i.kind === 'outcome') fact.outcomes[i.outcome.outcomeId] = i.outcome;
    else if (i.kind === 'offer') fact.offers[i.offer.offerId] = i.offer;
    else if (i.kind === 'offer_answer') fact.offerAnswers[i.id] = i.answer;
  }
  return fact;
}

export function assembleHandoff(handoffId: string, inputs: Input[]): HandoffFact {
  const fact: HandoffFact = { handoffId, conversationId: '', routing: {}, outcomes: {}, flags: {} };
  for (const i of inputs) {
    if (i.kind !== 'request' && i.kind !== 'routing' && i.kind !== 'outcome' && i.kind !== 'flag') continue;
    if (i.handoffId !== handoffId) continue;
    if (i.kind === 'request') {
      fact.request = i.request;
      fact.conversationId = i.conversationId;
    } else if (i.kind === 'routing') {
      // Two different updates claiming one sequence: keep the later, deterministically.
      const prev = fact.routing[String(i.routing.sequence)];
      if (!prev || prev.at < i.routing.at || (prev.at.getTime() === i.routing.at.getTime() && prev.status < i.routing.status)) fact.routing[String(i.routing.sequence)] = i.routing;
      fact.conversationId ||= i.conversationId;
    } else if (i.kind === 'outcome') {
      fact.outcomes[i.outcome.outcomeId] = i.outcome;
      fact.conversationId ||= i.conversationId;
    } else if (i.kind === 'flag') {
      // Each agent's latest answer counts.
      const prev = fact.flags[i.flag.agentId];
      if (!prev || prev.at < i.flag.at) fact.flags[i.flag.agentId] = i.flag;
    }
  }
  return fact;
}
