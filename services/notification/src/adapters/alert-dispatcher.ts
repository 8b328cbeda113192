// Sends agent alerts and supervisor digests from the deliveries outbox: each due delivery is claimed by one replica,
// composed (an alert waits a little for its context package), sent on its channel, and settled: delivered, retried
// later with backoff, or failed (a DeliveryRecord on notification.deliveries.v1 and the source event in its DLQ).
import {
  AlertUrgency,
  DeliveryChannel,
  DeliveryKind,
  DeliveryOutcome,
  DeliveryRecord,
  RoutingStatus,
  RoutingUpdate,
  type OutboundMessage,
} from '@handoff/contracts';
import { metrics } from '@opentelemetry/api';
import { deterministicId, type Clock } from '@handoff/core';
import type { Logger } from '@handoff/logging';
import { Topics, dlqNameOf, encodeEvent, type EventMeta, type EventPublisher } from '@handoff/messaging';
import { agentEmail, channelsFor, composeAgentAlert, teamEmail } from '../domain/agent-alerts';
import { emailAlert, emailDigest, slackAlert, slackDigest, webhookAlert, webhookDigest } from '../domain/alert-formats';
import { nextStep, withoutAddresses, type SendOutcome } from '../domain/delivery-retry';
import type { AlertChannel, NotificationPolicy } from '../domain/policy';
import { digestDue, type WaitingEntry } from '../domain/supervisor-digest';
import type { AlertFactsRepository } from './alert-facts';
import type { AlertChannels } from './channels';
import type { ChannelName, Deliveries, DeliveryDocument, NewDelivery } from './deliveries';

const meter = metrics.getMeter('handoff.notification');
const settledDeliveries = meter.createCounter('handoff.notification.deliveries', { description: 'Settled deliveries, by kind, channel and outcome (delivered, failed, skipped)' });
const deliveryRetries = meter.createCounter('handoff.notification.delivery_retries', { description: 'Delivery attempts that failed and were scheduled again, by kind and channel' });

export interface DispatcherDeps {
  deliveries: Deliveries;
  facts: AlertFactsRepository;
  channels: AlertChannels;
  policy: NotificationPolicy;
  publisher: EventPublisher;
  /** The deployment's name of a topic (with its prefix), for dead letters. */
  topicName: (topic: string) => string;
  /** CloudEvents source of what this service publishes. */
  source: string;
  clock: Clock;
  logger: Logger;
  random?: () => number;
  /** How long a claimed delivery is held before another replica may take it over (a replica died mid-send). */
  leaseMs?: number;
}

const CHANNELS: Record<ChannelName, DeliveryChannel> = {
  chat: DeliveryChannel.DELIVERY_CHANNEL_CHAT,
  slack: DeliveryChannel.DELIVERY_CHANNEL_SLACK,
  email: DeliveryChannel.DELIVERY_CHANNEL_EMAIL,
  webhook: DeliveryChannel.DELIVERY_CHANNEL_WEBHOOK,
};
const KINDS = {
  customer_message: DeliveryKind.DELIVERY_KIND_CUSTOMER_MESSAGE,
  agent_alert: DeliveryKind.DELIVERY_KIND_AGENT_ALERT,
  supervisor_digest: DeliveryKind.DELIVERY_KIND_SUPERVISOR_DIGEST,
} as const;

/** One alert per agent, handoff and channel: an offer and the assignment that follows it alert once. */
export const alertDeliveryId = (handoffId: string, agentId: string, channel: string): string => deterministicId('dl', handoffId, 'agent-alert', agentId, channel);

export class AlertDispatcher {
  private readonly leaseMs: number;
  private readonly random: () => number;
  private running: Promise<number> | undefined;
  private again = false;

  constructor(private readonly deps: DispatcherDeps) {
    this.leaseMs = deps.leaseMs ?? 60_000;
    this.random = deps.random ?? Math.random;
  }

  /** The channels the policy names that have an endpoint here. */
  activeChannels(names: AlertChannel[]): AlertChannel[] {
    return names.filter((name) => this.deps.channels[name] !== undefined);
  }

