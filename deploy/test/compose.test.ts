// deploy/compose/docker-compose.yml runs the same images as the chart, with the same environment: only addresses and
// single-broker topic settings may differ.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { COMPOSE_FILE, containerOf, envNames, ofKind, packageVersion, plainEnv, render, serviceOf, type Container } from './chart';

type ComposeService = {
  image?: string;
  build?: { context: string; args: Record<string, string> };
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  profiles?: string[];
  user?: string;
  read_only?: boolean;
  cap_drop?: string[];
  stop_grace_period?: string;
};

const compose = parse(readFileSync(COMPOSE_FILE, 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
const objects = render();
const deployments = ofKind(objects, 'Deployment');
const job = ofKind(objects, 'Job').find((j) => serviceOf(j) === 'topics')!;

/** Only these may differ: where Kafka and MongoDB are, and topic settings for a one-broker development cluster. */
const MAY_DIFFER = new Set(['KAFKA_BROKERS', 'MONGO_URL', 'KAFKA_TOPIC_PARTITIONS', 'KAFKA_REPLICATION_FACTOR']);
/** Kubernetes-only: the downward API and the resource attributes built from it. */
const KUBERNETES_ONLY = new Set(['POD_NAME', 'POD_NAMESPACE', 'OTEL_RESOURCE_ATTRIBUTES']);

function compareEnv(name: string, container: Container, service: ComposeService) {
  const chartEnv = plainEnv(container);
  const composeEnv = service.environment ?? {};
  const chartNames = envNames(container).filter((n) => !KUBERNETES_ONLY.has(n)).sort();
  expect([name, Object.keys(composeEnv).sort()]).toEqual([name, chartNames]);
  for (const [key, value] of Object.entries(chartEnv)) {
    if (MAY_DIFFER.has(key) || KUBERNETES_ONLY.has(key)) continue;
    expect([name, key, composeEnv[key]]).toEqual([name, key, value]);
  }
}

const imageName = (image: string) => image.replace(/^.*\//, '').replace(/:.*$/, '');
const composeTag = (image: string) => /:\$\{HANDOFF_TAG:-([^}]+)\}$/.exec(image)?.[1];

describe('compose file', () => {
  it('is valid against the Compose Specification schema (shipped with the docker-compose package)', () => {
    const schema = JSON.parse(readFileSync(require.resolve('docker-compose/schema/compose-spec.json'), 'utf8'));
    delete schema.$schema; // draft-07, which this validator knows without fetching the meta-schema
    const validate = new Ajv({ allErrors: true, unknownFormats: 'ignore', validateSchema: false }).compile(schema);
    const valid = validate(compose);
    expect((validate.errors ?? []).map((e) => `${e.dataPath}: ${e.message} ${JSON.stringify(e.params)}`)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('runs every service the chart deploys by default, from the same images, tagged with the package version', () => {
    const app = Object.entries(compose.services).filter(([, s]) => s.profiles?.includes('app') && s.command === undefined);
    expect(app.map(([name]) => name).sort()).toEqual(deployments.map(serviceOf).sort());
    for (const deployment of deployments) {
      const service = compose.services[serviceOf(deployment)]!;
      expect(imageName(service.image!)).toBe(imageName(containerOf(deployment).image));
      expect(composeTag(service.image!)).toBe(packageVersion());
      expect(service.build).toEqual({ context: '../..', args: { SERVICE: serviceOf(deployment) } });
    }
    // Infrastructure alone stays the default (`up` without a profile), as the tests' Docker users expect.
    expect(compose.services.kafka!.profiles).toBeUndefined();
    expect(compose.services.mongo!.profiles).toBeUndefined();
  });

  it('gives each service the environment the chart gives it', () => {
    for (const deployment of deployments) compareEnv(serviceOf(deployment), containerOf(deployment), compose.services[serviceOf(deployment)]!);
  });

  it('creates the topics as the chart\'s Job does, with the same image and tool', () => {
    const topics = compose.services.topics!;
    const container = job.spec.template.spec.containers[0] as Container;
    expect(topics.command).toEqual(container.args);
    expect(imageName(topics.image!)).toBe(imageName(container.image));
    compareEnv('topics', container, topics);
  });

  it('mounts the same policies where the chart mounts its ConfigMaps', () => {
    for (const deployment of deployments) {
      const service = compose.services[serviceOf(deployment)]!;
      const env = plainEnv(containerOf(deployment));
      for (const [name, value] of Object.entries(env).filter(([n]) => n.endsWith('_POLICY_FILE'))) {
        const volume = (service.volumes ?? []).find((v) => v.split(':')[1] === value);
        expect([name, volume]).toEqual([name, expect.any(String)]);
        const source = path.resolve(path.dirname(COMPOSE_FILE), volume!.split(':')[0]!);
        expect([name, existsSync(source)]).toEqual([name, true]);
      }
    }
  });

  it('keeps the chart\'s container security and a stop grace period above the drain budget', () => {
    for (const deployment of deployments) {
      const service = compose.services[serviceOf(deployment)]!;
      expect([service.user, service.read_only, service.cap_drop]).toEqual(['1000:1000', true, ['ALL']]);
      const drainSeconds = Number(plainEnv(containerOf(deployment)).SHUTDOWN_TIMEOUT_MS) / 1000;
      expect(parseInt(service.stop_grace_period!, 10)).toBeGreaterThan(drainSeconds);
    }
  });
});
