// MongoDB facts of conversations and handoffs. Every write is order-free (a sub-document per input event or id,
// $min for the start), so duplicates and out-of-order delivery converge on the same document; each write then marks
// the hours whose cells must be recomputed.
import { Role, RoutingStatus, Resolver, ResolvedBy, TriggerMode, type ContextPackage, type ConversationEvent, type ConversationOutcome, type ConversationSignals, type HandoffRequested, type RoutingUpdate } from '@handoff/contracts';
import { isDuplicateKeyError, type Collection, type Db, type Document, type IndexPlan } from '@handoff/store';
import type { ConversationFact, HandoffFact, OutcomeFact, ResolvedByName, RoutingStatusName, Verdict } from '../domain/facts';
import { reasonCode } from '../domain/reasons';
import { DAY_MS, hourOf } from '../domain/time';

export const factIndexes: IndexPlan = {
  conversations: [
    { key: { startedAt: 1 }, name: 'startedAt' },
    { key: { customerIds: 1, startedAt: 1 }, name: 'customer_startedAt' },
  ],
  handoffs: [{ key: { 'request.at': 1 }, name: 'requestedAt' }],
};

/** Sub-document keys come from ids; MongoDB field names may not hold dots or start with $. */
export const safeKey = (id: string): string => id.replace(/[.$]/g, '_');

const ROUTING_STATUS: Record<number, RoutingStatusName> = {
  [RoutingStatus.ROUTING_STATUS_QUEUED]: 'queued',
  [RoutingStatus.ROUTING_STATUS_OFFERED]: 'offered',
  [RoutingStatus.ROUTING_STATUS_ASSIGNED]: 'assigned',
  [RoutingStatus.ROUTING_STATUS_ASYNC_FALLBACK]: 'async_fallback',
  [RoutingStatus.ROUTING_STATUS_ABANDONED]: 'abandoned',
  [RoutingStatus.ROUTING_STATUS_COMPLETED]: 'completed',
  [RoutingStatus.ROUTING_STATUS_STEP_FALLBACK]: 'step_fallback',
  [RoutingStatus.ROUTING_STATUS_TRANSFERRED]: 'transferred',
};

const RESOLVER: Record<number, ResolvedByName> = {
  [Resolver.RESOLVER_BOT]: 'ai',
  [Resolver.RESOLVER_AGENT]: 'human',
  [Resolver.RESOLVER_CUSTOMER_LEFT]: 'none',
  [Resolver.RESOLVER_TIMEOUT]: 'none',
};

const RESOLVED_BY: Record<number, ResolvedByName> = {
  [ResolvedBy.RESOLVED_BY_AI]: 'ai',
  [ResolvedBy.RESOLVED_BY_HUMAN]: 'human',
  [ResolvedBy.RESOLVED_BY_NONE]: 'none',
};

type ConversationDoc = Document & { _id: string };
type HandoffDoc = Document & { _id: string };

/** The hours whose cells a write may have changed. */
export type DirtyMarker = (hours: Date[]) => Promise<void>;

export class FactStore {
  readonly conversations: Collection<ConversationDoc>;
  readonly handoffs: Collection<HandoffDoc>;

  constructor(
    db: Db,
    private readonly markDirty: DirtyMarker,
    private readonly repeatContactDays: number,
  ) {
    this.conversations = db.collection<ConversationDoc>('conversations');
    this.handoffs = db.collection<HandoffDoc>('handoffs');
  }

  async recordConversationEvent(event: ConversationEvent, fallbackAt: Date): Promise<void> {
    const at = event.occurredAt ?? fallbackAt;
    const key = safeKey(event.eventId);
    const set: Document = {};
    const addToSet: Document = {};
    const payload = event.payload;
    if (payload?.$case === 'customerIdentified') {
      set[`identities.${key}`] = { at, customerId: payload.value.customerId, tier: payload.value.tier };
      if (payload.value.customerId) addToSet['customerIds'] = payload.value.customerId;
    } else if (payload?.$case === 'messagePosted' && payload.value.role === Role.ROLE_AGENT) {
      set[`agentMessages.${key}`] = at;
    } else if (payload?.$case === 'conversationClosed') {
      const v = payload.value;
      set[`closes.${key}`] = { at, resolvedBy: RESOLVER[v.resolvedBy] ?? 'unspecified', resolved: v.resolved, ...(v.csat !== undefined ? { csat: v.csat } : {}), note: v.resolutionNote };
    }
    await this.updateConversation(event.conversationId, at, set, addToSet);
  }

