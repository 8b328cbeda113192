// Consumes handoff.routing.v1, handoff.offered.v1 and handoff.context.v1: publishes what the customer should be told
// on conversation.outbound.v1, and queues agent alerts. Publish first, then record: a crash in between republishes the
// same message id, which the chat system deduplicates; once recorded as delivered, a message is never sent again.
import type { ContextPackage, HandoffOffered, RoutingUpdate } from '@handoff/contracts';
import type { Clock } from '@handoff/core';
import type { Logger } from '@handoff/logging';
import type { EventMeta, EventPublisher } from '@handoff/messaging';
import { composeCustomerMessage, composeHumanOffer } from '../domain/customer-messages';
import type { NotificationPolicy } from '../domain/policy';
import { nextCheckAt, queueCheck, type QueueUpdateSettings } from '../domain/queue-updates';
import type { AlertFactsRepository } from './alert-facts';
import { deliverCustomerMessage, type AlertDispatcher } from './alert-dispatcher';
import type { Deliveries } from './deliveries';
import type { NotificationStateRepository } from './notification-state-repository';
import type { WaitingCustomers } from './waiting-customers';

export interface NotificationDeps {
  states: NotificationStateRepository;
  waiting: WaitingCustomers;
  deliveries: Deliveries;
  facts: AlertFactsRepository;
  dispatcher: AlertDispatcher;
  settings: QueueUpdateSettings;
  policy: NotificationPolicy;
  publisher: EventPublisher;
  clock: Clock;
  logger: Logger;
}

export function handleRoutingUpdate(deps: NotificationDeps) {
  const { states, waiting, settings, policy, clock, dispatcher } = deps;
  return async (update: RoutingUpdate, meta?: EventMeta): Promise<void> => {
    const now = clock.now();
    const { state, message } = composeCustomerMessage(await states.load(update.handoffId), update, now, policy);
    if (message) await deliverCustomerMessage(message, update.sequence, deps);
    await states.save(state, now);
    await waiting.follow(update, now, settings);
    await dispatcher.alertFor(update, meta);
  };
}

/** Checks every waiting customer whose check is due (each claimed once across replicas), and schedules the next. */
export async function sendDueQueueUpdates(deps: Pick<NotificationDeps, 'waiting' | 'deliveries' | 'settings' | 'policy' | 'publisher' | 'clock' | 'logger'>): Promise<number> {
  const { waiting, settings, policy, clock } = deps;
  let sent = 0;
  for (const due of await waiting.due(clock.now())) {
    const now = clock.now();
    if (!(await waiting.claim(due.handoffId, due.dueAt, now))) continue;
    const { state, message } = queueCheck(due, now, settings, policy);
    if (message && (await deliverCustomerMessage(message, state.updatesSent, deps))) sent += 1;
    await waiting.saveCheck(state, nextCheckAt(state, now, settings));
  }
  return sent;
}

/** Consumes handoff.offered.v1: asks the customer whether they want a person (the id makes a replay harmless). */
export function handleHumanOffer(deps: Pick<NotificationDeps, 'deliveries' | 'policy' | 'publisher' | 'clock' | 'logger'>) {
  return async (offer: HandoffOffered): Promise<void> => {
    await deliverCustomerMessage(composeHumanOffer(offer, deps.clock.now(), deps.policy), 0, deps);
  };
}

/** Consumes handoff.context.v1: keeps what agent alerts need, and sends alerts that were waiting for it. */
export function handleContextPackage(deps: Pick<NotificationDeps, 'facts' | 'dispatcher' | 'clock'>) {
  return async (pkg: ContextPackage): Promise<void> => {
    await deps.facts.store(pkg, deps.clock.now());
    await deps.dispatcher.contextArrived(pkg.handoffId);
  };
}
