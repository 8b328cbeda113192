import { credentials, Metadata, loadPackageDefinition, type Client } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { createLogger } from '@handoff/logging';
import { protoPath } from 'grpc-health-check';
import { ServiceRuntime } from '../src';

const logger = createLogger({ service: 'test', level: 'silent' });

type HealthClient = Client & { check(req: { service: string }, md: Metadata, cb: (e: Error | null, r: { status: string }) => void): void };

function healthClient(port: number): HealthClient {
  const pkg = loadPackageDefinition(loadSync(protoPath, { enums: String })) as unknown as { grpc: { health: { v1: { Health: new (a: string, c: ReturnType<typeof credentials.createInsecure>) => HealthClient } } } };
  return new pkg.grpc.health.v1.Health(`127.0.0.1:${port}`, credentials.createInsecure());
}

describe('ServiceRuntime', () => {
  let kafkaUp = true;
  const runtime = new ServiceRuntime({ service: 'test', logger, httpPort: 0, grpcPort: 0, shutdownTimeoutMs: 5000, healthIntervalMs: 50 })
    .addReadinessCheck('kafka', async () => {
      if (!kafkaUp) throw new Error('Kafka did not answer within 2000 ms');
    })
    .addReadinessCheck('mongodb', async () => undefined);
  const steps: string[] = [];
  runtime.onShutdown('store', async () => void steps.push('store'));
  runtime.onShutdown('consumers', async () => void steps.push('consumers'));
  runtime.onShutdown('producer', async () => void steps.push('producer'));

  beforeAll(() => runtime.start());
  afterAll(() => process.removeAllListeners('SIGTERM') && process.removeAllListeners('SIGINT'));

  const get = (path: string) => fetch(`http://127.0.0.1:${runtime.ports.http}${path}`);

  it('is live and ready while its dependencies answer', async () => {
    expect((await get('/healthz')).status).toBe(200);
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', failures: {} });
  });

  it('reports not ready, naming the dependency, when one stops answering; gRPC health follows', async () => {
    kafkaUp = false;
    const ready = await get('/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'not ready', failures: { kafka: 'Kafka did not answer within 2000 ms' } });
    await new Promise((r) => setTimeout(r, 150));
    const client = healthClient(runtime.ports.grpc);
    const status = await new Promise<string>((resolve, reject) => client.check({ service: '' }, new Metadata(), (e, r) => (e ? reject(e) : resolve(r.status))));
    client.close();
    expect(status).toBe('NOT_SERVING');
    kafkaUp = true;
  });

  it('shuts down in order: consumers, gRPC, producer, store', async () => {
    await runtime.shutdown('test');
    expect(steps).toEqual(['consumers', 'producer', 'store']);
    expect((await get('/readyz').catch(() => ({ status: 0 }))).status).not.toBe(200);
    process.exitCode = 0;
  });
});