  async recordSignals(signals: ConversationSignals, fallbackAt: Date): Promise<void> {
    const at = signals.observedAt ?? fallbackAt;
    await this.updateConversation(signals.conversationId, at, {
      [`signals.${safeKey(signals.eventId)}`]: { at, sentiment: signals.sentimentScore, category: signals.category, confidence: signals.categoryConfidence },
    });
  }

  /** The context package names the customer as context assembled it; a fallback for chat systems that identify late. */
  async recordContext(pkg: ContextPackage, fallbackAt: Date): Promise<void> {
    const customer = pkg.customer;
    if (!customer || (!customer.customerId && !customer.tier)) return;
    const at = pkg.request?.requestedAt ?? pkg.assembledAt ?? fallbackAt;
    await this.updateConversation(
      pkg.conversationId,
      at,
      { [`identities.${safeKey(`context:${pkg.handoffId}`)}`]: { at, customerId: customer.customerId, tier: customer.tier } },
      customer.customerId ? { customerIds: customer.customerId } : {},
    );
  }

  /** Returns whether this request was new (for the live metrics). */
  async recordRequest(r: HandoffRequested, fallbackAt: Date): Promise<{ first: boolean; before: HandoffFact | undefined }> {
    const at = r.requestedAt ?? fallbackAt;
    const request = {
      at,
      reason: reasonCode(r.reason),
      mode: r.mode === TriggerMode.TRIGGER_MODE_HARD ? 'hard' : r.mode === TriggerMode.TRIGGER_MODE_SOFT ? 'soft' : 'unspecified',
      category: r.category,
      tier: r.customerTier,
      sentiment: r.sentimentScore,
    };
    const before = await this.updateHandoff(r.handoffId, r.conversationId, { request });
    await this.updateConversation(r.conversationId, at, { [`handoffs.${safeKey(r.handoffId)}`]: { at, category: r.category, tier: r.customerTier } });
    return { first: !before?.request, before };
  }

  async recordRouting(u: RoutingUpdate, fallbackAt: Date): Promise<HandoffFact | undefined> {
    const routing = {
      sequence: u.sequence,
      status: ROUTING_STATUS[u.status] ?? 'other',
      at: u.at ?? fallbackAt,
      queueId: u.queueId,
      ...(u.etaSeconds !== undefined ? { etaSeconds: u.etaSeconds } : {}),
      ...(u.agent?.agentId ? { agentId: u.agent.agentId } : {}),
    };
    const before = await this.updateHandoff(u.handoffId, u.conversationId, { [`routing.${u.sequence}`]: routing });
    await this.markConversationHours(u.conversationId, []);
    return before;
  }

  async recordOutcome(o: ConversationOutcome): Promise<void> {
    const fact: OutcomeFact = {
      outcomeId: o.outcomeId,
      handoffId: o.handoffId,
      closedAt: o.closedAt!,
      resolvedBy: RESOLVED_BY[o.resolvedBy] ?? 'unspecified',
      resolved: o.resolved,
      ...(o.csat !== undefined ? { csat: o.csat } : {}),
      resolutionCode: o.resolutionCode,
      resolutionNote: o.resolutionNote,
      ...(o.closingSentiment !== undefined ? { closingSentiment: o.closingSentiment } : {}),
      customerId: o.customerId,
    };
    const key = safeKey(o.outcomeId);
    if (o.handoffId) await this.updateHandoff(o.handoffId, o.conversationId, { [`outcomes.${key}`]: fact });
    await this.updateConversation(o.conversationId, o.closedAt!, { [`outcomes.${key}`]: fact }, o.customerId ? { customerIds: o.customerId } : {});
  }

  /** An agent's answer; returns whether the handoff's request is known yet. */
  async recordFlag(handoffId: string, flag: { agentId: string; verdict: Verdict; at: Date; note: string }): Promise<boolean> {
    const before = await this.updateHandoff(handoffId, undefined, { [`flags.${safeKey(flag.agentId)}`]: flag });
    return Boolean(before?.request);
  }

