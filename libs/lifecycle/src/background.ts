// A service's retention sweep (FerretDB has no TTL index): once at start-up, then hourly, never two runs at once; a
// failure is logged and the next hour tries again; stopped before the consumers shut down.
import type { Logger } from '@handoff/logging';
import type { ServiceRuntime } from './runtime';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** `forget` deletes what is older than `retentionDays` before now and says how much of what it deleted. */
export function sweepHourly(runtime: ServiceRuntime, logger: Logger, retentionDays: number, now: () => Date, forget: (cutoff: Date) => Promise<Record<string, number>>): void {
  let running = false;
  const run = () => {
    if (running) return;
    running = true;
    forget(new Date(now().getTime() - retentionDays * DAY_MS))
      .then((forgotten) => logger.info({ ...forgotten, retentionDays }, 'retention sweep done'))
      .catch((err: unknown) => logger.warn({ err }, 'retention sweep failed; trying again in an hour'))
      .finally(() => (running = false));
  };
  run();
  const timer = setInterval(run, HOUR_MS);
  runtime.onShutdown('consumers', async () => clearInterval(timer));
}
