// Replays past conversations through the real detection engine (no Kafka, no database) and measures the decisions
// against labels. Evaluate (gRPC) runs single conversations through the same runConversation.
import type { ConversationEvent, ConversationSignals, HandoffOffered, HandoffRequested } from '@handoff/contracts';
import { DetectionEngine, type Decision } from '../domain/engine';
import type { MessageClassifier } from '../domain/classifiers';
import { policySchema, type Policy } from '../domain/policy/schema';
import { initialState, type ConversationState } from '../domain/state';
import type { TriggerHit } from '../domain/triggers';
import { reasonCode, REASON_CODES, type ReasonCode } from './reason-codes';
import { LATEST_OFFER, type ReplayConversation } from './replay-input';

export interface ConversationDecision {
  conversation_id: string;
  escalate: boolean;
  reason: ReasonCode | null;
  /** The event (index in the input) that escalated, or "timer". */
  at_event: number | 'timer' | null;
  offers: number;
  /** Every trigger that fired at any point, acting or not. */
  triggers_fired: ReasonCode[];
  policy_version: string;
  expected?: { escalate: boolean; reason?: ReasonCode };
}

/** Everything the engine decided over one conversation. */
export interface ConversationRun {
  state: ConversationState;
  handoff: HandoffRequested | undefined;
  /** The event (index) that escalated, or "timer". */
  handoffAt: number | 'timer' | undefined;
  offers: HandoffOffered[];
  signals: ConversationSignals[];
  hits: TriggerHit[];
}

/**
 * Runs the engine over a conversation's events in order. The timer is simulated: it fires when its due time passes
 * before the next event. An offer answer without an offer id (or LATEST_OFFER) answers the latest offer made.
 */
export function runConversation(engine: DetectionEngine, conversationId: string, events: ConversationEvent[]): ConversationRun {
  const run: ConversationRun = { state: initialState(conversationId), handoff: undefined, handoffAt: undefined, offers: [], signals: [], hits: [] };
  let timerDueAt: Date | undefined;
  const take = (decision: Decision, at: number | 'timer') => {
    run.state = decision.state;
    timerDueAt = decision.timerDueAt;
    run.hits.push(...decision.hits);
    if (decision.offer) run.offers.push(decision.offer);
    if (decision.signals) run.signals.push(decision.signals);
    if (decision.handoff && !run.handoff) {
      run.handoff = decision.handoff;
      run.handoffAt = at;
    }
  };
  events.forEach((original, index) => {
    const at = original.occurredAt ?? new Date(0);
    if (timerDueAt && timerDueAt <= at) take(engine.onTimer(run.state, timerDueAt), 'timer');
    const payload = original.payload;
    const answersLatest = payload?.$case === 'offerAnswered' && (payload.value.offerId === LATEST_OFFER || payload.value.offerId === '');
    const event = answersLatest ? { ...original, payload: { ...payload, value: { ...payload.value, offerId: run.offers.at(-1)?.offerId ?? '' } } } : original;
    take(engine.onEvent(run.state, event, at), index);
  });
  return run;
}

export function replayConversation(engine: DetectionEngine, conversation: ReplayConversation): ConversationDecision {
  const run = runConversation(engine, conversation.conversationId, conversation.events);
  return {
    conversation_id: conversation.conversationId,
    escalate: run.handoff !== undefined,
    reason: run.handoff ? reasonCode(run.handoff.reason) : null,
    at_event: run.handoffAt ?? null,
    offers: run.offers.length,
    triggers_fired: [...new Set(run.hits.map((h) => reasonCode(h.reason)))],
    policy_version: engine.policy.version,
    ...(conversation.expected ? { expected: conversation.expected } : {}),
  };
}

export function replayAll(policy: Policy, classifier: MessageClassifier, conversations: ReplayConversation[]): ConversationDecision[] {
  const engine = new DetectionEngine(policy, classifier);
  return conversations.map((c) => replayConversation(engine, c));
}

