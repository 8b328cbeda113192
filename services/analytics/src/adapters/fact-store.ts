// Inputs in MongoDB: one document per input event under a unique _id derived from the event's own id, only ever
// inserted. A redelivery is a duplicate key and changes nothing; there are no updates to race (FerretDB does not apply
// concurrent updates of one document atomically). Each new input marks the hours whose cells it may change.
import { Role, RoutingStatus, Resolver, ResolvedBy, TriggerMode, type ContextPackage, type ConversationEvent, type ConversationOutcome, type ConversationSignals, type HandoffOffered, type HandoffRequested, type RoutingUpdate } from '@handoff/contracts';
import { isDuplicateKeyError, type Collection, type Db, type Document, type IndexPlan } from '@handoff/store';
import type { ConversationFact, HandoffFact, ResolvedByName, RoutingStatusName, Verdict } from '../domain/facts';
import { assembleConversation, assembleHandoff, type Input } from '../domain/inputs';
import { reasonCode } from '../domain/reasons';
import { DAY_MS, hourOf } from '../domain/time';

export const factIndexes: IndexPlan = {
  inputs: [
    { key: { conversationId: 1, at: 1 }, name: 'conversation_at' },
    { key: { handoffId: 1 }, name: 'handoff' },
    { key: { at: 1 }, name: 'at' },
    { key: { customerId: 1, at: 1 }, name: 'customer_at' },
  ],
};

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
const RESOLVED_BY: Record<number, ResolvedByName> = { [ResolvedBy.RESOLVED_BY_AI]: 'ai', [ResolvedBy.RESOLVED_BY_HUMAN]: 'human', [ResolvedBy.RESOLVED_BY_NONE]: 'none' };

type InputDoc = Document & { _id: string; kind: Input['kind']; at: Date; conversationId?: string; handoffId?: string; customerId?: string };

/** The hours whose cells a new input may have changed. */
export type DirtyMarker = (hours: Date[]) => Promise<void>;

// Identity inputs carry customerId at the top level, where the customer_at index finds them.
/** Conversations checked per query by the retention sweep. */
const FORGET_BATCH = 500;

const storedInputOf = ({ id, ...rest }: Input): InputDoc => ({ _id: id, ...rest }) as InputDoc;
const toInput = ({ _id, ...rest }: InputDoc): Input => ({ id: _id, ...rest }) as unknown as Input;

export class FactStore {
  readonly inputs: Collection<InputDoc>;
  private readonly claims: Collection<{ _id: string; at: Date }>;

  constructor(
    db: Db,
    private readonly markDirty: DirtyMarker,
    private readonly repeatContactDays: number,
  ) {
    this.inputs = db.collection<InputDoc>('inputs');
    this.claims = db.collection('live_metric_claims');
  }

  async recordConversationEvent(event: ConversationEvent, fallbackAt: Date): Promise<boolean> {
    const at = event.occurredAt ?? fallbackAt;
    const base = { id: `ev:${event.eventId}`, conversationId: event.conversationId, at };
    const p = event.payload;
    if (p?.$case === 'customerIdentified') return this.insert({ ...base, kind: 'identity', customerId: p.value.customerId, tier: p.value.tier });
    if (p?.$case === 'messagePosted' && p.value.role === Role.ROLE_AGENT) return this.insert({ ...base, kind: 'agent_message' });
    if (p?.$case === 'offerAnswered') return this.insert({ ...base, kind: 'offer_answer', answer: { offerId: p.value.offerId, accepted: p.value.accepted, at } });
    if (p?.$case === 'conversationClosed') {
      const v = p.value;
      return this.insert({ ...base, kind: 'close', close: { at, resolvedBy: RESOLVER[v.resolvedBy] ?? 'unspecified', resolved: v.resolved, ...(v.csat !== undefined ? { csat: v.csat } : {}), note: v.resolutionNote } });
    }
    return this.insert({ ...base, kind: 'event' });
  }

  recordSignals(s: ConversationSignals, fallbackAt: Date): Promise<boolean> {
    const at = s.observedAt ?? fallbackAt;
    return this.insert({ id: `sig:${s.conversationId}:${s.eventId}`, kind: 'signal', conversationId: s.conversationId, at, signal: { at, sentiment: s.sentimentScore, category: s.category, confidence: s.categoryConfidence } });
  }

