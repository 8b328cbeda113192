// Where a shadow candidate policy's decisions are recorded next to what the acting policy decided, for comparison.
// Never published: a shadow policy decides, it does not act.
import { metrics } from '@opentelemetry/api';
import { isDuplicateKeyError, type Collection, type Db, type IndexPlan } from '@handoff/store';
import { reasonCode, type ReasonCode } from '../batch/reason-codes';
import type { Decision } from '../domain/engine';

interface ShadowDecisionDocument {
  _id: string;
  conversationId: string;
  decidedAt: Date;
  shadow: { policyVersion: string; escalate: boolean; reason: ReasonCode | null; offer: ReasonCode | null };
  acting: { policyVersion: string; escalate: boolean; reason: ReasonCode | null; offer: ReasonCode | null };
  agree: boolean;
}

export const shadowDecisionIndexes: IndexPlan = {
  shadow_decisions: [{ key: { decidedAt: 1 }, name: 'decidedAt' }],
};

const shadowDecisions = metrics.getMeter('handoff.detection').createCounter('handoff.detection.shadow_decisions', {
  description: 'Decisions of a shadow candidate policy, by whether they agree with the acting policy',
});

const summary = (decision: Decision, policyVersion: string) => ({
  policyVersion,
  escalate: decision.handoff !== undefined,
  reason: decision.handoff ? reasonCode(decision.handoff.reason) : null,
  offer: decision.offer ? reasonCode(decision.offer.reason) : null,
});

export class ShadowDecisionLog {
  private readonly collection: Collection<ShadowDecisionDocument>;

  constructor(db: Db) {
    this.collection = db.collection<ShadowDecisionDocument>('shadow_decisions');
  }

  /** Records the pair when either policy acted on this input. */
  async record(conversationId: string, inputId: string, shadow: Decision, shadowVersion: string, acting: Decision, actingVersion: string, at: Date): Promise<void> {
    if (!shadow.handoff && !shadow.offer && !acting.handoff && !acting.offer) return;
    const s = summary(shadow, shadowVersion);
    const a = summary(acting, actingVersion);
    const agree = s.escalate === a.escalate && s.reason === a.reason && s.offer === a.offer;
    try {
      await this.collection.insertOne({ _id: `${conversationId}:${inputId}`, conversationId, decidedAt: at, shadow: s, acting: a, agree });
      shadowDecisions.add(1, { agree: String(agree), shadow_reason: s.reason ?? s.offer ?? 'none' });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  /** Forgets pairs decided before `cutoff` (the retention sweep). */
  async purgeBefore(cutoff: Date): Promise<number> {
    return (await this.collection.deleteMany({ decidedAt: { $lt: cutoff } })).deletedCount;
  }
}
