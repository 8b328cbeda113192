// Assembled context packages, keyed by handoff id (a replayed request finds the package already there).
import { ContextPackage } from '@handoff/contracts';
import type { Collection, Db, IndexPlan } from '@handoff/store';

interface PackageDocument {
  _id: string;
  conversationId: string;
  assembledAt: Date;
  package: unknown;
}

export const packageIndexes: IndexPlan = {
  context_packages: [{ key: { conversationId: 1 }, name: 'conversation' }],
};

export class PackageRepository {
  private readonly collection: Collection<PackageDocument>;

  constructor(db: Db) {
    this.collection = db.collection<PackageDocument>('context_packages');
  }

  async get(handoffId: string): Promise<ContextPackage | undefined> {
    const doc = await this.collection.findOne({ _id: handoffId });
    return doc ? ContextPackage.fromJSON(doc.package) : undefined;
  }

  async save(pkg: ContextPackage): Promise<void> {
    await this.collection.replaceOne(
      { _id: pkg.handoffId },
      { conversationId: pkg.conversationId, assembledAt: pkg.assembledAt ?? new Date(), package: ContextPackage.toJSON(pkg) },
      { upsert: true },
    );
  }
}
