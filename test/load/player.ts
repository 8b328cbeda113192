// Plays conversation plans into conversation.events.v1 at a set rate of events per second, as a chat system would:
// one conversation's events in order, many conversations interleaved, and soft offers answered when they arrive.
import { OutboundKind, type ConversationEvent, type OutboundMessage } from '@handoff/contracts';
import type { Logger } from '@handoff/logging';
import { Messaging, Topics, type EventPublisher } from '@handoff/messaging';
import type { ConversationPlan } from './conversations';

export interface PlayerOptions {
  /** One Kafka producer each: a conversation always uses the same one, so its events stay in order. */
  publishers: EventPublisher[];
  /** Conversation events per second, all conversations together. */
  rate: number;
  /** Pause between two events of one conversation (a person typing, a bot answering). */
  stepGapMs: number;
  /** How long a conversation waits for a soft offer before it is counted as stuck. */
  offerWaitMs?: number;
  /** Called when the triggering event of a plan has been handed to the producer (before Kafka acknowledges it). */
  onTrigger?: (plan: ConversationPlan, at: number) => void;
}

interface Active {
  plan: ConversationPlan;
  step: number;
  dueAt: number;
  inFlight: boolean;
  publisher: EventPublisher;
  waitingSince?: number;
}

export interface PlayerStats {
  eventsSent: number;
  conversationsStarted: number;
  conversationsFinished: number;
  /** Conversations whose soft offer never came. */
  offersMissing: string[];
  publishErrors: number;
}

/** Builds `count` publishers on their own Messaging clients (kafkajs sends one request at a time per producer). */
export async function createPublishers(count: number, brokers: string[], topicPrefix: string, logger: Logger): Promise<{ publishers: EventPublisher[]; close: () => Promise<void> }> {
  const clients = Array.from({ length: count }, (_, i) => new Messaging({ brokers, clientId: `chat-system-${i}`, topicPrefix, logger }));
  const publishers = await Promise.all(clients.map((c) => c.publisher()));
  return { publishers, close: async () => void (await Promise.all(clients.map((c) => c.disconnect()))) };
}

export class ConversationPlayer {
  private readonly offers = new Map<string, string>();
  private readonly active: Active[] = [];
  private next = 0;
  private stopped = false;
  readonly stats: PlayerStats = { eventsSent: 0, conversationsStarted: 0, conversationsFinished: 0, offersMissing: [], publishErrors: 0 };
  /** Steps Kafka acknowledged, per conversation: how far each got (a run stopped early leaves some half played). */
  readonly stepsSent = new Map<string, number>();

  constructor(
    private readonly plans: ConversationPlan[],
    private readonly options: PlayerOptions,
  ) {}

  /** Feed every outbound message here: the player answers human offers like the chat widget's buttons. */
  observeOutbound(message: OutboundMessage): void {
    if (message.kind === OutboundKind.OUTBOUND_KIND_HUMAN_OFFER && message.offerId) this.offers.set(message.conversationId, message.offerId);
  }

  stop(): void {
    this.stopped = true;
  }

  /** Plays every plan (or until stop()); resolves when the last conversation has finished its steps. */
  async play(): Promise<PlayerStats> {
    const { rate } = this.options;
    const offerWaitMs = this.options.offerWaitMs ?? 60_000;
    const started = Date.now();
    let tokens = 0;
    let last = started;
    const maxBurst = Math.max(1, rate * 0.2);
    while (!this.stopped && (this.next < this.plans.length || this.active.length > 0)) {
      const now = Date.now();
      tokens = Math.min(maxBurst, tokens + ((now - last) * rate) / 1000);
      last = now;
      for (const conversation of [...this.active]) {
        if (tokens < 1) break;
        if (conversation.inFlight || conversation.dueAt > now) continue;
        const step = conversation.plan.steps[conversation.step]!;
        let event: ConversationEvent;
        if ('acceptOffer' in step) {
          const offerId = this.offers.get(conversation.plan.conversationId);
          conversation.waitingSince ??= now;
          if (!offerId) {
            if (now - conversation.waitingSince > offerWaitMs) {
              this.stats.offersMissing.push(conversation.plan.conversationId);
              this.finish(conversation);
            }
            continue;
          }
          event = {
            eventId: `${conversation.plan.conversationId}-answer`,
            conversationId: conversation.plan.conversationId,
            occurredAt: new Date(),
            channel: 'chat',
            language: 'en',
            payload: { $case: 'offerAnswered', value: { offerId, accepted: true } },
          };
        } else {
          event = step.event(conversation.plan.conversationId);
        }
        tokens -= 1;
        this.send(conversation, event);
      }
      while (tokens >= 1 && this.next < this.plans.length && !this.stopped) {
        const plan = this.plans[this.next]!;
        const conversation: Active = { plan, step: 0, dueAt: now, inFlight: false, publisher: this.options.publishers[this.next % this.options.publishers.length]! };
        this.next++;
        this.stats.conversationsStarted++;
        this.active.push(conversation);
        tokens -= 1;
        this.send(conversation, (plan.steps[0] as { event: (id: string) => ConversationEvent }).event(plan.conversationId));
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    while (this.active.some((c) => c.inFlight)) await new Promise((r) => setTimeout(r, 10));
    return this.stats;
  }

  private send(conversation: Active, event: ConversationEvent): void {
    conversation.inFlight = true;
    const isTrigger = conversation.step === conversation.plan.triggerStep;
    const at = Date.now();
    if (isTrigger) this.options.onTrigger?.(conversation.plan, at);
    conversation.publisher
      .publish(Topics.conversationEvents, event)
      .then(() => {
        this.stats.eventsSent++;
        conversation.step++;
        this.stepsSent.set(conversation.plan.conversationId, conversation.step);
        conversation.inFlight = false;
        conversation.dueAt = Date.now() + this.options.stepGapMs * (0.5 + Math.random());
        if (conversation.step >= conversation.plan.steps.length) this.finish(conversation);
      })
      .catch(() => {
        // An idempotent producer retries for as long as Kafka is away; an error here is a refused message: try again.
        this.stats.publishErrors++;
        conversation.inFlight = false;
        conversation.dueAt = Date.now() + 500;
      });
  }

  private finish(conversation: Active): void {
    const index = this.active.indexOf(conversation);
    if (index >= 0) this.active.splice(index, 1);
    this.stats.conversationsFinished++;
  }
}