  /** Queues the alerts an offer or assignment calls for, on every channel either urgency could use (urgency is decided
   * when the context package is there; a channel the final urgency does not use is settled as skipped). */
  async alertFor(update: RoutingUpdate, meta?: Pick<EventMeta, 'topic' | 'partition' | 'offset' | 'id'>): Promise<number> {
    const { policy, deliveries, clock } = this.deps;
    const status = update.status === RoutingStatus.ROUTING_STATUS_OFFERED ? 'offered' : update.status === RoutingStatus.ROUTING_STATUS_ASSIGNED ? 'assigned' : undefined;
    // Who to alert: the agent offered or assigned the handoff, or the on-call agents routing pages for a critical
    // handoff that became an async ticket.
    const recipients: Array<{ agentId: string; paged: boolean }> =
      status && policy.alerts.on.includes(status) && update.agent?.agentId
        ? [{ agentId: update.agent.agentId, paged: false }]
        : update.status === RoutingStatus.ROUTING_STATUS_ASYNC_FALLBACK
          ? update.pageOnCall.map((agentId) => ({ agentId, paged: true }))
          : [];
    const channels = this.activeChannels([...new Set([...policy.alerts.channels.urgent, ...policy.alerts.channels.routine])]);
    let queued = 0;
    for (const { agentId, paged } of recipients) {
      for (const channel of channels) {
        const delivery: NewDelivery = {
          _id: alertDeliveryId(update.handoffId, agentId, channel),
          kind: 'agent_alert',
          channel,
          recipient: channel === 'webhook' ? 'webhook' : `agent:${agentId}`,
          handoffId: update.handoffId,
          conversationId: update.conversationId,
          agentId,
          sequence: update.sequence,
          paged,
          update: { ...(RoutingUpdate.toJSON(update) as object), source: meta ? { topic: meta.topic, partition: meta.partition, offset: meta.offset, id: meta.id } : undefined },
        };
        if (await deliveries.enqueue(delivery, clock.now())) queued += 1;
      }
    }
    if (queued > 0) this.kick();
    return queued;
  }

  /** The context package arrived: alerts that were waiting for it go out now. */
  async contextArrived(handoffId: string): Promise<void> {
    if ((await this.deps.deliveries.wakeAlerts(handoffId, this.deps.clock.now())) > 0) this.kick();
  }

  /** A digest for supervisors when the longest wait passes the threshold, once per period across replicas. */
  async digest(waiting: WaitingEntry[]): Promise<number> {
    const { policy, deliveries, clock } = this.deps;
    const digest = digestDue(waiting, clock.now(), policy);
    if (!digest) return 0;
    let queued = 0;
    for (const channel of this.activeChannels(policy.digest.channels)) {
      if (channel === 'email' && policy.digest.email_to.length === 0) continue;
      const delivery: NewDelivery = {
        _id: deterministicId('dl', 'supervisor-digest', digest.period, channel),
        kind: 'supervisor_digest',
        channel,
        recipient: 'supervisors',
        handoffId: '',
        conversationId: '',
        agentId: '',
        sequence: digest.period,
        digest,
      };
      if (await deliveries.enqueue(delivery, clock.now())) queued += 1;
    }
    if (queued > 0) this.kick();
    return queued;
  }