  recordOffer(o: HandoffOffered, fallbackAt: Date): Promise<boolean> {
    const at = o.offeredAt ?? fallbackAt;
    return this.insert({ id: `offer:${o.offerId}`, kind: 'offer', conversationId: o.conversationId, at, offer: { offerId: o.offerId, reason: reasonCode(o.reason), at } });
  }

  /** The context package names the customer as context assembled it: a fallback for chat systems that identify late. */
  async recordContext(pkg: ContextPackage, fallbackAt: Date): Promise<boolean> {
    const customer = pkg.customer;
    if (!customer || (!customer.customerId && !customer.tier)) return false;
    const at = pkg.request?.requestedAt ?? pkg.assembledAt ?? fallbackAt;
    return this.insert({ id: `ctx:${pkg.handoffId}`, kind: 'identity', conversationId: pkg.conversationId, at, customerId: customer.customerId, tier: customer.tier });
  }

  recordRequest(r: HandoffRequested, fallbackAt: Date): Promise<boolean> {
    const at = r.requestedAt ?? fallbackAt;
    const mode = r.mode === TriggerMode.TRIGGER_MODE_HARD ? 'hard' : r.mode === TriggerMode.TRIGGER_MODE_SOFT ? 'soft' : 'unspecified';
    return this.insert({
      id: `req:${r.handoffId}`,
      kind: 'request',
      conversationId: r.conversationId,
      handoffId: r.handoffId,
      at,
      request: { at, reason: reasonCode(r.reason), mode, category: r.category, tier: r.customerTier, sentiment: r.sentimentScore },
    });
  }

  recordRouting(u: RoutingUpdate, fallbackAt: Date): Promise<boolean> {
    const at = u.at ?? fallbackAt;
    return this.insert({
      id: `rt:${u.updateId}`,
      kind: 'routing',
      conversationId: u.conversationId,
      handoffId: u.handoffId,
      at,
      routing: {
        sequence: u.sequence,
        status: ROUTING_STATUS[u.status] ?? 'other',
        at,
        queueId: u.queueId,
        ...(u.etaSeconds !== undefined ? { etaSeconds: u.etaSeconds } : {}),
        ...(u.agent?.agentId ? { agentId: u.agent.agentId } : {}),
      },
    });
  }

  recordOutcome(o: ConversationOutcome): Promise<boolean> {
    return this.insert({
      id: `out:${o.outcomeId}`,
      kind: 'outcome',
      conversationId: o.conversationId,
      handoffId: o.handoffId,
      at: o.closedAt!,
      outcome: {
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
      },
    });
  }

  /** An agent's answer (each agent's latest counts); returns whether the handoff's request is known yet. */
  async recordFlag(handoffId: string, flag: { agentId: string; verdict: Verdict; at: Date; note: string }): Promise<boolean> {
    await this.insert({ id: `flag:${handoffId}:${flag.agentId}:${flag.at.getTime()}`, kind: 'flag', handoffId, at: flag.at, flag });
    return (await this.inputs.findOne({ _id: `req:${handoffId}` }, { projection: { _id: 1 } })) !== null;
  }

