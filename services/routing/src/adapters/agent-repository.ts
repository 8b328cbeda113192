// Agents in routing's database. Capacity is a set of numbered slots per agent, each a document whose _id is
// "<agent>#<slot>": taking a slot is an insert, and a unique _id is the one atomic guard every MongoDB-wire server
// (FerretDB included) enforces, so concurrent replicas can never hand an agent more handoffs than slots.
//
// Choosing among agents reads a per-replica snapshot of every agent and slot instead of querying for them on each
// handoff (FerretDB scans a collection for any filter but `_id`). The snapshot may be a moment old; it only orders
// the candidates. Taking a slot re-reads the agent by `_id` and re-checks presence, heartbeat and working hours, and
// the slot insert is the capacity guard, so a stale snapshot can make a choice less than ideal, never a wrong one.
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
  /** Chat capacity. */
  capacity: number;
  /** Capacity on other channels, where the agent set it (else the policy's default for the channel). */
  channelCapacities?: Record<string, number>;
  presence: Presence;
  presenceChangedAt: Date;
  /** When the agent last got a handoff or became available: longest idle goes first among equals. */
  idleSince: Date;
  onCall: boolean;
  autoAccept: boolean;
  lastHeartbeatAt?: Date;
  /** The agent's working hours, in the calendar shape teams use; absent: any time. */
  calendar?: TeamCalendar;
  /** The highest chat capacity this agent ever had: slots between the current capacity and it may still be held. */
  slotCeiling?: number;
  /** The same for other channels. */
  channelSlotCeilings?: Record<string, number>;
}

interface SlotDocument {
  _id: string;
  agentId: string;
  /** Absent: chat. */
  channel?: string;
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

interface Snapshot {
  agents: Map<string, AgentDocument>;
  /** Slot documents by agent, then by slot _id. */
  slots: Map<string, Map<string, SlotDocument>>;
  /** performance.now() when the read started. */
  readAt: number;
}

/** Chat slots keep the ids they had before capacity was per channel: "<agent>#<n>"; others are "<agent>#<channel>#<n>". */
const slotId = (agentId: string, channel: string, slot: number): string => (channel === 'chat' ? `${agentId}#${slot}` : `${agentId}#${channel}#${slot}`);
const channelOfSlot = (slot: SlotDocument): string => slot.channel ?? 'chat';

export interface ReserveOptions {
  now: Date;
  heartbeatTimeoutMs: number;
  /** The channel whose capacity the handoff takes (default chat). */
  channel?: string;
  /** Held by an offer not yet accepted. */
  asOffer?: boolean;
}

export interface AgentRepositoryOptions {
  /** Capacity on each channel other than chat for agents who do not set their own (the routing policy's channels). */
  channelDefaults?: Readonly<Record<string, number>>;
  /** Age after which the snapshot is re-read in the background (default 1 s). */
  snapshotRefreshMs?: number;
  /** Age after which a caller waits for a fresh read rather than use the snapshot (default 10 s). */
  snapshotMaxAgeMs?: number;
}

/** Whether a present agent may be offered work now: heard from within the timeout, and inside working hours. */
function reachable(doc: AgentDocument, now: Date, heartbeatTimeoutMs: number): boolean {
  return (!doc.lastHeartbeatAt || now.getTime() - doc.lastHeartbeatAt.getTime() <= heartbeatTimeoutMs) && (!doc.calendar || isOpen(doc.calendar, now));
}

export class AgentRepository {
  private readonly agents: Collection<AgentDocument>;
  private readonly slots: Collection<SlotDocument>;
  private readonly refreshMs: number;
  private readonly maxAgeMs: number;
  private readonly channelDefaults: Readonly<Record<string, number>>;
  private snapshot: Snapshot | undefined;
  private reading: Promise<Snapshot> | undefined;

  constructor(db: Db, options: AgentRepositoryOptions = {}) {
    this.agents = db.collection<AgentDocument>('agents');
    this.slots = db.collection<SlotDocument>('agent_slots');
    this.refreshMs = options.snapshotRefreshMs ?? 1000;
    this.maxAgeMs = Math.max(options.snapshotMaxAgeMs ?? 10_000, this.refreshMs);
    this.channelDefaults = options.channelDefaults ?? {};
  }

  /** How many handoffs of the channel the agent can hold. */
  private capacityOf(doc: AgentDocument, channel: string): number {
    if (channel === 'chat') return doc.capacity;
    return doc.channelCapacities?.[channel] ?? this.channelDefaults[channel] ?? 0;
  }

