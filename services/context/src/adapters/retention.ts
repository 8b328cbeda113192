// Retention: what context keeps about a conversation (its transcript, per-message sentiment and package lists) goes
// once nothing has been stored for it for CONTEXT_RETENTION_DAYS; a package goes that long after it was requested, and a
// resolved case leaves the similar-case ring that long after it was resolved. FerretDB has no TTL index, so the service
// sweeps (main.ts: at start-up, then hourly, `sweepHourly`). A conversation that comes back after being forgotten starts afresh.
import type { ConversationEventStore } from './event-store';
import type { PackageRepository } from './package-repository';
import type { SignalStore } from './signal-store';

export type Forgotten = { conversations: number; packages: number };

export async function forgetBefore(stores: { events: ConversationEventStore; signals: SignalStore; packages: PackageRepository }, cutoff: Date): Promise<Forgotten> {
  const conversations = await stores.events.forgetIdleSince(cutoff);
  await stores.signals.forget(conversations);
  const packages = await stores.packages.forgetBefore(cutoff, conversations);
  return { conversations: conversations.length, packages };
}
