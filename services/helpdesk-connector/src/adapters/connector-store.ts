// The connector's state in its own database: claims (who is creating a ticket or applying an update), the ticket id
// each target gave a handoff, and routing updates buffered until the ticket exists.
//
// FerretDB does not apply a filtered update atomically, so the one atomic step is inserting a document with a
// unique _id: a claim is won by the insert that succeeds. A claim older than the lease (its owner crashed) may be
// taken over; the takeover is re-read and only its winner proceeds.
import { isDuplicateKeyError, type Collection, type Db, type IndexPlan } from '@handoff/store';
import type { TargetName } from '../config';
import type { HandoffStatus, RoutingFields } from '../domain/fields';
import type { AppliedRouting } from '../domain/routing-plan';

export const connectorIndexes: IndexPlan = {
  connector_claims: [{ key: { claimedAt: 1 }, name: 'claimedAt' }],
  connector_tickets: [
    { key: { handoffId: 1 }, name: 'handoffId' },
    { key: { lastStatus: 1, updatedAt: 1 }, name: 'lastStatus_updatedAt' },
  ],
  connector_routing_updates: [{ key: { handoffId: 1, sequence: 1 }, name: 'handoffId_sequence' }],
};

interface ClaimDocument {
  _id: string;
  owner: string;
  claimedAt: Date;
  done: boolean;
  doneAt?: Date;
}

export type ClaimResult = 'acquired' | 'done' | 'busy';

export class ClaimStore {
  private readonly collection: Collection<ClaimDocument>;

  constructor(db: Db, private readonly leaseMs: number) {
    this.collection = db.collection<ClaimDocument>('connector_claims');
  }

  async acquire(id: string, owner: string, now: Date): Promise<ClaimResult> {
    try {
      await this.collection.insertOne({ _id: id, owner, claimedAt: now, done: false });
      return 'acquired';
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const existing = await this.collection.findOne({ _id: id });
    if (!existing) return this.acquire(id, owner, now); // released in between
    if (existing.done) return 'done';
    if (existing.owner === owner) return 'acquired';
    if (now.getTime() - existing.claimedAt.getTime() < this.leaseMs) return 'busy';
    // The owner has held it past the lease: take it over. Not atomic on FerretDB, so read back who won.
    await this.collection.updateOne({ _id: id, owner: existing.owner, done: false }, { $set: { owner, claimedAt: now } });
    const after = await this.collection.findOne({ _id: id });
    if (after?.done) return 'done';
    return after?.owner === owner ? 'acquired' : 'busy';
  }

  async complete(id: string, owner: string, now: Date): Promise<void> {
    await this.collection.updateOne({ _id: id, owner }, { $set: { done: true, doneAt: now } });
  }

  /** Gives up a claim after a failure, so the retry (by anyone) can claim it at once. */
  async release(id: string, owner: string): Promise<void> {
    await this.collection.deleteOne({ _id: id, owner, done: false });
  }

  /** The cleanup that replaces a TTL index: forgets claims made before the cutoff (far longer ago than the lease). */
  async purgeBefore(cutoff: Date): Promise<number> {
    return (await this.collection.deleteMany({ claimedAt: { $lt: cutoff } })).deletedCount;
  }
}

export interface TicketRecord extends AppliedRouting {
  handoffId: string;
  target: TargetName;
  conversationId: string;
  ticketId: string;
  /** The follow-up after creation (a note) went through. */
  completed: boolean;
}

interface TicketDocument extends TicketRecord {
  _id: string;
  createdAt: Date;
  updatedAt: Date;
}

const ticketKey = (handoffId: string, target: string) => `${handoffId}:${target}`;

export class TicketRepository {
  private readonly collection: Collection<TicketDocument>;

  constructor(db: Db) {
    this.collection = db.collection<TicketDocument>('connector_tickets');
  }

  async find(handoffId: string, target: TargetName): Promise<TicketRecord | undefined> {
    const doc = await this.collection.findOne({ _id: ticketKey(handoffId, target) });
    if (!doc) return undefined;
    const { _id, createdAt: _c, updatedAt: _u, ...record } = doc;
    return record;
  }

  /** Records the helpdesk's ticket id; the first record wins (a second insert is a harmless duplicate). */
  async record(ticket: Omit<TicketRecord, 'completed' | 'lastSequence'>, now: Date): Promise<void> {
    try {
      await this.collection.insertOne({ ...ticket, _id: ticketKey(ticket.handoffId, ticket.target), completed: false, lastSequence: 0, createdAt: now, updatedAt: now });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  async markCompleted(handoffId: string, target: TargetName, now: Date): Promise<void> {
    await this.collection.updateOne({ _id: ticketKey(handoffId, target) }, { $set: { completed: true, updatedAt: now } });
  }

  /**
   * Forgets which ticket a finished handoff (completed or abandoned) has, once the ticket has not changed since
   * `cutoff`. It must be longer ago than Kafka keeps the topics: a context package replayed after this would open a
   * new ticket.
   */
  async purgeFinishedBefore(cutoff: Date): Promise<number> {
    return (await this.collection.deleteMany({ lastStatus: { $in: ['completed', 'abandoned'] }, updatedAt: { $lt: cutoff } })).deletedCount;
  }

  /** Moves the applied sequence forward only: a stale writer never rolls it back. */
  async advance(handoffId: string, target: TargetName, sequence: number, status: HandoffStatus, agentId: string | undefined, now: Date): Promise<void> {
    await this.collection.updateOne(
      { _id: ticketKey(handoffId, target), lastSequence: { $lt: sequence } },
      { $set: { lastSequence: sequence, lastStatus: status, ...(agentId ? { lastAgentId: agentId } : {}), updatedAt: now } },
    );
  }
}

interface BufferedUpdateDocument {
  _id: string;
  handoffId: string;
  sequence: number;
  fields: RoutingFields;
  receivedAt: Date;
}

/** Every routing update of a handoff, kept until its tickets reflect it (or the cleanup job removes it). */
export class RoutingBuffer {
  private readonly collection: Collection<BufferedUpdateDocument>;

  constructor(db: Db) {
    this.collection = db.collection<BufferedUpdateDocument>('connector_routing_updates');
  }

  /** Idempotent: a redelivered update is stored once. */
  async add(fields: RoutingFields, now: Date): Promise<void> {
    try {
      await this.collection.insertOne({ _id: `${fields.handoffId}:${fields.sequence}`, handoffId: fields.handoffId, sequence: fields.sequence, fields, receivedAt: now });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  async after(handoffId: string, sequence: number): Promise<RoutingFields[]> {
    const docs = await this.collection.find({ handoffId, sequence: { $gt: sequence } }).sort({ sequence: 1 }).toArray();
    return docs.map((d) => d.fields);
  }

  /** The cleanup that replaces a TTL index: forgets updates received before the cutoff. */
  async purgeBefore(cutoff: Date): Promise<number> {
    return (await this.collection.deleteMany({ receivedAt: { $lt: cutoff } })).deletedCount;
  }
}
