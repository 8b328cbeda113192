// Kafka handlers of the context service: keep transcripts, signals and outcomes; assemble and publish a package per handoff.
import { fingerprint, type Clock } from '@handoff/core';
import { Role, type ConversationEvent, type ConversationSignals, type HandoffRequested } from '@handoff/contracts';
import type { Logger } from '@handoff/logging';
import { Topics, type EventPublisher } from '@handoff/messaging';
import { assembleContextPackage, type CustomerHistory } from '../domain/assemble';
import { rankSimilar, type SimilarSettings } from '../domain/similar-handoffs';
import type { AccountContextGatherer } from './account-providers';
import type { ConversationEventStore } from './event-store';
import type { LlmSummarizer } from './llm-summarizer';
import type { PackageRepository } from './package-repository';
import type { SignalStore } from './signal-store';

export interface ContextDeps {
  events: ConversationEventStore;
  signals: SignalStore;
  packages: PackageRepository;
  accounts: AccountContextGatherer;
  publisher: EventPublisher;
  clock: Clock;
  logger: Logger;
  /** How long to wait for the triggering message to reach the transcript before publishing a partial package. */
  transcriptWaitMs: number;
  maxTranscriptMessages: number;
  repeatContactDays: number;
  similar: SimilarSettings;
  /** Optional; the template summary is used when absent or when the model fails. */
  summarizer?: LlmSummarizer;
}

export function recordConversationEvent(deps: Pick<ContextDeps, 'events' | 'packages' | 'clock'>) {
  const recordAll = recordConversationEvents(deps);
  return (event: ConversationEvent): Promise<void> => recordAll([{ event }]);
}

/** Consecutive events of one conversation (the consumer's GroupHandler): stored with one insert, then any close. */
export function recordConversationEvents(deps: Pick<ContextDeps, 'events' | 'packages' | 'clock'>) {
  return async (grouped: Array<{ event: ConversationEvent }>): Promise<void> => {
    await deps.events.appendAll(grouped.map((g) => g.event));
    for (const { event } of grouped) {
      if (event.payload?.$case !== 'conversationClosed') continue;
      // The outcome of the conversation's handoffs, and how it was resolved (for similar-case search): the note, else
      // the agent's last message, which only a conversation with an open handoff needs the transcript for.
      const closed = event.payload.value;
      const resolution = async (): Promise<string> => {
        if (closed.resolutionNote) return closed.resolutionNote;
        const transcript = await deps.events.ofConversation(event.conversationId);
        return transcript.flatMap((e) => (e.payload?.$case === 'messagePosted' && e.payload.value.role === Role.ROLE_AGENT ? [e.payload.value.text] : [])).at(-1) ?? '';
      };
      await deps.packages.recordOutcome(event.conversationId, closed.resolved ? 'resolved' : 'unresolved', resolution, event.occurredAt ?? deps.clock.now());
    }
  };
}

export function recordSignals(deps: Pick<ContextDeps, 'signals'>) {
  return (signals: ConversationSignals) => deps.signals.record(signals);
}

/** Consecutive signals of one conversation (the consumer's GroupHandler), with one write. */
export function recordSignalsTogether(deps: Pick<ContextDeps, 'signals'>) {
  return (grouped: Array<{ event: ConversationSignals }>) => deps.signals.recordAll(grouped.map((g) => g.event));
}

export function assembleOnHandoffRequested(deps: ContextDeps) {
  return async (request: HandoffRequested): Promise<void> => {
    const { events, packages, publisher, clock, logger } = deps;
    let pkg = await packages.get(request.handoffId);
    if (!pkg) {
      // The request and the conversation's events travel on different topics: the transcript may lag a little.
      const conversation = await events.ofConversationIncluding(request.conversationId, request.triggeringEventId, deps.transcriptWaitMs);
      const customerTexts = conversation.flatMap((e) => (e.payload?.$case === 'messagePosted' && e.payload.value.role === Role.ROLE_CUSTOMER ? [e.payload.value.text] : []));
      const words = fingerprint(customerTexts.join(' '));
      const identified = conversation.flatMap((e) => (e.payload?.$case === 'customerIdentified' ? [e.payload.value] : [])).at(-1);
      const customer = { customerId: identified?.customerId ?? '', name: identified?.name ?? '', email: identified?.email ?? '', accountId: identified?.accountId ?? '', tier: identified?.tier ?? '' };
      const [account, sentimentByEvent, history] = await Promise.all([
        deps.accounts.configured && (customer.customerId || customer.accountId) ? deps.accounts.gather(customer) : Promise.resolve(undefined),
        deps.signals.sentimentByEvent(request.conversationId),
        historyOf(deps, request, customer.customerId, words),
      ]);
      pkg = assembleContextPackage({ request, events: conversation, sentimentByEvent, account, history, maxTranscriptMessages: deps.maxTranscriptMessages, now: clock.now() });
      const written = await deps.summarizer?.summarize(pkg);
      if (written) pkg = { ...pkg, summary: written, summarySource: 'llm' };
      // A concurrent delivery may have stored its package first: then publish the stored one, so both publish the same.
      if (!(await packages.save(pkg, words))) pkg = (await packages.get(request.handoffId)) ?? pkg;
      logger.info({ handoffId: pkg.handoffId, messages: pkg.transcript.length, partial: pkg.partial, missing: pkg.missingSources }, 'context package assembled');
    }
    await publisher.publish(Topics.handoffContext, pkg, { id: `ctx_${pkg.handoffId}` });
  };
}

async function historyOf(deps: ContextDeps, request: HandoffRequested, customerId: string, words: string[]): Promise<CustomerHistory> {
  const [previous, earlierInConversation, candidates] = await Promise.all([
    deps.packages.previousOf(customerId, request.conversationId),
    deps.packages.earlierInConversation(request.conversationId, request.escalationSequence),
    deps.packages.resolvedCandidates(),
  ]);
  const since = deps.clock.now().getTime() - deps.repeatContactDays * 86_400_000;
  return {
    previous,
    earlierInConversation,
    similar: rankSimilar(words, request.category, candidates.filter((c) => !earlierInConversation.some((e) => e.handoffId === c.handoffId)), deps.similar),
    repeatContact: previous.some((p) => p.category === request.category && (p.requestedAt?.getTime() ?? 0) >= since),
  };
}
