// Runs a service: HTTP /healthz and /readyz, gRPC with grpc.health.v1, and an ordered graceful shutdown on SIGTERM/SIGINT.
import http from 'node:http';
import { Server, ServerCredentials, type ServiceDefinition, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { describeError } from '@handoff/errors';
import type { Logger } from '@handoff/logging';
import { shutdownTelemetry } from '@handoff/telemetry';
import { HealthImplementation } from 'grpc-health-check';

export type ReadinessCheck = () => Promise<void>;

/** Shutdown runs phases in this order: stop taking work, finish it, then close what it used. */
export const SHUTDOWN_PHASES = ['consumers', 'grpc', 'producer', 'store'] as const;
export type ShutdownPhase = (typeof SHUTDOWN_PHASES)[number];

export interface RuntimeOptions {
  service: string;
  logger: Logger;
  httpPort: number;
  /** Omit for services without a gRPC API. */
  grpcPort?: number;
  shutdownTimeoutMs: number;
  /** How often readiness is re-evaluated for the gRPC health status. */
  healthIntervalMs?: number;
}

interface CheckResult {
  ready: boolean;
  failures: Record<string, string>;
}

export class ServiceRuntime {
  private readonly checks = new Map<string, ReadinessCheck>();
  private readonly shutdownSteps = new Map<ShutdownPhase, Array<() => Promise<void>>>();
  private readonly grpcServices: Array<[ServiceDefinition, UntypedServiceImplementation]> = [];
  private readonly health = new HealthImplementation({ '': 'NOT_SERVING' });
  private grpcServer: Server | undefined;
  private httpServer: http.Server | undefined;
  private healthTimer: NodeJS.Timeout | undefined;
  private started = false;
  private stopping: Promise<void> | undefined;
  /** The ports actually bound (differ from the options when 0 was asked for). */
  readonly ports = { http: 0, grpc: 0 };

  constructor(private readonly options: RuntimeOptions) {}

  addReadinessCheck(name: string, check: ReadinessCheck): this {
    this.checks.set(name, check);
    return this;
  }

  addGrpcService(definition: ServiceDefinition, implementation: UntypedServiceImplementation): this {
    this.grpcServices.push([definition, implementation]);
    return this;
  }

  onShutdown(phase: ShutdownPhase, step: () => Promise<void>): this {
    this.shutdownSteps.set(phase, [...(this.shutdownSteps.get(phase) ?? []), step]);
    return this;
  }

  /** Starts serving; call after every dependency is connected and every consumer started. */
  async start(): Promise<void> {
    this.ports.http = await this.startHttp();
    if (this.options.grpcPort !== undefined) this.ports.grpc = await this.startGrpc(this.options.grpcPort);
    this.started = true;
    await this.refreshGrpcHealth();
    this.healthTimer = setInterval(() => void this.refreshGrpcHealth(), this.options.healthIntervalMs ?? 5000);
    this.healthTimer.unref();
    // Not once(): a second signal (Ctrl-C reaches the whole process group, then the parent sends SIGTERM) must not
    // fall through to the default handler and kill the process mid-drain.
    process.on('SIGTERM', () => void this.shutdown('SIGTERM'));
    process.on('SIGINT', () => void this.shutdown('SIGINT'));
    this.options.logger.info({ httpPort: this.ports.http, grpcPort: this.ports.grpc || undefined }, `${this.options.service} ready`);
  }

  async readiness(): Promise<CheckResult> {
    if (!this.started || this.stopping) return { ready: false, failures: { service: this.stopping ? 'shutting down' : 'starting' } };
    const failures: Record<string, string> = {};
    await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        try {
          await check();
        } catch (error) {
          failures[name] = describeError(error);
        }
      }),
    );
    return { ready: Object.keys(failures).length === 0, failures };
  }

  /** Ordered shutdown: not ready → stop consuming → drain gRPC → producer → MongoDB → flush telemetry. */
  shutdown(reason: string): Promise<void> {
    this.stopping ??= this.runShutdown(reason);
    return this.stopping;
  }

  private async runShutdown(reason: string): Promise<void> {
    const { logger, shutdownTimeoutMs } = this.options;
    logger.info({ reason }, 'shutting down');
    this.health.setStatus('', 'NOT_SERVING');
    clearInterval(this.healthTimer);
    const deadline = setTimeout(() => {
      logger.error({ shutdownTimeoutMs }, 'shutdown budget exceeded; exiting');
      process.exit(1);
    }, shutdownTimeoutMs);
    deadline.unref();
    let failed = false;
    for (const phase of SHUTDOWN_PHASES) {
      const steps = [...(this.shutdownSteps.get(phase) ?? [])];
      if (phase === 'grpc') steps.push(() => this.drainGrpc(shutdownTimeoutMs / 2));
      for (const step of steps) {
        try {
          await step();
        } catch (error) {
          failed = true;
          logger.error({ err: error, phase }, 'shutdown step failed');
        }
      }
    }
    await new Promise<void>((resolve) => (this.httpServer ? this.httpServer.close(() => resolve()) : resolve()));
    logger.info('stopped');
    await shutdownTelemetry().catch(() => undefined);
    logger.flush();
    clearTimeout(deadline);
    process.exitCode = failed ? 1 : 0;
  }

  private async drainGrpc(timeoutMs: number): Promise<void> {
    const server = this.grpcServer;
    if (!server) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, timeoutMs);
      server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
  }

  private async refreshGrpcHealth(): Promise<void> {
    const { ready } = await this.readiness();
    if (!this.stopping) this.health.setStatus('', ready ? 'SERVING' : 'NOT_SERVING');
  }

  private startHttp(): Promise<number> {
    const server = http.createServer((req, res) => {
      if (req.url === '/healthz') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok' }));
      } else if (req.url === '/readyz') {
        this.readiness().then(({ ready, failures }) => {
          res
            .writeHead(ready ? 200 : 503, { 'content-type': 'application/json' })
            .end(JSON.stringify({ status: ready ? 'ready' : 'not ready', failures }));
        });
      } else {
        res.writeHead(404).end();
      }
    });
    this.httpServer = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.httpPort, () => resolve((server.address() as { port: number }).port));
    });
  }

  private startGrpc(port: number): Promise<number> {
    const server = new Server({ 'grpc.max_receive_message_length': 4 * 1024 * 1024 });
    for (const [definition, implementation] of this.grpcServices) server.addService(definition, implementation);
    this.health.addToServer(server);
    this.grpcServer = server;
    return new Promise((resolve, reject) => {
      server.bindAsync(`0.0.0.0:${port}`, ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound)));
    });
  }
}
