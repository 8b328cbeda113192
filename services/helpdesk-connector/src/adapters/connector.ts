// The connector's handlers: a context package creates a ticket in every enabled target, routing updates move it on.
//
// - Creation is claimed per (handoff, target) with a unique insert, and the helpdesk's ticket id is recorded, so a
//   redelivered package creates nothing; the create request carries an idempotency key derived from handoff id,
//   target and action, so a retry after an ambiguous failure (timeout) is deduplicated by Zendesk and webhook
//   receivers too.
// - Routing updates are buffered in the database first. An update for a ticket that does not exist yet waits there
//   and is applied, in sequence order, right after the ticket is created. Older updates than the last applied are
//   ignored; updates that change neither status nor agent (queue position) are recorded without a request.
// - Each target is independent: one failing does not stop the others. A permanent failure (4xx) of every failing
//   target rejects the message (straight to the DLQ with the reason); any transient failure lets the consumer retry.
import { randomUUID } from 'node:crypto';
import type { ContextPackage, RoutingUpdate } from '@handoff/contracts';
import type { Clock } from '@handoff/core';
import { HandoffError, describeError, unavailable } from '@handoff/errors';
import type { Logger } from '@handoff/logging';
import { Topics, type ConsumerOptions, type EventConsumer, type Messaging } from '@handoff/messaging';
import { handoffFieldsOf, routingFieldsOf, type HandoffFields, type RoutingFields } from '../domain/fields';
import { idempotencyKey } from '../domain/idempotency';
import { planRouting } from '../domain/routing-plan';
import type { ClaimStore, RoutingBuffer, TicketRecord, TicketRepository } from './connector-store';
import type { HelpdeskTarget } from './targets';

export const CONSUMER_GROUP = 'handoff-helpdesk-connector';

