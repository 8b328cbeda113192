// Consumes handoff.routing.v1 and publishes what the customer should be told on conversation.outbound.v1.
// Publish first, then record: a crash in between republishes the same message id, which the chat system deduplicates.
import type { HandoffOffered, RoutingUpdate } from '@handoff/contracts';
import type { Clock } from '@handoff/core';
import type { Logger } from '@handoff/logging';
import { Topics, type EventPublisher } from '@handoff/messaging';
import { composeCustomerMessage, composeHumanOffer } from '../domain/customer-messages';
import { queueCheck, type QueueUpdateSettings } from '../domain/queue-updates';
import type { NotificationStateRepository } from './notification-state-repository';
import type { WaitingCustomers } from './waiting-customers';

export function handleRoutingUpdate(states: NotificationStateRepository, waiting: WaitingCustomers, settings: QueueUpdateSettings, publisher: EventPublisher, clock: Clock, logger: Logger) {
  return async (update: RoutingUpdate): Promise<void> => {
    const now = clock.now();
    const { state, message } = composeCustomerMessage(await states.load(update.handoffId), update, now);
    if (message) {
      await publisher.publish(Topics.conversationOutbound, message, { id: message.messageId });
      logger.info({ handoffId: update.handoffId, kind: message.kind }, 'customer message sent');
    }
    await states.save(state, now);
    await waiting.follow(update, now, settings.intervalSeconds);
  };
}

/** Checks every waiting customer whose check is due (each claimed once across replicas), and schedules the next. */
export async function sendDueQueueUpdates(waiting: WaitingCustomers, settings: QueueUpdateSettings, publisher: EventPublisher, clock: Clock, logger: Logger): Promise<number> {
  let sent = 0;
  for (const due of await waiting.due(clock.now())) {
    const now = clock.now();
    if (!(await waiting.claim(due.handoffId, due.dueAt, now))) continue;
    const { state, message } = queueCheck(due, now, settings);
    if (message) {
      await publisher.publish(Topics.conversationOutbound, message, { id: message.messageId });
      logger.info({ handoffId: due.handoffId, kind: message.kind }, 'queue update sent');
      sent += 1;
    }
    await waiting.saveCheck(state, new Date(now.getTime() + settings.intervalSeconds * 1000));
  }
  return sent;
}

/** Consumes handoff.offered.v1: asks the customer whether they want a person (the id makes a replay harmless). */
export function handleHumanOffer(publisher: EventPublisher, clock: Clock) {
  return async (offer: HandoffOffered): Promise<void> => {
    const message = composeHumanOffer(offer, clock.now());
    await publisher.publish(Topics.conversationOutbound, message, { id: message.messageId });
  };
}