  async conversation(id: string): Promise<ConversationFact | undefined> {
    const doc = await this.conversations.findOne({ _id: id });
    return doc ? toConversationFact(doc) : undefined;
  }

  async handoff(id: string): Promise<HandoffFact | undefined> {
    const doc = await this.handoffs.findOne({ _id: id });
    return doc ? toHandoffFact(doc) : undefined;
  }

  private async updateHandoff(handoffId: string, conversationId: string | undefined, set: Document): Promise<HandoffFact | undefined> {
    const update = { $set: { ...set, ...(conversationId ? { conversationId } : {}) } };
    const before = await retryOnDuplicate(() => this.handoffs.findOneAndUpdate({ _id: handoffId }, update, { upsert: true, returnDocument: 'before' }));
    const after = before ? { ...before, ...(set.request ? { request: set.request } : {}) } : set.request ? { request: set.request } : undefined;
    const requestAt = (after?.request as { at?: Date } | undefined)?.at;
    const convId = conversationId || (before?.conversationId as string | undefined);
    await this.markDirty(requestAt ? [hourOf(requestAt)] : []);
    if (convId && !set.request) await this.markConversationHours(convId, []);
    return before ? toHandoffFact(before) : undefined;
  }

  private async updateConversation(conversationId: string, at: Date, set: Document, addToSet: Document = {}): Promise<void> {
    const update: Document = { $min: { startedAt: at } };
    if (Object.keys(set).length > 0) update.$set = set;
    if (Object.keys(addToSet).length > 0) update.$addToSet = addToSet;
    const before = await retryOnDuplicate(() =>
      this.conversations.findOneAndUpdate({ _id: conversationId }, update, { upsert: true, returnDocument: 'before', projection: { startedAt: 1 } }),
    );
    const oldStart = before?.startedAt as Date | undefined;
    await this.markConversationHours(conversationId, oldStart ? [hourOf(oldStart)] : []);
  }

  /**
   * The conversation's own hour, its handoffs' hours, and, for repeat contact, the hours of the same customer's
   * conversations in the window after it.
   */
  private async markConversationHours(conversationId: string, extra: Date[]): Promise<void> {
    const doc = await this.conversations.findOne({ _id: conversationId }, { projection: { startedAt: 1, handoffs: 1, customerIds: 1 } });
    const hours = [...extra];
    const start = doc?.startedAt as Date | undefined;
    if (start) hours.push(hourOf(start));
    for (const h of Object.values((doc?.handoffs ?? {}) as Record<string, { at: Date }>)) hours.push(hourOf(h.at));
    const customers = (doc?.customerIds ?? []) as string[];
    if (start && customers.length > 0) {
      const later = await this.conversations
        .find({ customerIds: { $in: customers }, startedAt: { $gt: start, $lte: new Date(start.getTime() + this.repeatContactDays * DAY_MS) } }, { projection: { startedAt: 1 } })
        .toArray();
      for (const c of later) hours.push(hourOf(c.startedAt as Date));
    }
    await this.markDirty(hours);
  }
}

/** Concurrent first writes of one _id: the losing upsert fails with a duplicate key, and a retry updates the winner's. */
async function retryOnDuplicate<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    return write();
  }
}

const record = <T>(value: unknown): Record<string, T> => (value && typeof value === 'object' ? (value as Record<string, T>) : {});

export function toConversationFact(doc: Document): ConversationFact {
  return {
    conversationId: doc._id as string,
    ...(doc.startedAt ? { startedAt: doc.startedAt as Date } : {}),
    identities: record(doc.identities),
    signals: record(doc.signals),
    handoffs: record(doc.handoffs),
    agentMessages: record(doc.agentMessages),
    closes: record(doc.closes),
    outcomes: record(doc.outcomes),
  };
}

export function toHandoffFact(doc: Document): HandoffFact {
  return {
    handoffId: doc._id as string,
    conversationId: (doc.conversationId as string | undefined) ?? '',
    ...(doc.request ? { request: doc.request as HandoffFact['request'] } : {}),
    routing: record(doc.routing),
    outcomes: record(doc.outcomes),
    flags: record(doc.flags),
  };
}