export interface ConnectorDeps {
  targets: readonly HelpdeskTarget[];
  claims: ClaimStore;
  tickets: TicketRepository;
  buffer: RoutingBuffer;
  clock: Clock;
  logger: Logger;
  /** How long a redelivery waits for another worker's ticket creation before asking to be retried. */
  peerWaitMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class HelpdeskConnector {
  private readonly peerWaitMs: number;

  constructor(private readonly deps: ConnectorDeps) {
    this.peerWaitMs = deps.peerWaitMs ?? 5000;
  }

  async handleContext(pkg: ContextPackage): Promise<void> {
    const fields = handoffFieldsOf(pkg);
    await this.eachTarget(pkg.handoffId, 'context package', (target) => this.createTicket(target, fields));
  }

  async handleRouting(update: RoutingUpdate): Promise<void> {
    const fields = routingFieldsOf(update);
    if (!fields) {
      this.deps.logger.info({ handoffId: update.handoffId, sequence: update.sequence }, 'routing update without a status; ignored');
      return;
    }
    // Stored before looking for tickets: a ticket created concurrently then sees it when it applies what is pending.
    await this.deps.buffer.add(fields, this.deps.clock.now());
    await this.eachTarget(update.handoffId, `routing update ${update.sequence}`, async (target) => {
      const ticket = await this.deps.tickets.find(update.handoffId, target.name);
      if (!ticket) {
        this.deps.logger.info({ handoffId: update.handoffId, target: target.name, sequence: update.sequence }, 'no ticket yet; update buffered');
        return;
      }
      await this.applyPending(target, ticket);
    });
  }

  private async createTicket(target: HelpdeskTarget, fields: HandoffFields): Promise<void> {
    const { handoffId } = fields;
    const key = idempotencyKey(handoffId, target.name, 'create');
    let ticket = await this.deps.tickets.find(handoffId, target.name);
    if (!ticket) {
      const claimId = `${handoffId}:${target.name}:create`;
      const owner = randomUUID();
      const claim = await this.deps.claims.acquire(claimId, owner, this.deps.clock.now());
      if (claim === 'busy') {
        // Another worker is creating it right now (a redelivery during a rebalance): it also applies what is pending.
        if (await this.waitForTicket(handoffId, target)) return;
        throw unavailable(`${target.name}: ticket creation for handoff ${handoffId} is still in progress elsewhere`);
      }
      if (claim === 'acquired') {
        let ticketId: string;
        try {
          ticketId = await target.create(fields, key);
        } catch (error) {
          await this.deps.claims.release(claimId, owner);
          throw error;
        }
        const now = this.deps.clock.now();
        await this.deps.tickets.record({ handoffId, target: target.name, conversationId: fields.conversationId, ticketId }, now);
        await this.deps.claims.complete(claimId, owner, now);
        this.deps.logger.info({ handoffId, target: target.name, ticketId }, 'ticket created');
      }
      ticket = await this.deps.tickets.find(handoffId, target.name);
      if (!ticket) throw unavailable(`${target.name}: ticket for handoff ${handoffId} is claimed as created but not recorded yet`);
    } else {
      this.deps.logger.info({ handoffId, target: target.name, ticketId: ticket.ticketId }, 'ticket exists; context package not applied again');
    }
    if (!ticket.completed) {
      await target.completeCreate(ticket.ticketId, fields, key);
      await this.deps.tickets.markCompleted(handoffId, target.name, this.deps.clock.now());
    }
    await this.applyPending(target, ticket);
  }

  private async waitForTicket(handoffId: string, target: HelpdeskTarget): Promise<TicketRecord | undefined> {
    const deadline = Date.now() + this.peerWaitMs;
    while (Date.now() < deadline) {
      await sleep(100);
      const ticket = await this.deps.tickets.find(handoffId, target.name);
      if (ticket) return ticket;
    }
    return undefined;
  }

  /** Applies the buffered updates the ticket does not reflect yet, in sequence order. */
  private async applyPending(target: HelpdeskTarget, ticket: TicketRecord): Promise<void> {
    const pending = await this.deps.buffer.after(ticket.handoffId, ticket.lastSequence);
    for (const step of planRouting(ticket, pending)) {
      if (step.send) await this.applyOnce(target, ticket, step.fields);
      await this.deps.tickets.advance(ticket.handoffId, target.name, step.fields.sequence, step.fields.status, step.fields.agent?.id, this.deps.clock.now());
    }
  }

  private async applyOnce(target: HelpdeskTarget, ticket: TicketRecord, fields: RoutingFields): Promise<void> {
    const action = `update:${fields.sequence}`;
    const claimId = `${ticket.handoffId}:${target.name}:${action}`;
    const owner = randomUUID();
    const claim = await this.deps.claims.acquire(claimId, owner, this.deps.clock.now());
    if (claim === 'done') return;
    // Keeps the order: a later update must not overtake one another worker is applying right now.
    if (claim === 'busy') throw unavailable(`${target.name}: routing update ${fields.sequence} of handoff ${ticket.handoffId} is being applied elsewhere`);
    try {
      await target.update(ticket.ticketId, fields, idempotencyKey(ticket.handoffId, target.name, action));
    } catch (error) {
      await this.deps.claims.release(claimId, owner);
      throw error;
    }
    await this.deps.claims.complete(claimId, owner, this.deps.clock.now());
    this.deps.logger.info({ handoffId: ticket.handoffId, target: target.name, ticketId: ticket.ticketId, sequence: fields.sequence, status: fields.status }, 'ticket updated');
  }

  /** Runs the work for every target; one target's failure neither stops nor hides another's. */
  private async eachTarget(handoffId: string, what: string, work: (target: HelpdeskTarget) => Promise<void>): Promise<void> {
    const results = await Promise.allSettled(this.deps.targets.map((target) => work(target)));
    const failures = results.flatMap((result, i) => (result.status === 'rejected' ? [{ target: this.deps.targets[i]!.name, error: result.reason as unknown }] : []));
    if (failures.length === 0) return;
    for (const { target, error } of failures) this.deps.logger.warn({ handoffId, target, err: describeError(error) }, `${what} not delivered`);
    const message = `handoff ${handoffId}, ${what}: ${failures.map((f) => `${f.target}: ${describeError(f.error)}`).join('; ')}`;
    const permanent = failures.map((f) => f.error).filter((e): e is HandoffError => e instanceof HandoffError && e.permanent);
    if (permanent.length === failures.length) throw new HandoffError(permanent[0]!.code, message);
    throw unavailable(message, failures[0]!.error);
  }
}

/** The connector's consumer: both topics, one group. Used by main.ts and, with a topic prefix, by the tests. */
export function connectorConsumer(messaging: Messaging, connector: HelpdeskConnector, options: Partial<ConsumerOptions> = {}): EventConsumer {
  return messaging
    .consumer({ groupId: CONSUMER_GROUP, ...options })
    .on(Topics.handoffContext, (pkg) => connector.handleContext(pkg))
    .on(Topics.handoffRouting, (update) => connector.handleRouting(update));
}