  /** Runs a pass soon (one at a time; a kick during a pass runs another after it). */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.runDue()
      .catch((err: unknown) => {
        this.deps.logger.warn({ err }, 'delivery pass failed');
        return 0;
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Waits for a pass in progress (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Sends every due delivery this replica can claim; returns how many were settled or rescheduled. */
  async runDue(): Promise<number> {
    const { deliveries, clock } = this.deps;
    let handled = 0;
    for (const doc of await deliveries.due(clock.now())) {
      if (!(await deliveries.claim(doc, clock.now(), this.leaseMs))) continue;
      try {
        await this.deliver(doc);
        handled += 1;
      } catch (err) {
        // Kafka or MongoDB failed mid-delivery: the claim lapses after the lease and a later pass tries again.
        this.deps.logger.warn({ err, deliveryId: doc._id, kind: doc.kind, channel: doc.channel }, 'delivery interrupted; retried after its claim lapses');
      }
    }
    return handled;
  }

  private async deliver(doc: DeliveryDocument): Promise<void> {
    const { deliveries, facts, policy, clock, logger } = this.deps;
    const now = clock.now();
    let outcome: SendOutcome;
    let extra: Partial<DeliveryDocument> = {};
    if (doc.kind === 'agent_alert') {
      const update = RoutingUpdate.fromJSON(doc.update);
      const known = await facts.get(doc.handoffId);
      if (!known && now.getTime() - doc.createdAt.getTime() < policy.alerts.wait_for_context_seconds * 1000) {
        await deliveries.postpone(doc._id, new Date(doc.createdAt.getTime() + policy.alerts.wait_for_context_seconds * 1000));
        // The package may have arrived while this alert was claimed, when its wake-up could not see it: look again.
        if (await facts.get(doc.handoffId)) await this.contextArrived(doc.handoffId);
        return;
      }
      const alert = composeAgentAlert(doc._id, known, update, policy, doc.paged ? doc.agentId : undefined);
      extra = { urgency: alert.urgency, suggestedFirstMessage: alert.suggestedFirstMessage };
      if (!channelsFor(alert.urgency, policy).includes(doc.channel as AlertChannel)) {
        // Routine handoffs may only appear in the queue: nothing to send on this channel.
        await deliveries.settle(doc._id, 'skipped', { ...extra, lastError: `not a channel for ${alert.urgency} alerts` }, now);
        settledDeliveries.add(1, { kind: doc.kind, channel: doc.channel, outcome: 'skipped' });
        return;
      }
      outcome = await this.sendAlert(doc, alert);
    } else {
      outcome = await this.sendDigest(doc);
    }

    const attempts = doc.attempts + 1;
    const step = nextStep(outcome, attempts, policy.alerts.retry, this.random);
    const log = { deliveryId: doc._id, handoffId: doc.handoffId || undefined, kind: doc.kind, channel: doc.channel, attempts };
    if (step.action === 'retry') {
      const error = withoutAddresses(outcome.ok ? '' : outcome.error);
      await deliveries.retryLater(doc._id, attempts, new Date(now.getTime() + step.delayMs), error);
      deliveryRetries.add(1, { kind: doc.kind, channel: doc.channel });
      logger.warn({ ...log, delayMs: step.delayMs, error }, 'delivery failed; will retry');
      return;
    }
    const settled = { ...doc, ...extra, attempts, status: step.action, lastError: step.action === 'failed' ? withoutAddresses(step.error) : undefined };
    await deliveries.settle(doc._id, step.action, { ...extra, attempts, ...(settled.lastError ? { lastError: settled.lastError } : {}) }, now);
    await this.deps.publisher.publish(Topics.notificationDeliveries, deliveryRecordOf(settled, now), { id: deterministicId('dr', doc._id, attempts) });
    settledDeliveries.add(1, { kind: doc.kind, channel: doc.channel, outcome: step.action });
    if (step.action === 'failed') {
      logger.error({ ...log, error: settled.lastError }, 'delivery failed for good');
      if (doc.kind === 'agent_alert') await this.deadLetter(doc, settled.lastError ?? '', attempts, now);
    } else {
      logger.info(log, 'delivered');
    }
  }

  private async sendAlert(doc: DeliveryDocument, alert: ReturnType<typeof composeAgentAlert>): Promise<SendOutcome> {
    const { channels, policy, clock } = this.deps;
    switch (doc.channel) {
      case 'slack':
        return channels.slack ? channels.slack.send(slackAlert(alert)) : offline('slack');
      case 'webhook':
        return channels.webhook ? channels.webhook.send(doc._id, webhookAlert(alert), clock.now()) : offline('webhook');
      case 'email': {
        if (!channels.email) return offline('email');
        const to = agentEmail(doc.agentId, policy);
        const cc = teamEmail(alert.team, policy);
        if (!to && !cc) return { ok: false, permanent: true, error: `no e-mail address for agent ${doc.agentId} or team ${alert.team} (alerts.email in the policy)` };
        return channels.email.send(doc._id, { to: to ? [to] : [cc!], cc: to && cc ? [cc] : [] }, emailAlert(alert));
      }
      default:
        return { ok: false, permanent: true, error: `unknown channel ${doc.channel}` };
    }
  }

  private async sendDigest(doc: DeliveryDocument): Promise<SendOutcome> {
    const { channels, policy, clock } = this.deps;
    const digest = { ...doc.digest!, at: new Date(doc.digest!.at) };
    switch (doc.channel) {
      case 'slack':
        return channels.slack ? channels.slack.send(slackDigest(digest)) : offline('slack');
      case 'webhook':
        return channels.webhook ? channels.webhook.send(doc._id, webhookDigest(doc._id, digest), clock.now()) : offline('webhook');
      case 'email':
        return channels.email ? channels.email.send(doc._id, { to: policy.digest.email_to, cc: [] }, emailDigest(digest)) : offline('email');
      default:
        return { ok: false, permanent: true, error: `unknown channel ${doc.channel}` };
    }
  }

  /** The routing update that asked for the alert goes to handoff.routing.v1.dlq with why; re-driving it retries. */
  private async deadLetter(doc: DeliveryDocument, error: string, attempts: number, now: Date): Promise<void> {
    const stored = doc.update as { source?: { topic: string; partition: number; offset: string; id: string } };
    const update = RoutingUpdate.fromJSON(doc.update);
    const encoded = encodeEvent(Topics.handoffRouting, update, this.deps.source, { id: stored.source?.id, time: now });
    const original = stored.source?.topic ?? this.deps.topicName(Topics.handoffRouting.name);
    await this.deps.publisher.publishRaw(dlqNameOf(original), encoded.key, encoded.value, {
      ...encoded.headers,
      dlq_error: `${doc.channel} alert ${doc._id}: ${error}`.slice(0, 2000),
      dlq_error_kind: 'delivery',
      dlq_original_topic: original,
      dlq_original_partition: String(stored.source?.partition ?? ''),
      dlq_original_offset: stored.source?.offset ?? '',
      dlq_consumer_group: 'handoff-notification',
      dlq_attempts: String(attempts),
      dlq_failed_at: now.toISOString(),
      dlq_delivery_id: doc._id,
      dlq_channel: doc.channel,
    });
  }
}

const offline = (channel: string): SendOutcome => ({ ok: false, permanent: true, error: `the ${channel} channel has no endpoint configured` });

/** The record published on notification.deliveries.v1: no contact details, no message body. */
export function deliveryRecordOf(doc: DeliveryDocument, now: Date): DeliveryRecord {
  return DeliveryRecord.fromPartial({
    deliveryId: doc._id,
    handoffId: doc.handoffId,
    conversationId: doc.conversationId,
    kind: KINDS[doc.kind],
    outboundKind: doc.outboundKind ?? 0,
    sequence: doc.sequence,
    channel: CHANNELS[doc.channel],
    recipient: doc.recipient,
    outcome: doc.status === 'delivered' ? DeliveryOutcome.DELIVERY_OUTCOME_DELIVERED : DeliveryOutcome.DELIVERY_OUTCOME_FAILED,
    attempts: doc.attempts,
    error: doc.lastError ?? '',
    createdAt: doc.createdAt,
    settledAt: now,
    urgency: doc.urgency === 'urgent' ? AlertUrgency.ALERT_URGENCY_URGENT : doc.urgency === 'routine' ? AlertUrgency.ALERT_URGENCY_ROUTINE : AlertUrgency.ALERT_URGENCY_UNSPECIFIED,
    suggestedFirstMessage: doc.suggestedFirstMessage ?? '',
    agentId: doc.agentId,
  });
}

/** Customer messages go to Kafka once per message id: skipped when already delivered, recorded after publishing. */
export async function deliverCustomerMessage(message: OutboundMessage, sequence: number, deps: Pick<DispatcherDeps, 'deliveries' | 'publisher' | 'clock' | 'logger'>): Promise<boolean> {
  const { deliveries, publisher, clock, logger } = deps;
  const existing = await deliveries.get(message.messageId);
  if (existing?.status === 'delivered') return false;
  await publisher.publish(Topics.conversationOutbound, message, { id: message.messageId });
  const now = clock.now();
  const record: NewDelivery = {
    _id: message.messageId,
    kind: 'customer_message',
    channel: 'chat',
    recipient: 'conversation',
    handoffId: message.handoffId,
    conversationId: message.conversationId,
    agentId: '',
    sequence,
    outboundKind: message.kind,
  };
  await deliveries.recordDelivered(record, now);
  await publisher.publish(Topics.notificationDeliveries, deliveryRecordOf({ ...record, status: 'delivered', attempts: 1, dueAt: now, createdAt: now }, now), { id: deterministicId('dr', message.messageId) });
  settledDeliveries.add(1, { kind: 'customer_message', channel: 'chat', outcome: 'delivered' });
  logger.info({ handoffId: message.handoffId || undefined, kind: message.kind }, 'customer message sent');
  return true;
}
