// Agents in routing's database. Capacity is a set of numbered slots per agent, each a document whose _id is
// "<agent>#<slot>": taking a slot is an insert, and a unique _id is the one atomic guard every MongoDB-wire server
// (FerretDB included) enforces, so concurrent replicas can never hand an agent more handoffs than slots.
import { Agent, Presence, type WorkingHours } from '@handoff/contracts';
import { notFound } from '@handoff/errors';
import { isDuplicateKeyError, type Collection, type Db, type IndexPlan } from '@handoff/store';
import type { AgentCandidate } from '../domain/agent-selection';
import { isOpen } from '../domain/business-hours';
import type { TeamCalendar } from '../domain/policy/schema';

interface AgentDocument {
  _id: string;
  displayName: string;
  skills: Array<{ name: string; level: number }>;
  languages: string[];
  teams: string[];
  capacity: number;
  presence: Presence;
  presenceChangedAt: Date;
  /** When the agent last got a handoff or became available: longest idle goes first among equals. */
  idleSince: Date;
  onCall: boolean;
  autoAccept: boolean;
  lastHeartbeatAt?: Date;
  /** The agent's working hours, in the calendar shape teams use; absent: any time. */
  calendar?: TeamCalendar;
}

interface SlotDocument {
  _id: string;
  agentId: string;
  slot: number;
  handoffId: string;
  reservedAt: Date;
  /** Held by an offer not yet accepted (offers count against capacity, as reservations do). */
  offer: boolean;
}

type Weekday = keyof NonNullable<TeamCalendar['hours']>;

/** An agent's working hours as a calendar (the same rules as team calendars: time zone, DST). */
export function calendarOf(hours: WorkingHours): TeamCalendar {
  return {
    display_name: 'working hours',
    time_zone: hours.timeZone,
    hours: Object.fromEntries(hours.days.map((d) => [d.day, d.ranges])) as TeamCalendar['hours'],
    holidays: [],
  };
}

function workingHoursOf(calendar: TeamCalendar): WorkingHours {
  return { timeZone: calendar.time_zone, days: Object.entries(calendar.hours ?? {}).map(([day, ranges]) => ({ day: day as Weekday, ranges: ranges ?? [] })) };
}

export const agentIndexes: IndexPlan = {
  agents: [{ key: { presence: 1 }, name: 'presence' }],
  agent_slots: [{ key: { agentId: 1 }, name: 'agent' }],
};

export class AgentRepository {
  private readonly agents: Collection<AgentDocument>;
  private readonly slots: Collection<SlotDocument>;

  constructor(db: Db) {
    this.agents = db.collection<AgentDocument>('agents');
    this.slots = db.collection<SlotDocument>('agent_slots');
  }

  async get(agentId: string): Promise<Agent | undefined> {
    const doc = await this.agents.findOne({ _id: agentId });
    return doc ? this.toAgent(doc, await this.slotsOf([agentId])) : undefined;
  }

  async list(team?: string): Promise<Agent[]> {
    const docs = await this.agents.find(team ? { teams: team } : {}).sort({ _id: 1 }).toArray();
    const slots = await this.slotsOf(docs.map((d) => d._id));
    return docs.map((d) => this.toAgent(d, slots));
  }

  /** Agents present now: available, and (for agents who send heartbeats) heard from within the timeout. */
  async availableCandidates(now: Date, heartbeatTimeoutMs: number): Promise<AgentCandidate[]> {
    const docs = (await this.agents.find({ presence: Presence.PRESENCE_AVAILABLE }).toArray()).filter(
      (d) => (!d.lastHeartbeatAt || now.getTime() - d.lastHeartbeatAt.getTime() <= heartbeatTimeoutMs) && (!d.calendar || isOpen(d.calendar, now)),
    );
    const slots = await this.slotsOf(docs.map((d) => d._id));
    return docs.map((doc) => ({
      agentId: doc._id,
      skills: doc.skills,
      languages: doc.languages,
      teams: doc.teams,
      onCall: doc.onCall,
      autoAccept: doc.autoAccept ?? false,
      presence: doc.presence,
      capacity: doc.capacity,
      activeHandoffs: slots.get(doc._id)?.length ?? 0,
      displayName: doc.displayName,
      idleSince: doc.idleSince,
    }));
  }

  /** On-call agents who are not offline: the people to page for critical async tickets. */
  async onCallAgentIds(): Promise<string[]> {
    const docs = await this.agents.find({ onCall: true }).toArray();
    return docs.filter((d) => d.presence !== Presence.PRESENCE_OFFLINE).map((d) => d._id);
  }

  /** Creates the agent, or replaces its profile keeping presence and current handoffs. */
  async upsert(agent: Agent, now: Date): Promise<Agent> {
    const profile = {
      displayName: agent.displayName,
      skills: agent.skills.map((s) => ({ name: s.name, level: s.level })),
      languages: agent.languages,
      teams: agent.teams,
      capacity: agent.chatCapacity,
      onCall: agent.onCall,
      autoAccept: agent.autoAccept,
      ...(agent.workingHours ? { calendar: calendarOf(agent.workingHours) } : {}),
    };
    const presence = agent.presence === Presence.PRESENCE_UNSPECIFIED ? Presence.PRESENCE_OFFLINE : agent.presence;
    const write = () =>
      this.agents.updateOne({ _id: agent.agentId }, { $set: profile, $setOnInsert: { presence, presenceChangedAt: now, idleSince: now } }, { upsert: true });
    // Two registrations of a new agent at once: one inserts, the other gets a duplicate key and updates instead.
    await write().catch((error: unknown) => (isDuplicateKeyError(error) ? write() : Promise.reject(error)));
    return (await this.get(agent.agentId))!;
  }

