// The chart's workloads run as the chart configures them, against real Kafka and a real MongoDB-wire server: the topic
// Job creates every topic of the registry (idempotently), then every service starts with the rendered environment,
// the policies from the rendered ConfigMaps and KAFKA_CREATE_TOPICS=false, and answers each of its probes on the
// ports the chart declares. Only addresses change: Kafka and MongoDB are local, and each port becomes a free one.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Metadata, credentials, loadPackageDefinition, type Client } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { ALL_TOPICS, dlqNameOf } from '@handoff/messaging';
import { freePort, infraEnv, uniqueName, waitFor } from '@handoff/testing';
import { protoPath } from 'grpc-health-check';
import { BUNDLE, REPO, containerOf, ensureBuilt, find, ofKind, processArgs, render, serviceOf, type Container, type K8sObject } from './chart';

type HealthClient = Client & { check(req: { service: string }, md: Metadata, cb: (e: Error | null, r: { status: string }) => void): void };
const healthPackage = loadPackageDefinition(loadSync(protoPath, { enums: String })) as unknown as {
  grpc: { health: { v1: { Health: new (address: string, creds: ReturnType<typeof credentials.createInsecure>) => HealthClient } } };
};

const prefix = uniqueName('deploy');
const objects = render({
  set: [`kafka.topicPrefix=${prefix}.`, `mongodb.databasePrefix=${prefix.replace(/[^A-Za-z0-9]/g, '_')}_`, 'kafka.topics.partitions=2', 'kafka.topics.replicationFactor=1'],
});
const deployments = ofKind(objects, 'Deployment');
const logDir = path.join(REPO, '.test-results/deploy');

/** The container's environment as the kubelet would give it, with Kafka and MongoDB pointing at the test servers. */
function resolveEnv(container: Container): Record<string, string> {
  const { kafkaBrokers, mongoUrl } = infraEnv();
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) env[variable.name] = variable.value.replace(/\$\(([A-Z_]+)\)/g, (_, name: string) => env[name] ?? '');
    else if (variable.valueFrom?.fieldRef) env[variable.name] = variable.valueFrom.fieldRef.fieldPath === 'metadata.namespace' ? 'handoff' : `${variable.name.toLowerCase()}-test`;
    else if (variable.valueFrom?.secretKeyRef && variable.name === 'MONGO_URL') env[variable.name] = mongoUrl;
    else throw new Error(`${container.name}: no test value for ${variable.name} from ${JSON.stringify(variable.valueFrom)}`);
  }
  env.KAFKA_BROKERS = kafkaBrokers.join(',');
  return env;
}

function logLines(output: string): Array<{ msg?: string; topics?: string[]; partitions?: number }> {
  return output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
}

