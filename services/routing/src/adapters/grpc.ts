// gRPC API of the routing service: agents and handoff lifecycle. Invalid requests get INVALID_ARGUMENT naming the field.
import {
  Presence,
  RoutingServiceService,
  type AcceptOfferRequest,
  type DeclineOfferRequest,
  type GetQueueRequest,
  type HeartbeatRequest,
  type TransferHandoffRequest,
  type WatchQueueRequest,
  type WatchQueueResponse,
  type CompleteHandoffRequest,
  type GetAgentRequest,
  type GetHandoffRequest,
  type ListAgentsRequest,
  type SetPresenceRequest,
  type UpsertAgentRequest,
} from '@handoff/contracts';
import type { Clock } from '@handoff/core';
import { Violations, notFound } from '@handoff/errors';
import type { ServerWritableStream } from '@grpc/grpc-js';
import { toServiceError, unary } from '@handoff/lifecycle';
import type { Logger } from '@handoff/logging';
import type { AgentRepository } from './agent-repository';
import type { HandoffRepository } from './handoff-repository';
import type { Router } from './router';

const DEFAULT_CHAT_CAPACITY = 3;
const MAX_CHAT_CAPACITY = 50;
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const RANGE = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/;

function validTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return Boolean(timeZone);
  } catch {
    return false;
  }
}

const SETTABLE_PRESENCES = Object.values(Presence).filter((p): p is Presence => typeof p === 'number' && p > 0);

export interface RoutingGrpcDeps {
  agents: AgentRepository;
  handoffs: HandoffRepository;
  router: Router;
  clock: Clock;
  logger: Logger;
}

function validPresence(presence: Presence): boolean {
  return SETTABLE_PRESENCES.includes(presence);
}

/** How often an open WatchQueue stream checks its queue for changes. */
const WATCH_POLL_MS = 1000;