  async setPresence(agentId: string, presence: Presence, now: Date): Promise<Agent> {
    const becameAvailable = presence === Presence.PRESENCE_AVAILABLE ? { idleSince: now } : {};
    const result = await this.agents.updateOne({ _id: agentId }, { $set: { presence, presenceChangedAt: now, ...becameAvailable } });
    if (result.matchedCount === 0) throw notFound(`agent ${agentId} is not registered; call UpsertAgent first`);
    return (await this.get(agentId))!;
  }

  /**
   * Takes a free slot of an available agent for the handoff; false when the agent is not available, is full, or
   * already holds this handoff. Slots left above a lowered capacity still count against it.
   */
  async heartbeat(agentId: string, now: Date): Promise<Agent> {
    const result = await this.agents.updateOne({ _id: agentId }, { $set: { lastHeartbeatAt: now } });
    if (result.matchedCount === 0) throw notFound(`agent ${agentId} is not registered; call UpsertAgent first`);
    return (await this.get(agentId))!;
  }

  /** The offer held in a slot was accepted: the slot now holds an assigned handoff. */
  async offerAccepted(agentId: string, handoffId: string): Promise<void> {
    await this.slots.updateMany({ agentId, handoffId }, { $set: { offer: false } });
  }

  /**
   * Takes a free slot of an available agent for the handoff and returns its id (to release exactly that slot if the
   * handoff goes elsewhere); undefined when the agent is not available, is full, or already holds this handoff.
   */
  async reserveCapacity(agentId: string, handoffId: string, now: Date, asOffer = false): Promise<string | undefined> {
    const agent = await this.agents.findOne({ _id: agentId });
    if (!agent || agent.presence !== Presence.PRESENCE_AVAILABLE) return undefined;
    const held = await this.slots.find({ agentId }).toArray();
    if (held.some((s) => s.handoffId === handoffId)) return undefined;
    const taken = new Set(held.map((s) => s.slot));
    const usable = agent.capacity - held.filter((s) => s.slot >= agent.capacity).length;
    for (let slot = 0; slot < usable; slot++) {
      if (taken.has(slot)) continue;
      const id = `${agentId}#${slot}`;
      try {
        await this.slots.insertOne({ _id: id, agentId, slot, handoffId, reservedAt: now, offer: asOffer });
      } catch (error) {
        if (isDuplicateKeyError(error)) continue;
        throw error;
      }
      await this.agents.updateOne({ _id: agentId }, { $set: { idleSince: now } });
      return id;
    }
    return undefined;
  }

  /**
   * Gives back one slot this caller reserved. A replica that lost the race for a handoff must release only its own
   * slot: another replica may hold a second slot of the same agent for the same handoff, and that one won.
   */
  async releaseSlot(slotId: string): Promise<void> {
    await this.slots.deleteOne({ _id: slotId });
  }

  async releaseCapacity(agentId: string, handoffId: string): Promise<void> {
    await this.slots.deleteMany({ agentId, handoffId });
  }

  /** Slots taken before the cutoff, for reconciliation with the handoffs they were taken for. */
  async slotsReservedBefore(cutoff: Date): Promise<Array<{ agentId: string; handoffId: string }>> {
    const slots = await this.slots.find({ reservedAt: { $lt: cutoff } }).toArray();
    return slots.map((s) => ({ agentId: s.agentId, handoffId: s.handoffId }));
  }

  private async slotsOf(agentIds: string[]): Promise<Map<string, SlotDocument[]>> {
    const bySlot = new Map<string, SlotDocument[]>();
    if (agentIds.length === 0) return bySlot;
    for (const slot of await this.slots.find({ agentId: { $in: agentIds } }).toArray()) {
      bySlot.set(slot.agentId, [...(bySlot.get(slot.agentId) ?? []), slot]);
    }
    return bySlot;
  }

  private toAgent(doc: AgentDocument, slots: Map<string, SlotDocument[]>): Agent {
    return {
      agentId: doc._id,
      displayName: doc.displayName,
      skills: doc.skills,
      languages: doc.languages,
      teams: doc.teams,
      chatCapacity: doc.capacity,
      presence: doc.presence,
      activeHandoffs: slots.get(doc._id)?.length ?? 0,
      presenceChangedAt: doc.presenceChangedAt,
      onCall: doc.onCall,
      autoAccept: doc.autoAccept ?? false,
      workingHours: doc.calendar ? workingHoursOf(doc.calendar) : undefined,
      pendingOffers: (slots.get(doc._id) ?? []).filter((s) => s.offer).map((s) => s.handoffId),
      lastHeartbeatAt: doc.lastHeartbeatAt,
    };
  }
}