describe('chart workloads on real Kafka and MongoDB', () => {
  beforeAll(() => {
    ensureBuilt(deployments.map(serviceOf));
    mkdirSync(logDir, { recursive: true });
  });

  it('the topic Job creates every topic of the registry with its DLQ, and a second run changes nothing', () => {
    const job = ofKind(objects, 'Job').find((j) => serviceOf(j) === 'topics')!;
    const container = job.spec.template.spec.containers[0] as Container;
    const runJob = () => spawnSync(process.execPath, processArgs(container, 'topics'), { cwd: REPO, env: resolveEnv(container), encoding: 'utf8', timeout: 150000 });

    const first = runJob();
    expect([first.status, first.stderr]).toEqual([0, '']);
    const expected = ALL_TOPICS.flatMap((t) => [`${prefix}.${t.name}`, dlqNameOf(`${prefix}.${t.name}`)]).sort();
    const created = logLines(first.stdout).find((l) => l.msg === 'created topics');
    expect(created?.topics?.sort()).toEqual(expected);
    expect(logLines(first.stdout).find((l) => l.msg === 'topics ready')).toMatchObject({ partitions: 2 });

    const second = runJob();
    expect(second.status).toBe(0);
    expect(logLines(second.stdout).find((l) => l.msg === 'created topics')).toBeUndefined();
    expect(logLines(second.stdout).find((l) => l.msg === 'topics ready')?.topics?.sort()).toEqual(expected);
  });

  it('every service starts with the rendered configuration and answers its probes, then drains on SIGTERM', async () => {
    const policyRoot = mkdtempSync(path.join(tmpdir(), 'handoff-policy-'));
    const running: Array<{ service: string; child: ChildProcess; log: string; ports: Map<number, number>; deployment: K8sObject }> = [];
    try {
      for (const deployment of deployments) {
        const service = serviceOf(deployment);
        const container = containerOf(deployment);
        const env = resolveEnv(container);
        // Each declared container port is bound through the variable the chart sets it with; give each a free port.
        const ports = new Map<number, number>();
        for (const { containerPort } of container.ports ?? []) {
          const variable = Object.keys(env).find((name) => env[name] === String(containerPort) && /PORT$/.test(name));
          if (!variable) throw new Error(`${service}: no variable sets container port ${containerPort}`);
          const port = await freePort();
          env[variable] = String(port);
          ports.set(containerPort, port);
        }
        // Mounted ConfigMaps become folders; variables pointing into a mount point into the folder.
        for (const mount of container.volumeMounts ?? []) {
          const volume = deployment.spec.template.spec.volumes.find((v: { name: string }) => v.name === mount.name);
          if (!volume?.configMap) continue;
          const folder = path.join(policyRoot, service, mount.name);
          mkdirSync(folder, { recursive: true });
          for (const [file, content] of Object.entries(find(objects, 'ConfigMap', volume.configMap.name)!.data as Record<string, string>)) {
            writeFileSync(path.join(folder, file), content);
          }
          for (const [name, value] of Object.entries(env)) if (value.startsWith(`${mount.mountPath}/`)) env[name] = path.join(folder, value.slice(mount.mountPath.length + 1));
        }
        // The image starts /app/dist/main.js, a link to its service's bundle: start it through such a link too, so the
        // files the service finds next to its bundle (policy, models, dashboard) are found the way the image finds them.
        const link = path.join(policyRoot, service, 'dist/main.js');
        mkdirSync(path.dirname(link), { recursive: true });
        symlinkSync(BUNDLE(service), link);
        const args = processArgs(container, service).map((arg) => (arg === BUNDLE(service) ? link : arg));
        expect(args).toContain(link);
        const log = path.join(logDir, `${service}.log`);
        const child = spawn(process.execPath, args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
        const stream = createWriteStream(log);
        child.stdout!.pipe(stream);
        child.stderr!.pipe(stream);
        running.push({ service, child, log, ports, deployment });
      }

      for (const { service, child, log, ports, deployment } of running) {
        const container = containerOf(deployment);
        const portOf = (port: number | string) => ports.get(typeof port === 'number' ? port : container.ports!.find((p) => p.name === port)!.containerPort)!;
        const probe = async (spec: { httpGet?: { path: string; port: number | string }; grpc?: { port: number; service?: string } }): Promise<boolean> => {
          if (child.exitCode !== null) throw new Error(`${service} exited with ${child.exitCode}:\n${readFileSync(log, 'utf8').slice(-3000)}`);
          if (spec.httpGet) {
            const response = await fetch(`http://127.0.0.1:${portOf(spec.httpGet.port)}${spec.httpGet.path}`, { signal: AbortSignal.timeout(3000) }).catch(() => undefined);
            return response !== undefined && response.status >= 200 && response.status < 400;
          }
          const client = new healthPackage.grpc.health.v1.Health(`127.0.0.1:${portOf(spec.grpc!.port)}`, credentials.createInsecure());
          const status = await new Promise<string>((resolve) =>
            client.check({ service: spec.grpc!.service ?? '' }, new Metadata(), (error, response) => resolve(error ? `error: ${error.message}` : response.status)),
          );
          client.close();
          return status === 'SERVING';
        };
        // As the kubelet does: the startup probe first, then liveness and readiness.
        await waitFor(async () => (await probe(container.startupProbe)) || undefined, `${service} startup probe`, 120000);
        expect([service, 'liveness', await probe(container.livenessProbe)]).toEqual([service, 'liveness', true]);
        await waitFor(async () => (await probe(container.readinessProbe)) || undefined, `${service} readiness probe`, 60000);
        // Extra ports serve their page (the analytics dashboard).
        for (const port of (container.ports ?? []).filter((p) => !['http', 'grpc'].includes(p.name!))) {
          const response = await fetch(`http://127.0.0.1:${ports.get(port.containerPort)}/`);
          expect([service, port.name, response.status]).toEqual([service, port.name, 200]);
        }
      }

      const exits = running.map(({ child, deployment }) =>
        new Promise<number | null>((resolve) => {
          const grace = setTimeout(() => child.kill('SIGKILL'), deployment.spec.template.spec.terminationGracePeriodSeconds * 1000);
          child.once('exit', (code) => {
            clearTimeout(grace);
            resolve(code);
          });
        }),
      );
      for (const { child } of running) child.kill('SIGTERM');
      expect(await Promise.all(exits)).toEqual(running.map(() => 0));
    } finally {
      for (const { child } of running) if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(policyRoot, { recursive: true, force: true });
    }
  });
});