  /**
   * True for the first caller only, across handlers and replicas: the request and the assignment of one handoff can be
   * handled at the same moment, and both may see the other, yet a live measurement must be recorded once.
   */
  async claimOnce(key: string, at: Date): Promise<boolean> {
    try {
      await this.claims.insertOne({ _id: key, at });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async handoff(handoffId: string): Promise<HandoffFact> {
    return assembleHandoff(handoffId, (await this.inputs.find({ handoffId }).toArray()).map(toInput));
  }

  async conversation(conversationId: string): Promise<ConversationFact> {
    return assembleConversation(conversationId, (await this.inputs.find({ conversationId }).toArray()).map(toInput));
  }

  /** Every input of these conversations or handoffs. */
  async inputsOf(conversationIds: string[], handoffIds: string[] = []): Promise<Input[]> {
    if (conversationIds.length === 0 && handoffIds.length === 0) return [];
    const docs = await this.inputs.find({ $or: [{ conversationId: { $in: conversationIds } }, { handoffId: { $in: handoffIds } }] }).toArray();
    return docs.map(toInput);
  }

  /** Conversation and request inputs that happened in [start, end). */
  async happenedBetween(start: Date, end: Date): Promise<Input[]> {
    return (await this.inputs.find({ at: { $gte: start, $lt: end }, kind: { $ne: 'flag' } }).toArray()).map(toInput);
  }

  /** Conversations in which these customers were identified in [start, end). */
  async conversationsOfCustomers(customers: string[], start: Date, end: Date): Promise<string[]> {
    if (customers.length === 0) return [];
    const docs = await this.inputs.find({ customerId: { $in: customers }, at: { $gte: start, $lt: end } }).toArray();
    return [...new Set(docs.map((d) => d.conversationId!).filter(Boolean))];
  }

  /**
   * Retention: deletes the inputs of every conversation with none since `cutoff` (whole conversations, so that what is
   * left of a conversation is all of it), and agents' flags and live-metric claims from before it. Cells computed from
   * them stay (CellStore keeps hours this old from being recomputed). Returns how many inputs were deleted.
   */
  async forgetBefore(cutoff: Date): Promise<number> {
    const old = new Set<string>();
    for await (const d of this.inputs.find({ at: { $lt: cutoff }, conversationId: { $exists: true } }, { projection: { conversationId: 1 } })) old.add(d.conversationId!);
    let deleted = 0;
    const candidates = [...old];
    for (let i = 0; i < candidates.length; i += FORGET_BATCH) {
      const batch = candidates.slice(i, i + FORGET_BATCH);
      const active = new Set((await this.inputs.find({ conversationId: { $in: batch }, at: { $gte: cutoff } }, { projection: { conversationId: 1 } }).toArray()).map((d) => d.conversationId));
      const idle = batch.filter((id) => !active.has(id));
      if (idle.length > 0) deleted += (await this.inputs.deleteMany({ conversationId: { $in: idle }, at: { $lt: cutoff } })).deletedCount;
    }
    deleted += (await this.inputs.deleteMany({ kind: 'flag', at: { $lt: cutoff } })).deletedCount;
    await this.claims.deleteMany({ at: { $lt: cutoff } });
    return deleted;
  }

  /** Stores one input; false when it was already there (a redelivery), in which case nothing changed. */
  private async insert(input: Input): Promise<boolean> {
    try {
      await this.inputs.insertOne(storedInputOf(input));
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
    await this.markDirty(await this.affectedHours(input));
    return true;
  }

  /**
   * The input's own hour; the conversation's start hour before and after it (an earlier event moves the conversation);
   * the hours of the conversation's handoff requests; and, for repeat contact, the start hours of the same customer's
   * conversations in the window after this one.
   */
  private async affectedHours(input: Input): Promise<Date[]> {
    const hours = [hourOf(input.at)];
    let conversationId = input.kind === 'flag' ? undefined : input.conversationId;
    if (input.kind === 'flag') {
      const request = await this.inputs.findOne({ _id: `req:${input.handoffId}` });
      if (request) {
        hours.push(hourOf(request.at));
        conversationId = request.conversationId;
      }
    }
    if (!conversationId) return hours;
    // One read of the conversation's inputs gives its start (before and after this one), its requests and customers.
    const all = (await this.inputs.find({ conversationId }).toArray()).filter((d) => d.kind !== 'flag');
    const times = all.map((d) => d.at.getTime()).sort((a, b) => a - b);
    for (const t of times.slice(0, 2)) hours.push(hourOf(new Date(t)));
    for (const r of all.filter((d) => d.kind === 'request')) hours.push(hourOf(r.at));
    // Repeat contact of the same customer's later conversations depends on this one's customer, category and start.
    const customers = [...new Set(all.map((d) => d.customerId).filter((c): c is string => Boolean(c)))];
    const start = times[0];
    const changesRepeat = input.kind === 'identity' || input.kind === 'request' || input.kind === 'signal' || input.at.getTime() === start;
    if (start !== undefined && customers.length > 0 && changesRepeat) {
      const later = await this.inputs
        .find({ customerId: { $in: customers }, at: { $gt: new Date(start), $lte: new Date(start + this.repeatContactDays * DAY_MS) } })
        .toArray();
      const others = [...new Set(later.map((d) => d.conversationId!).filter((c) => c && c !== conversationId))];
      if (others.length > 0) {
        const starts = new Map<string, number>();
        for (const d of await this.inputs.find({ conversationId: { $in: others } }).toArray()) {
          if (d.kind !== 'flag') starts.set(d.conversationId!, Math.min(starts.get(d.conversationId!) ?? Infinity, d.at.getTime()));
        }
        for (const t of starts.values()) hours.push(hourOf(new Date(t)));
      }
    }
    return hours;
  }
}
