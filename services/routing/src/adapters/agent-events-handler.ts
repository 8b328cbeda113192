// Consumes agent.events.v1: presence and completions reported by helpdesks, the same effects as the gRPC calls.
import { Presence, type AgentEvent } from '@handoff/contracts';
import type { Clock } from '@handoff/core';
import { HandoffError, invalidArgument } from '@handoff/errors';
import type { AgentRepository } from './agent-repository';
import type { Router } from './router';

export function handleAgentEvent(agents: AgentRepository, router: Router, clock: Clock) {
  return async (event: AgentEvent): Promise<void> => {
    const payload = event.payload!;
    switch (payload.$case) {
      case 'presenceChanged':
        if (!(payload.value.presence > 0 && payload.value.presence in Presence)) throw invalidArgument(`presence_changed.presence ${payload.value.presence} is not a known presence`);
        await agents.setPresence(event.agentId, payload.value.presence, clock.now());
        if (payload.value.presence === Presence.PRESENCE_AVAILABLE) await router.drainQueue();
        break;
      case 'handoffCompleted':
        try {
          await router.complete(payload.value.handoffId, event.agentId);
        } catch (error) {
          // Completing twice, or an unknown handoff, is the sender's mistake: reject it to the DLQ rather than retry.
          if (error instanceof HandoffError && error.code === 'NOT_FOUND') throw invalidArgument(error.message);
          throw error;
        }
        break;
    }
  };
}
