// Work a service repeats in the background (retention sweeps): once at start-up, then every `everyMs`, never two runs
// at once; a failure is logged and the next run tries again; stopped before the consumers shut down.
import type { Logger } from '@handoff/logging';
import type { ServiceRuntime } from './runtime';

export function repeatInBackground(runtime: ServiceRuntime, logger: Logger, name: string, everyMs: number, work: () => Promise<unknown>): void {
  let running = false;
  const run = () => {
    if (running) return;
    running = true;
    work()
      .catch((err: unknown) => logger.warn({ err }, `${name} failed; trying again in ${Math.round(everyMs / 1000)} s`))
      .finally(() => (running = false));
  };
  run();
  const timer = setInterval(run, everyMs);
  runtime.onShutdown('consumers', async () => clearInterval(timer));
}