  private slotCeilingOf(doc: AgentDocument, channel: string): number {
    const ceiling = channel === 'chat' ? doc.slotCeiling : doc.channelSlotCeilings?.[channel];
    return Math.max(ceiling ?? 0, this.capacityOf(doc, channel));
  }

  async get(agentId: string): Promise<Agent | undefined> {
    const doc = await this.agents.findOne({ _id: agentId });
    if (!doc) return undefined;
    const slots = await this.slotsOf([agentId]);
    this.remember(doc, slots.get(agentId) ?? []);
    return this.toAgent(doc, slots);
  }

  async list(team?: string): Promise<Agent[]> {
    const docs = await this.agents.find(team ? { teams: team } : {}).sort({ _id: 1 }).toArray();
    const slots = await this.slotsOf(docs.map((d) => d._id));
    return docs.map((d) => this.toAgent(d, slots));
  }

  /**
   * Agents present now (available, heard from within the heartbeat timeout, inside working hours), from the snapshot:
   * the order in which to try them. `reserveCapacity` is what decides.
   */
  async availableCandidates(now: Date, heartbeatTimeoutMs: number, channel = 'chat'): Promise<AgentCandidate[]> {
    const view = await this.view();
    const docs = [...view.agents.values()].filter((d) => d.presence === Presence.PRESENCE_AVAILABLE && reachable(d, now, heartbeatTimeoutMs));
    return docs.map((doc) => ({
      agentId: doc._id,
      skills: doc.skills,
      languages: doc.languages,
      teams: doc.teams,
      onCall: doc.onCall,
      autoAccept: doc.autoAccept ?? false,
      presence: doc.presence,
      capacity: this.capacityOf(doc, channel),
      activeHandoffs: [...(view.slots.get(doc._id)?.values() ?? [])].filter((slot) => channelOfSlot(slot) === channel).length,
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
      channelCapacities: Object.fromEntries(agent.channelCapacities.map((c) => [c.channel, c.capacity])),
      onCall: agent.onCall,
      autoAccept: agent.autoAccept,
      ...(agent.workingHours ? { calendar: calendarOf(agent.workingHours) } : {}),
    };
    const presence = agent.presence === Presence.PRESENCE_UNSPECIFIED ? Presence.PRESENCE_OFFLINE : agent.presence;
    const write = () =>
      this.agents.updateOne(
        { _id: agent.agentId },
        {
          $set: profile,
          $max: { slotCeiling: agent.chatCapacity, ...Object.fromEntries(agent.channelCapacities.map((c) => [`channelSlotCeilings.${c.channel}`, c.capacity])) },
          $setOnInsert: { presence, presenceChangedAt: now, idleSince: now },
        },
        { upsert: true },
      );
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
   * Takes a free slot for the handoff and returns its id (to release exactly that slot if the handoff goes
   * elsewhere); undefined when the agent is not available, not reachable (heartbeat, working hours) or full, or still
   * holds slots above a lowered capacity. Only `_id` reads and writes: the fast path on every MongoDB-wire server.
   */
  async reserveCapacity(agentId: string, handoffId: string, { now, heartbeatTimeoutMs, channel = 'chat', asOffer = false }: ReserveOptions): Promise<string | undefined> {
    const agent = await this.agents.findOne({ _id: agentId });
    if (!agent) return undefined;
    this.remember(agent);
    if (agent.presence !== Presence.PRESENCE_AVAILABLE || !reachable(agent, now, heartbeatTimeoutMs)) return undefined;
    // Capacity lowered below the current load: nothing new until the slots above it are released. (Counting them
    // against the free ones below would race with concurrent reservations; refusing cannot exceed capacity.)
    const capacity = this.capacityOf(agent, channel);
    for (let slot = capacity; slot < this.slotCeilingOf(agent, channel); slot++) {
      if (await this.slots.findOne({ _id: slotId(agentId, channel, slot) })) return undefined;
    }
    // Slots the snapshot believes free first: usually the first insert wins.
    const known = this.snapshot?.slots.get(agentId);
    const believedTaken = (slot: number) => Number(known?.has(slotId(agentId, channel, slot)) ?? false);
    const order = Array.from({ length: capacity }, (_, slot) => slot).sort((a, b) => believedTaken(a) - believedTaken(b));
    for (const slot of order) {
      const taken: SlotDocument = { _id: slotId(agentId, channel, slot), agentId, slot, handoffId, reservedAt: now, offer: asOffer, ...(channel === 'chat' ? {} : { channel }) };
      try {
        await this.slots.insertOne(taken);
      } catch (error) {
        if (isDuplicateKeyError(error)) continue;
        throw error;
      }
      this.rememberSlot(taken);
      return taken._id;
    }
    return undefined;
  }

  /** The agent just got a handoff: longest idle goes first among equals, so they go to the back. */
  async touchIdle(agentId: string, now: Date): Promise<void> {
    await this.agents.updateOne({ _id: agentId }, { $set: { idleSince: now } });
    const cached = this.snapshot?.agents.get(agentId);
    if (cached) cached.idleSince = now;
  }

  /**
   * Gives back one slot this caller reserved. A replica that lost the race for a handoff must release only its own
   * slot: another replica may hold a second slot of the same agent for the same handoff, and that one won.
   */
  async releaseSlot(slotId: string): Promise<void> {
    await this.slots.deleteOne({ _id: slotId });
    for (const held of this.snapshot?.slots.values() ?? []) held.delete(slotId);
  }

  async releaseCapacity(agentId: string, handoffId: string): Promise<void> {
    await this.slots.deleteMany({ agentId, handoffId });
    const held = this.snapshot?.slots.get(agentId);
    for (const [id, slot] of held ?? []) if (slot.handoffId === handoffId) held!.delete(id);
  }

  /** Slots taken before the cutoff, for reconciliation with the handoffs they were taken for. */
  async slotsReservedBefore(cutoff: Date): Promise<Array<{ agentId: string; handoffId: string }>> {
    const slots = await this.slots.find({ reservedAt: { $lt: cutoff } }).toArray();
    return slots.map((s) => ({ agentId: s.agentId, handoffId: s.handoffId }));
  }

  /** The snapshot, re-read in the background once it is older than the refresh age, awaited once past the max age. */
  private async view(): Promise<Snapshot> {
    const age = this.snapshot ? performance.now() - this.snapshot.readAt : Infinity;
    if (age <= this.refreshMs) return this.snapshot!;
    const reading = (this.reading ??= this.readAll().finally(() => (this.reading = undefined)));
    if (age <= this.maxAgeMs) {
      reading.catch(() => undefined); // the next caller retries; this one uses what it has
      return this.snapshot!;
    }
    return reading;
  }

  private async readAll(): Promise<Snapshot> {
    const readAt = performance.now();
    const [agents, slots] = await Promise.all([this.agents.find({}).toArray(), this.slots.find({}).toArray()]);
    const snapshot: Snapshot = { agents: new Map(agents.map((a) => [a._id, a])), slots: new Map(), readAt };
    for (const slot of slots) {
      if (!snapshot.slots.has(slot.agentId)) snapshot.slots.set(slot.agentId, new Map());
      snapshot.slots.get(slot.agentId)!.set(slot._id, slot);
    }
    this.snapshot = snapshot;
    return snapshot;
  }

  /** Keeps the snapshot's copy of an agent (and, when read, its slots) as this replica last saw them. */
  private remember(doc: AgentDocument, slots?: SlotDocument[]): void {
    if (!this.snapshot) return;
    this.snapshot.agents.set(doc._id, doc);
    if (slots) this.snapshot.slots.set(doc._id, new Map(slots.map((s) => [s._id, s])));
  }

  private rememberSlot(slot: SlotDocument): void {
    if (!this.snapshot) return;
    if (!this.snapshot.slots.has(slot.agentId)) this.snapshot.slots.set(slot.agentId, new Map());
    this.snapshot.slots.get(slot.agentId)!.set(slot._id, slot);
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
    const held = slots.get(doc._id) ?? [];
    const channels = new Set([...Object.keys(this.channelDefaults), ...Object.keys(doc.channelCapacities ?? {}), ...held.map(channelOfSlot)]);
    channels.delete('chat');
    return {
      agentId: doc._id,
      displayName: doc.displayName,
      skills: doc.skills,
      languages: doc.languages,
      teams: doc.teams,
      chatCapacity: doc.capacity,
      presence: doc.presence,
      activeHandoffs: held.length,
      channelCapacities: [...channels].sort().map((channel) => ({
        channel,
        capacity: this.capacityOf(doc, channel),
        activeHandoffs: held.filter((slot) => channelOfSlot(slot) === channel).length,
      })),
      presenceChangedAt: doc.presenceChangedAt,
      onCall: doc.onCall,
      autoAccept: doc.autoAccept ?? false,
      workingHours: doc.calendar ? workingHoursOf(doc.calendar) : undefined,
      pendingOffers: (slots.get(doc._id) ?? []).filter((s) => s.offer).map((s) => s.handoffId),
      lastHeartbeatAt: doc.lastHeartbeatAt,
    };
  }
}