export function routingGrpc({ agents, handoffs, router, clock, logger }: RoutingGrpcDeps) {
  const openStreams = new Set<ServerWritableStream<WatchQueueRequest, WatchQueueResponse>>();

  /** Pushes the queue's waiting list on subscribe and whenever it changes; each replica polls its database. */
  const watchQueue = (call: ServerWritableStream<WatchQueueRequest, WatchQueueResponse>): void => {
    const queue = call.request.queue;
    let last = '';
    const stop = () => {
      clearInterval(timer);
      openStreams.delete(call);
    };
    const tick = async () => {
      try {
        const waiting = await router.waiting(queue);
        const key = waiting.map((u) => `${u.handoffId}:${u.sequence}`).join(',');
        if (key !== last) {
          last = key;
          call.write({ waiting });
        }
      } catch (error) {
        stop();
        call.emit('error', toServiceError(error));
      }
    };
    openStreams.add(call);
    const timer = setInterval(() => void tick(), WATCH_POLL_MS);
    call.on('cancelled', stop);
    call.on('close', stop);
    void tick();
  };

  return {
    /** Ends every open WatchQueue stream (graceful shutdown must not wait on clients that never hang up). */
    closeStreams: async () => {
      for (const call of openStreams) call.end();
      openStreams.clear();
    },
    definition: RoutingServiceService,
    implementation: {
      upsertAgent: unary(logger, 'UpsertAgent', async ({ agent }: UpsertAgentRequest) => {
        const v = new Violations().require(agent !== undefined, 'agent is required');
        if (agent) {
          v.requireText(agent.agentId, 'agent.agent_id')
            .require(/^[\w.@-]{1,128}$/.test(agent.agentId) || !agent.agentId, 'agent.agent_id may hold only letters, digits, _ . @ - (at most 128)')
            .requireText(agent.displayName, 'agent.display_name')
            .require(agent.chatCapacity <= MAX_CHAT_CAPACITY, `agent.chat_capacity must be at most ${MAX_CHAT_CAPACITY} (0 means the default ${DEFAULT_CHAT_CAPACITY})`)
            .require(agent.skills.length > 0, 'agent.skills must name at least one skill (use "general" for any category)')
            .require(agent.presence === Presence.PRESENCE_UNSPECIFIED || validPresence(agent.presence), 'agent.presence is not a known presence');
          if (agent.workingHours) {
            const hours = agent.workingHours;
            v.require(validTimeZone(hours.timeZone), `agent.working_hours.time_zone "${hours.timeZone}" is not an IANA time zone, e.g. "Europe/Paris"`);
            hours.days.forEach((d, i) => {
              v.require(WEEKDAYS.includes(d.day), `agent.working_hours.days[${i}].day must be one of ${WEEKDAYS.join(', ')}, got "${d.day}"`);
              d.ranges.forEach((r, j) => v.require(RANGE.test(r), `agent.working_hours.days[${i}].ranges[${j}] must be "HH:MM-HH:MM", got "${r}"`));
            });
          }
          agent.skills.forEach((s, i) =>
            v.requireText(s.name, `agent.skills[${i}].name`).require(s.level >= 1 && s.level <= 5, `agent.skills[${i}].level must be 1 to 5, got ${s.level}`),
          );
          agent.channelCapacities.forEach((c, i) =>
            v
              .require(/^[a-z][a-z0-9_-]{0,31}$/.test(c.channel) && c.channel !== 'chat', `agent.channel_capacities[${i}].channel must be a lowercase channel name other than chat (chat's is chat_capacity), got "${c.channel}"`)
              .require(c.capacity <= MAX_CHAT_CAPACITY, `agent.channel_capacities[${i}].capacity must be at most ${MAX_CHAT_CAPACITY}`)
              .require(agent.channelCapacities.findIndex((o) => o.channel === c.channel) === i, `agent.channel_capacities names "${c.channel}" twice`),
          );
        }
        v.throwIfAny('UpsertAgent');
        const saved = await agents.upsert({ ...agent!, chatCapacity: agent!.chatCapacity || DEFAULT_CHAT_CAPACITY }, clock.now());
        if (saved.presence === Presence.PRESENCE_AVAILABLE) router.requestDrain();
        return { agent: saved };
      }),

      setPresence: unary(logger, 'SetPresence', async ({ agentId, presence }: SetPresenceRequest) => {
        new Violations()
          .requireText(agentId, 'agent_id')
          .require(validPresence(presence), `presence must be one of ${SETTABLE_PRESENCES.map((p) => Presence[p]).join(', ')}`)
          .throwIfAny('SetPresence');
        const agent = await agents.setPresence(agentId, presence, clock.now());
        if (presence === Presence.PRESENCE_AVAILABLE) router.requestDrain();
        return { agent };
      }),

      getAgent: unary(logger, 'GetAgent', async ({ agentId }: GetAgentRequest) => {
        new Violations().requireText(agentId, 'agent_id').throwIfAny('GetAgent');
        const agent = await agents.get(agentId);
        if (!agent) throw notFound(`agent ${agentId} is not registered`);
        return { agent };
      }),

      listAgents: unary(logger, 'ListAgents', async ({ team }: ListAgentsRequest) => ({ agents: await agents.list(team || undefined) })),

      getHandoff: unary(logger, 'GetHandoff', async ({ handoffId }: GetHandoffRequest) => {
        new Violations().requireText(handoffId, 'handoff_id').throwIfAny('GetHandoff');
        const doc = await handoffs.get(handoffId);
        const latest = doc && handoffs.latestUpdate(doc);
        if (!latest) throw notFound(`handoff ${handoffId} has not reached routing (unknown id, or its context is still being assembled)`);
        return { latest };
      }),

      completeHandoff: unary(logger, 'CompleteHandoff', async ({ handoffId, agentId }: CompleteHandoffRequest) => {
        new Violations().requireText(handoffId, 'handoff_id').requireText(agentId, 'agent_id').throwIfAny('CompleteHandoff');
        return { latest: await router.complete(handoffId, agentId) };
      }),

      acceptOffer: unary(logger, 'AcceptOffer', async ({ handoffId, agentId }: AcceptOfferRequest) => {
        new Violations().requireText(handoffId, 'handoff_id').requireText(agentId, 'agent_id').throwIfAny('AcceptOffer');
        return { latest: await router.accept(handoffId, agentId) };
      }),

      declineOffer: unary(logger, 'DeclineOffer', async ({ handoffId, agentId }: DeclineOfferRequest) => {
        new Violations().requireText(handoffId, 'handoff_id').requireText(agentId, 'agent_id').throwIfAny('DeclineOffer');
        return { latest: await router.decline(handoffId, agentId) };
      }),

      heartbeat: unary(logger, 'Heartbeat', async ({ agentId }: HeartbeatRequest) => {
        new Violations().requireText(agentId, 'agent_id').throwIfAny('Heartbeat');
        return { agent: await agents.heartbeat(agentId, clock.now()) };
      }),

      transferHandoff: unary(logger, 'TransferHandoff', async ({ handoffId, agentId, queue, note }: TransferHandoffRequest) => {
        new Violations().requireText(handoffId, 'handoff_id').requireText(agentId, 'agent_id').requireText(queue, 'queue').require(note.length <= 2000, 'note must be at most 2000 characters').throwIfAny('TransferHandoff');
        return { latest: await router.transfer(handoffId, agentId, queue, note) };
      }),

      watchQueue,

      getQueue: unary(logger, 'GetQueue', async ({ queue }: GetQueueRequest) => {
        new Violations().requireText(queue, 'queue').throwIfAny('GetQueue');
        return { waiting: await router.waiting(queue) };
      }),
    },
  };
}
