// Starts Handoff's services as real processes (the built dist/ bundles, telemetry loaded first) and stops them
// gracefully. Used by the end-to-end suite and by the demo.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from './infrastructure';

export const SERVICES = ['detection', 'context', 'routing', 'notification'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface ServicePorts {
  http: number;
  grpc: number;
}

export interface SystemOptions {
  kafkaBrokers: string;
  mongoUrl: string;
  /** Isolates topics, consumer groups and databases of this system from any other on the same servers. */
  namePrefix: string;
  logDir: string;
  /** Fixed ports per service; free ports are picked for the rest. */
  ports?: Partial<Record<ServiceName, ServicePorts>>;
  /** Extra environment for every service (OTEL_*, LOG_LEVEL...). */
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

export interface RunningService {
  name: ServiceName;
  process: ChildProcess;
  ports: ServicePorts;
  logFile: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function isReady(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export class HandoffSystem {
  private constructor(readonly services: RunningService[]) {}

  static async start(options: SystemOptions): Promise<HandoffSystem> {
    mkdirSync(options.logDir, { recursive: true });
    const services: RunningService[] = [];
    const system = new HandoffSystem(services);
    try {
      for (const name of SERVICES) {
        const ports = options.ports?.[name] ?? { http: await freePort(), grpc: await freePort() };
        const logFile = path.join(options.logDir, `${name}.log`);
        const log = createWriteStream(logFile, { flags: 'a' });
        const child = spawn(
          process.execPath,
          ['--enable-source-maps', '--require', path.join(REPO_ROOT, 'dist/telemetry/register.js'), path.join(REPO_ROOT, `dist/services/${name}/main.js`)],
          {
            cwd: REPO_ROOT,
            env: {
              PATH: process.env.PATH ?? '',
              HOME: process.env.HOME ?? '',
              KAFKAJS_NO_PARTITIONER_WARNING: '1',
              OTEL_SERVICE_NAME: `handoff-${name}`,
              KAFKA_BROKERS: options.kafkaBrokers,
              MONGO_URL: options.mongoUrl,
              KAFKA_TOPIC_PREFIX: options.namePrefix ? `${options.namePrefix}.` : '',
              MONGO_DATABASE: `${options.namePrefix ? `${options.namePrefix}_` : 'handoff_'}${name}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 63),
              HTTP_PORT: String(ports.http),
              GRPC_PORT: String(ports.grpc),
              ...options.env,
            },
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        child.stdout!.pipe(log);
        child.stderr!.pipe(log);
        services.push({ name, process: child, ports, logFile });
      }
      await system.waitUntilReady(options.readyTimeoutMs ?? 60000);
      return system;
    } catch (error) {
      await system.stop();
      throw error;
    }
  }

  service(name: ServiceName): RunningService {
    return this.services.find((s) => s.name === name)!;
  }

  grpcAddress(name: ServiceName): string {
    return `127.0.0.1:${this.service(name).ports.grpc}`;
  }

  private async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const pending = new Set(this.services);
    while (pending.size > 0) {
      for (const service of [...pending]) {
        if (service.process.exitCode !== null) {
          throw new Error(`${service.name} exited with code ${service.process.exitCode} during start-up:\n${tail(service.logFile)}`);
        }
        if (await isReady(service.ports.http)) pending.delete(service);
      }
      if (pending.size === 0) break;
      if (Date.now() > deadline) {
        const details = [...pending].map((s) => `--- ${s.name} (${s.logFile}) ---\n${tail(s.logFile)}`).join('\n');
        throw new Error(`services not ready after ${timeoutMs} ms: ${[...pending].map((s) => s.name).join(', ')}\n${details}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** SIGTERM to every service (each drains and commits), SIGKILL for any still running after the grace period. */
  async stop(graceMs = 25000): Promise<void> {
    await Promise.all(
      this.services.map(
        (s) =>
          new Promise<void>((resolve) => {
            if (s.process.exitCode !== null || s.process.signalCode !== null) return resolve();
            const kill = setTimeout(() => s.process.kill('SIGKILL'), graceMs);
            s.process.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            s.process.kill('SIGTERM');
          }),
      ),
    );
  }

  /** Exit codes after stop(): 0 means the service shut down cleanly. */
  exitCodes(): Record<string, number | null> {
    return Object.fromEntries(this.services.map((s) => [s.name, s.process.exitCode]));
  }
}
