// What agent alerts need from each context package (handoff.context.v1), kept by handoff id in notification's own
// database: the customer's name, tier, category, severity, sentiment, summary, failed bot actions and first error.
import type { ContextPackage } from '@handoff/contracts';
import type { Collection, Db, IndexPlan } from '@handoff/store';
import { alertFactsOf, type AlertFacts } from '../domain/agent-alerts';

type FactsDocument = Omit<AlertFacts, 'handoffId'> & { _id: string; storedAt: Date };

export const alertFactsIndexes: IndexPlan = { alert_facts: [{ key: { storedAt: 1 }, name: 'storedAt' }] };

export class AlertFactsRepository {
  private readonly collection: Collection<FactsDocument>;

  constructor(db: Db) {
    this.collection = db.collection<FactsDocument>('alert_facts');
  }

  /** Idempotent: a redelivered package writes the same facts again. */
  async store(pkg: ContextPackage, now: Date): Promise<void> {
    const { handoffId, ...facts } = alertFactsOf(pkg);
    await this.collection.replaceOne({ _id: handoffId }, { ...facts, storedAt: now }, { upsert: true });
  }

  async get(handoffId: string): Promise<AlertFacts | undefined> {
    const doc = await this.collection.findOne({ _id: handoffId });
    if (!doc) return undefined;
    const { _id, storedAt: _s, ...facts } = doc;
    return { handoffId: _id, ...facts, sentimentScore: facts.sentimentScore ?? undefined, requestedAt: facts.requestedAt ?? undefined, errorMessage: facts.errorMessage ?? undefined };
  }

  /** The cleanup job that replaces a TTL index. */
  async purgeBefore(cutoff: Date): Promise<void> {
    await this.collection.deleteMany({ storedAt: { $lt: cutoff } });
  }
}
