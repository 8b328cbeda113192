// Consumes handoff.routing.v1 and publishes what the customer should be told on conversation.outbound.v1.
// Publish first, then record: a crash in between republishes the same message id, which the chat system deduplicates.
import type { RoutingUpdate } from '@handoff/contracts';
import type { Clock } from '@handoff/core';
import type { Logger } from '@handoff/logging';
import { Topics, type EventPublisher } from '@handoff/messaging';
import { composeCustomerMessage } from '../domain/customer-messages';
import type { NotificationStateRepository } from './notification-state-repository';

export function handleRoutingUpdate(states: NotificationStateRepository, publisher: EventPublisher, clock: Clock, logger: Logger) {
  return async (update: RoutingUpdate): Promise<void> => {
    const now = clock.now();
    const { state, message } = composeCustomerMessage(await states.load(update.handoffId), update, now);
    if (message) {
      await publisher.publish(Topics.conversationOutbound, message, { id: message.messageId });
      logger.info({ handoffId: update.handoffId, kind: message.kind }, 'customer message sent');
    }
    await states.save(state, now);
  };
}
