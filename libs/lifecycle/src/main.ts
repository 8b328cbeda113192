// The top of every service's main.ts: start-up errors (bad configuration above all) stop the process with a clear message.
import { ConfigError } from '@handoff/config';

export function runMain(service: string, main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    const message = error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`${JSON.stringify({ level: 'fatal', service, msg: `${service} failed to start`, error: message })}\n`);
    process.stderr.write(`${service} failed to start: ${message}\n`);
    process.exit(1);
  });
}
