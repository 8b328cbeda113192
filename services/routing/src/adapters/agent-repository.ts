// Agents in routing's database. Capacity is reserved with one guarded atomic update, so it is never exceeded.
import { Agent, Presence } from '@handoff/contracts';
import { notFound, unavailable } from '@handoff/errors';
import type { Collection, Db, IndexPlan } from '@handoff/store';
import type { AgentCandidate } from '../domain/agent-selection';

interface AgentDocument {
  _id: string;
  displayName: string;
  skills: Array<{ name: string; level: number }>;
  languages: string[];
  teams: string[];
  capacity: number;
  /** capacity − handoffIds.length, kept in the same document so reservation is one guarded update. */
  freeSlots: number;
  handoffIds: string[];
  presence: Presence;
  presenceChangedAt: Date;
  idleSince: Date;
  onCall: boolean;
  version: number;
}

export const agentIndexes: IndexPlan = {
  agents: [{ key: { presence: 1, freeSlots: 1 }, name: 'available_with_capacity' }],
};

export function toAgent(doc: AgentDocument): Agent {
  return {
    agentId: doc._id,
    displayName: doc.displayName,
    skills: doc.skills,
    languages: doc.languages,
    teams: doc.teams,
    chatCapacity: doc.capacity,
    presence: doc.presence,
    activeHandoffs: doc.handoffIds.length,
    presenceChangedAt: doc.presenceChangedAt,
    onCall: doc.onCall,
  };
}

const toCandidate = (doc: AgentDocument): AgentCandidate => ({
  agentId: doc._id,
  skills: doc.skills,
  languages: doc.languages,
  presence: doc.presence,
  capacity: doc.capacity,
  activeHandoffs: doc.handoffIds.length,
  idleSince: doc.idleSince,
});

export class AgentRepository {
  private readonly collection: Collection<AgentDocument>;

  constructor(db: Db) {
    this.collection = db.collection<AgentDocument>('agents');
  }

  async get(agentId: string): Promise<Agent | undefined> {
    const doc = await this.collection.findOne({ _id: agentId });
    return doc ? toAgent(doc) : undefined;
  }

  async list(team?: string): Promise<Agent[]> {
    const docs = await this.collection.find(team ? { teams: team } : {}).sort({ _id: 1 }).toArray();
    return docs.map(toAgent);
  }

  async availableCandidates(): Promise<AgentCandidate[]> {
    const docs = await this.collection.find({ presence: Presence.PRESENCE_AVAILABLE, freeSlots: { $gt: 0 } }).toArray();
    return docs.map(toCandidate);
  }

  /** Creates the agent, or replaces its profile keeping presence and current handoffs. */
  async upsert(agent: Agent, now: Date): Promise<Agent> {
    const existing = await this.collection.findOne({ _id: agent.agentId });
    const profile = {
      displayName: agent.displayName,
      skills: agent.skills.map((s) => ({ name: s.name, level: s.level })),
      languages: agent.languages,
      teams: agent.teams,
      capacity: agent.chatCapacity,
      onCall: agent.onCall,
    };
    if (!existing) {
      const presence = agent.presence === Presence.PRESENCE_UNSPECIFIED ? Presence.PRESENCE_OFFLINE : agent.presence;
      const doc: AgentDocument = { _id: agent.agentId, ...profile, freeSlots: profile.capacity, handoffIds: [], presence, presenceChangedAt: now, idleSince: now, version: 1 };
      await this.collection.insertOne(doc);
      return toAgent(doc);
    }
    const result = await this.collection.findOneAndUpdate(
      { _id: agent.agentId, version: existing.version },
      { $set: { ...profile, freeSlots: profile.capacity - existing.handoffIds.length, version: existing.version + 1 } },
      { returnDocument: 'after' },
    );
    if (!result) throw unavailable(`agent ${agent.agentId} changed while being updated; try again`);
    return toAgent(result);
  }

  async setPresence(agentId: string, presence: Presence, now: Date): Promise<Agent> {
    const becameAvailable = presence === Presence.PRESENCE_AVAILABLE ? { idleSince: now } : {};
    const result = await this.collection.findOneAndUpdate(
      { _id: agentId },
      { $set: { presence, presenceChangedAt: now, ...becameAvailable }, $inc: { version: 1 } },
      { returnDocument: 'after' },
    );
    if (!result) throw notFound(`agent ${agentId} is not registered; call UpsertAgent first`);
    return toAgent(result);
  }

  /** Takes one slot of the agent for the handoff if they are available and have room; false otherwise. */
  async reserveCapacity(agentId: string, handoffId: string, now: Date): Promise<boolean> {
    const result = await this.collection.updateOne(
      { _id: agentId, presence: Presence.PRESENCE_AVAILABLE, freeSlots: { $gt: 0 }, handoffIds: { $ne: handoffId } },
      { $inc: { freeSlots: -1, version: 1 }, $push: { handoffIds: handoffId }, $set: { idleSince: now } },
    );
    return result.modifiedCount === 1;
  }

  async releaseCapacity(agentId: string, handoffId: string): Promise<void> {
    await this.collection.updateOne({ _id: agentId, handoffIds: handoffId }, { $inc: { freeSlots: 1, version: 1 }, $pull: { handoffIds: handoffId } });
  }
}