export interface Rates {
  labelled: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  precision: number;
  recall: number;
  f1: number;
  falsePositiveRate: number;
  falseNegativeRate: number;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

function rates(pairs: Array<{ predicted: boolean; actual: boolean }>): Rates {
  const tp = pairs.filter((p) => p.predicted && p.actual).length;
  const fp = pairs.filter((p) => p.predicted && !p.actual).length;
  const fn = pairs.filter((p) => !p.predicted && p.actual).length;
  const tn = pairs.length - tp - fp - fn;
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  return {
    labelled: pairs.length,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    trueNegatives: tn,
    precision,
    recall,
    f1: ratio(2 * precision * recall, precision + recall),
    falsePositiveRate: ratio(fp, fp + tn),
    falseNegativeRate: ratio(fn, fn + tp),
  };
}

export interface ReplayReport {
  policyVersion: string;
  conversations: number;
  escalated: number;
  escalationRate: number;
  /** Conversations escalated with each reason, and how often each trigger fired at all. */
  byReason: Record<ReasonCode, { escalated: number; fired: number }>;
  /** Against labels, when there are any: overall, and per reason (label reason vs decided reason). */
  overall: Rates | undefined;
  perReason: Partial<Record<ReasonCode, Rates>>;
}

export function reportOf(decisions: ConversationDecision[]): ReplayReport {
  const byReason = Object.fromEntries(REASON_CODES.map((r) => [r, { escalated: 0, fired: 0 }])) as ReplayReport['byReason'];
  for (const d of decisions) {
    if (d.reason) byReason[d.reason].escalated += 1;
    for (const t of d.triggers_fired) byReason[t].fired += 1;
  }
  const labelled = decisions.filter((d) => d.expected);
  const perReason: ReplayReport['perReason'] = {};
  for (const reason of REASON_CODES) {
    if (!labelled.some((d) => d.expected!.reason === reason || d.reason === reason)) continue;
    perReason[reason] = rates(labelled.map((d) => ({ predicted: d.reason === reason, actual: d.expected!.escalate && d.expected!.reason === reason })));
  }
  const escalated = decisions.filter((d) => d.escalate).length;
  return {
    policyVersion: decisions[0]?.policy_version ?? '',
    conversations: decisions.length,
    escalated,
    escalationRate: ratio(escalated, decisions.length),
    byReason,
    overall: labelled.length > 0 ? rates(labelled.map((d) => ({ predicted: d.escalate, actual: d.expected!.escalate }))) : undefined,
    perReason,
  };
}

/** A copy of the policy with one setting changed (path like "triggers.sentiment_persistent.negative_at_most"), re-validated. */
export function withSetting(policy: Policy, path: string, value: number): Policy {
  const copy = structuredClone(policy) as Record<string, unknown>;
  const keys = path.split('.');
  let node: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) throw new Error(`--sweep: the policy has no setting "${path}" ("${key}" is not a section)`);
    node = node[key] as Record<string, unknown>;
  }
  const last = keys.at(-1)!;
  if (typeof node[last] !== 'number') throw new Error(`--sweep: "${path}" is not a numeric setting of the policy`);
  node[last] = value;
  const parsed = policySchema.safeParse({ ...copy, version: `${policy.version}+${path}=${value}` });
  if (!parsed.success) throw new Error(`--sweep: ${path}=${value} is not valid: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

export interface Difference {
  conversation_id: string;
  before: { escalate: boolean; reason: ReasonCode | null };
  after: { escalate: boolean; reason: ReasonCode | null };
}

/** Conversations whose decision differs between two policies. */
export function differences(before: ConversationDecision[], after: ConversationDecision[]): Difference[] {
  const afterById = new Map(after.map((d) => [d.conversation_id, d]));
  return before.flatMap((b) => {
    const a = afterById.get(b.conversation_id)!;
    return a.escalate !== b.escalate || a.reason !== b.reason
      ? [{ conversation_id: b.conversation_id, before: { escalate: b.escalate, reason: b.reason }, after: { escalate: a.escalate, reason: a.reason } }]
      : [];
  });
}
