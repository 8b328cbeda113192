// Recent assignment waits per queue, for the ETA estimator (state in MongoDB so every replica and restart shares it).
import { isDuplicateKeyError, type Collection, type Db } from '@handoff/store';
import { createEtaState, estimate, observe, type EtaObservation, type EtaState } from '../domain/eta';
import type { RoutingPolicy } from '../domain/policy/schema';

interface QueueStatsDocument {
  _id: string;
  observations: EtaObservation[];
}

export class QueueStats {
  private readonly collection: Collection<QueueStatsDocument>;

  constructor(
    db: Db,
    private readonly config: RoutingPolicy['eta'],
  ) {
    this.collection = db.collection<QueueStatsDocument>('queue_stats');
  }

  private async stateOf(queue: string): Promise<EtaState> {
    const doc = await this.collection.findOne({ _id: queue });
    const state = createEtaState(this.config);
    return { ...state, queues: doc ? { [queue]: doc.observations } : {} };
  }

  async estimateSeconds(queue: string, position: number, now: Date): Promise<number> {
    return Math.round(estimate(await this.stateOf(queue), queue, position, now));
  }

  /** A handoff that waited in the queue was assigned. Concurrent writers may drop an observation: it is a statistic. */
  async recordWait(queue: string, waitSeconds: number, at: Date): Promise<void> {
    const state = observe(await this.stateOf(queue), queue, waitSeconds, at);
    await this.collection.replaceOne({ _id: queue }, { observations: state.queues[queue] ?? [] }, { upsert: true }).catch((error: unknown) => {
      // Another replica created the queue's document at the same moment: dropping one observation is harmless.
      if (!isDuplicateKeyError(error)) throw error;
    });
  }
}
