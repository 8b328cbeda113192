// Starts Handoff's services as real processes (the built dist/ bundles, telemetry loaded first) and stops them
// gracefully. Used by the end-to-end suite, the fault suite, the load benchmark and the demo. A service can run as
// several replicas: processes with the same consumer groups, topics and database (Kafka splits the partitions between
// them), each on its own ports and log file.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from './infrastructure';

export const SERVICES = ['detection', 'context', 'routing', 'notification'] as const;
export type ServiceName = (typeof SERVICES)[number];
/** Services a system runs only when asked (`services` option): they need configuration of their own. */
export const OPTIONAL_SERVICES = ['helpdesk-connector', 'analytics'] as const;
export type AnyServiceName = ServiceName | (typeof OPTIONAL_SERVICES)[number];

export interface ServicePorts {
  http: number;
  grpc: number;
  /** analytics: the dashboard's HTTP port (a free one when not given). */
  dashboard?: number;
}

export interface SystemOptions {
  kafkaBrokers: string;
  mongoUrl: string;
  /** Isolates topics, consumer groups and databases of this system from any other on the same servers. */
  namePrefix: string;
  logDir: string;
  /** Fixed ports per service; free ports are picked for the rest. */
  ports?: Partial<Record<AnyServiceName, ServicePorts>>;
  /** Extra environment for every service (OTEL_*, LOG_LEVEL...). */
  env?: Record<string, string>;
  /** Extra environment for one service (e.g. a CRM URL for context). */
  serviceEnv?: Partial<Record<AnyServiceName, Record<string, string>>>;
  /** Which services to run (default: SERVICES). */
  services?: readonly AnyServiceName[];
  /** Processes per service (default 1). `ports` fixes only the first replica's; the others get free ports. */
  replicas?: Partial<Record<AnyServiceName, number>>;
  readyTimeoutMs?: number;
}

export interface RunningService {
  name: AnyServiceName;
  /** 0 for the service's first process, 1 for its second replica, and so on. */
  replica: number;
  /** `routing` for the first process, `routing#2` for the second replica: names the process in logs and reports. */
  label: string;
  process: ChildProcess;
  ports: ServicePorts;
  logFile: string;
}

/** A service, meaning its first process, or one replica of it (`{ name: 'routing', replica: 1 }` is the second). */
export type ServiceRef = AnyServiceName | { name: AnyServiceName; replica: number };

// Ports for services under test come from below Linux's ephemeral range (32768-60999 by default): a port the kernel
// hands out for outgoing connections (Kafka, MongoDB, gRPC clients) can be taken between this check and the
// service's own bind, which failed a fault-suite start with EADDRINUSE. 10000-18999 also stays clear of the local
// infrastructure's fixed ports (19092, 27018, 29092, 27028...).
const TEST_PORT_RANGE = { from: 10000, to: 19000 };

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

/**
 * Ports handed out by this process. A caller usually takes several before any is bound (every service of a test
 * system), so a port is never handed out twice: a repeat would be free when checked and taken when bound.
 */
const issued = new Set<number>();

