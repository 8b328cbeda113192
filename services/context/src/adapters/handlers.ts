// Kafka handlers of the context service: record transcripts, and assemble + publish a package per handoff.
import type { Clock } from '@handoff/core';
import type { ConversationEvent, HandoffRequested } from '@handoff/contracts';
import type { Logger } from '@handoff/logging';
import { Topics, type EventPublisher } from '@handoff/messaging';
import { assembleContextPackage } from '../domain/assemble';
import type { ConversationEventStore } from './event-store';
import type { PackageRepository } from './package-repository';

export interface ContextDeps {
  events: ConversationEventStore;
  packages: PackageRepository;
  publisher: EventPublisher;
  clock: Clock;
  logger: Logger;
  /** How long to wait for the triggering message to reach the transcript before publishing a partial package. */
  transcriptWaitMs: number;
}

export function recordConversationEvent(deps: Pick<ContextDeps, 'events'>) {
  return (event: ConversationEvent) => deps.events.append(event);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The request and the conversation events travel on different topics; give the transcript a moment to catch up. */
async function waitForEvent(events: ConversationEventStore, eventId: string, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (let pause = 10; !(await events.has(eventId)) && Date.now() < deadline; pause = Math.min(pause * 2, 200)) await sleep(pause);
}

export function assembleOnHandoffRequested(deps: ContextDeps) {
  return async (request: HandoffRequested): Promise<void> => {
    const { events, packages, publisher, clock, logger, transcriptWaitMs } = deps;
    let pkg = await packages.get(request.handoffId);
    if (!pkg) {
      await waitForEvent(events, request.triggeringEventId, transcriptWaitMs);
      pkg = assembleContextPackage({ request, events: await events.ofConversation(request.conversationId), now: clock.now() });
      await packages.save(pkg);
      logger.info({ handoffId: pkg.handoffId, messages: pkg.transcript.length, partial: pkg.partial }, 'context package assembled');
    }
    await publisher.publish(Topics.handoffContext, pkg, { id: `ctx_${pkg.handoffId}` });
  };
}
