// Consumes conversation.events.v1: runs the decision for each event and publishes handoff.requested.v1.
import type { Clock } from '@handoff/core';
import type { ConversationEvent } from '@handoff/contracts';
import type { Logger } from '@handoff/logging';
import { Topics, type EventPublisher } from '@handoff/messaging';
import type { ProcessedEvents } from '@handoff/store';
import { decide, initialState } from '../domain/decide';
import type { DetectionPolicy } from '../domain/policy';
import type { ConversationRepository } from './conversation-repository';

export interface DetectionDeps {
  conversations: ConversationRepository;
  processed: ProcessedEvents;
  publisher: EventPublisher;
  policy: DetectionPolicy;
  clock: Clock;
  logger: Logger;
}

export function handleConversationEvent(deps: DetectionDeps) {
  return async (event: ConversationEvent): Promise<void> => {
    const { conversations, processed, publisher, policy, clock, logger } = deps;
    const stored = await conversations.load(event.conversationId);

    // A crash after saving a decision but before publishing it: publish the same handoff again (same id).
    const decided = stored?.handoffs.find((h) => h.triggeringEventId === event.eventId);
    if (decided) {
      await publisher.publish(Topics.handoffRequested, decided.request, { id: decided.request.handoffId });
      await processed.markProcessed(event.eventId, clock.now());
      return;
    }
    if (await processed.has(event.eventId)) return;

    const now = clock.now();
    const { state, handoff } = decide(stored?.state ?? initialState(event.conversationId), event, policy, now);
    await conversations.save(state, stored?.version ?? 0, handoff, now);
    if (handoff) {
      await publisher.publish(Topics.handoffRequested, handoff, { id: handoff.handoffId });
      logger.info({ conversationId: handoff.conversationId, handoffId: handoff.handoffId, reason: handoff.reason, policyVersion: handoff.policyVersion }, 'handoff requested');
    }
    await processed.markProcessed(event.eventId, now);
  };
}