/** A TCP port, outside the ephemeral range, that nothing listens on right now and this process has not handed out. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = TEST_PORT_RANGE.from + Math.floor(Math.random() * (TEST_PORT_RANGE.to - TEST_PORT_RANGE.from));
    if (issued.has(port) || !(await canListen(port))) continue;
    issued.add(port);
    return port;
  }
  throw new Error(`no free port in ${TEST_PORT_RANGE.from}-${TEST_PORT_RANGE.to - 1} after 200 tries`);
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
  private constructor(
    readonly services: RunningService[],
    private readonly options: SystemOptions,
  ) {}

  static async start(options: SystemOptions): Promise<HandoffSystem> {
    mkdirSync(options.logDir, { recursive: true });
    const services: RunningService[] = [];
    const system = new HandoffSystem(services, options);
    try {
      for (const name of options.services ?? SERVICES) {
        for (let replica = 0; replica < (options.replicas?.[name] ?? 1); replica++) {
          const fixed = replica === 0 ? options.ports?.[name] : undefined;
          const ports: ServicePorts = { ...(fixed ?? { http: await freePort(), grpc: await freePort() }) };
          if (name === 'analytics') ports.dashboard ??= await freePort();
          services.push(system.spawnService(name, replica, ports));
        }
      }
      await system.waitUntilReady(options.readyTimeoutMs ?? 60000);
      return system;
    } catch (error) {
      await system.stop();
      throw error;
    }
  }

  private spawnService(name: AnyServiceName, replica: number, ports: ServicePorts): RunningService {
    const options = this.options;
    const label = replica === 0 ? name : `${name}#${replica + 1}`;
    const logFile = path.join(options.logDir, replica === 0 ? `${name}.log` : `${name}-${replica + 1}.log`);
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
          ...(ports.dashboard !== undefined ? { ANALYTICS_DASHBOARD_PORT: String(ports.dashboard) } : {}),
          ...options.env,
          ...options.serviceEnv?.[name],
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    return { name, replica, label, process: child, ports, logFile };
  }

  /** The running process of a service (its first one unless a replica is named). */
  service(ref: ServiceRef): RunningService {
    const { name, replica } = typeof ref === 'string' ? { name: ref, replica: 0 } : ref;
    const found = this.services.find((s) => s.name === name && s.replica === replica);
    if (!found) throw new Error(`${name} replica ${replica + 1} is not part of this system`);
    return found;
  }

  /** Every process of a service, first replica first. */
  replicasOf(name: AnyServiceName): RunningService[] {
    return this.services.filter((s) => s.name === name).sort((a, b) => a.replica - b.replica);
  }

  grpcAddress(ref: ServiceRef): string {
    return `127.0.0.1:${this.service(ref).ports.grpc}`;
  }

  /** Whether the service's /readyz answers 200 now (Kafka and MongoDB reachable, consumers running). */
  ready(ref: ServiceRef): Promise<boolean> {
    return isReady(this.service(ref).ports.http);
  }

  /** `kill -9`: the service gets no chance to drain or commit. Resolves once the process has exited. */
  async kill(ref: ServiceRef): Promise<void> {
    const { process: child } = this.service(ref);
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  /**
   * Starts a stopped or killed service again on the same ports and waits until it is ready. A killed consumer's
   * group membership lives on until its session times out, so rejoining can take tens of seconds; on a loaded
   * machine more than a minute (seen once in the fault suite while another job used both cores).
   */
  async restart(ref: ServiceRef, readyTimeoutMs = 120000): Promise<void> {
    const old = this.service(ref);
    const index = this.services.indexOf(old);
    if (old.process.exitCode === null && old.process.signalCode === null) throw new Error(`${old.label} is still running (pid ${old.process.pid})`);
    const fresh = this.spawnService(old.name, old.replica, old.ports);
    this.services[index] = fresh;
    await this.waitUntilReady(readyTimeoutMs, [fresh]);
  }

  private async waitUntilReady(timeoutMs: number, services: RunningService[] = this.services): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const pending = new Set(services);
    while (pending.size > 0) {
      for (const service of [...pending]) {
        if (service.process.exitCode !== null) {
          throw new Error(`${service.label} exited with code ${service.process.exitCode} during start-up:\n${tail(service.logFile)}`);
        }
        if (await isReady(service.ports.http)) pending.delete(service);
      }
      if (pending.size === 0) break;
      if (Date.now() > deadline) {
        const details = [...pending].map((s) => `--- ${s.label} (${s.logFile}) ---\n${tail(s.logFile)}`).join('\n');
        throw new Error(`services not ready after ${timeoutMs} ms: ${[...pending].map((s) => s.label).join(', ')}\n${details}`);
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

  /** Exit codes after stop() by label (`routing`, `routing#2`): 0 means the process shut down cleanly. */
  exitCodes(): Record<string, number | null> {
    return Object.fromEntries(this.services.map((s) => [s.label, s.process.exitCode]));
  }
}
