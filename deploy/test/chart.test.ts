// The Helm chart, rendered for the default values and a production-like values file: valid against the Kubernetes
// schemas, lint-clean, and true to the services (ports, probe paths, environment, topics, policies). No cluster needed.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ALL_TOPICS } from '@handoff/messaging';
import { parse } from 'yaml';
import {
  BUNDLE,
  CHART,
  PRODUCTION_VALUES,
  REPO,
  chartValues,
  chartYaml,
  configNames,
  containerOf,
  ensureBuilt,
  envNames,
  find,
  lint,
  notes,
  ofKind,
  packageVersion,
  plainEnv,
  processArgs,
  render,
  repositoryServices,
  runtimeHttpPaths,
  serviceOf,
  serviceSource,
  servesGrpc,
  sha256,
  type Container,
  type EnvVar,
  type K8sObject,
  type RenderOptions,
} from './chart';

const RENDERS: Array<[string, RenderOptions]> = [
  ['default values', {}],
  ['production values', { values: [PRODUCTION_VALUES] }],
  // The other branches: a chart-made MongoDB Secret, fixed replicas, OTLP over gRPC, the connector on a webhook.
  [
    'test-install values',
    {
      set: [
        'mongodb.url=mongodb://mongo:27017/',
        'services.detection.autoscaling.enabled=false',
        'networkPolicy.enabled=true',
        'otel.endpoint=http://otel-collector:4317',
        'otel.protocol=grpc',
        'services.helpdesk-connector.enabled=true',
        'services.helpdesk-connector.env.CONNECTOR_TARGETS=webhook',
        'services.helpdesk-connector.env.WEBHOOK_URL=https://hooks.example.com/handoff',
        'services.helpdesk-connector.secretEnv.WEBHOOK_SECRET.secret=handoff-helpdesk',
        'services.helpdesk-connector.secretEnv.WEBHOOK_SECRET.key=webhook-secret',
      ],
    },
  ],
];

/** Variables the chart sets that no service schema reads: downward-API helpers and the standard OTEL_* settings. */
const PLATFORM_EXTRAS = /^(POD_NAME|POD_NAMESPACE|OTEL_[A-Z_]+)$/;

const rendered = new Map<string, K8sObject[]>(RENDERS.map(([name, options]) => [name, render(options)]));
const objectsOf = (name: string) => rendered.get(name)!;
const deploymentsOf = (name: string) => ofKind(objectsOf(name), 'Deployment');

describe.each(RENDERS)('chart with %s', (renderName, options) => {
  const objects = objectsOf(renderName);
  const deployments = deploymentsOf(renderName);

  it('passes helm lint --strict', () => {
    expect(lint(options)).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
  });

  it('renders only objects valid against the Kubernetes OpenAPI schemas, with no unknown fields', () => {
    const result = spawnSync(process.execPath, [path.join(__dirname, 'validate-k8s.mjs')], { cwd: REPO, input: JSON.stringify(objects), encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`validate-k8s.mjs failed:\n${result.stderr}`);
    const invalid = (JSON.parse(result.stdout) as Array<{ object: string; problems: string[] }>).filter((r) => r.problems.length > 0);
    expect(invalid.map((r) => `${r.object}:\n  ${r.problems.join('\n  ')}`).join('\n')).toBe('');
    expect(objects.length).toBeGreaterThan(20);
  });

  it('gives every enabled service a Deployment, Service, ServiceAccount, PodDisruptionBudget and autoscaler', () => {
    for (const deployment of deployments) {
      const name = deployment.metadata.name;
      const missing = ['Service', 'ServiceAccount', 'PodDisruptionBudget'].filter((kind) => !find(objects, kind, name));
      // Scaled by an autoscaler, or (autoscaling off) a fixed replica count.
      const scaled = find(objects, 'HorizontalPodAutoscaler', name) ?? find(objects, 'ScaledObject', name);
      if (!scaled && deployment.spec.replicas === undefined) missing.push('HorizontalPodAutoscaler, ScaledObject or replicas');
      if (scaled && deployment.spec.replicas !== undefined) missing.push('no replicas (the autoscaler owns them)');
      expect(`${name}: ${missing.join(', ')}`).toBe(`${name}: `);
      expect(deployment.spec.template.spec.serviceAccountName).toBe(name);
    }
  });

  it('runs every container as non-root, read-only, without capabilities, with requests and limits', () => {
    const pods = [...deployments, ...ofKind(objects, 'Job')].map((o) => ({ name: o.metadata.name, spec: o.spec.template.spec }));
    for (const { name, spec } of pods) {
      expect([name, spec.securityContext.runAsNonRoot]).toEqual([name, true]);
      expect([name, spec.automountServiceAccountToken]).toEqual([name, false]);
      for (const container of spec.containers as Container[]) {
        const security = container.securityContext;
        expect([name, security.readOnlyRootFilesystem, security.allowPrivilegeEscalation, security.capabilities.drop]).toEqual([name, true, false, ['ALL']]);
        for (const bound of ['requests', 'limits']) {
          expect([name, bound, Object.keys(container.resources?.[bound] ?? {}).sort()]).toEqual([name, bound, ['cpu', 'memory']]);
        }
      }
    }
  });

  it('gives pods a termination grace period above the preStop pause plus the drain budget', () => {
    for (const deployment of deployments) {
      const container = containerOf(deployment);
      const drainSeconds = Number(plainEnv(container).SHUTDOWN_TIMEOUT_MS) / 1000;
      const preStop = Number(container.lifecycle?.preStop?.exec?.command?.[1] ?? 0);
      expect(drainSeconds).toBeGreaterThan(0);
      expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(preStop + drainSeconds);
    }
  });

  it('points every probe at a port and path the service really serves', () => {
    const httpPaths = runtimeHttpPaths();
    expect(httpPaths).toEqual(expect.arrayContaining(['/healthz', '/readyz']));
    for (const deployment of deployments) {
      const service = serviceOf(deployment);
      const container = containerOf(deployment);
      const env = plainEnv(container);
      const ports = new Map((container.ports ?? []).map((p) => [p.name!, p.containerPort]));
      const where = `${deployment.metadata.name}`;
      // The declared ports are the ones the process binds: HTTP_PORT, GRPC_PORT and each extra port's variable.
      expect([where, 'http', ports.get('http')]).toEqual([where, 'http', Number(env.HTTP_PORT)]);
      expect([where, 'grpc', ports.get('grpc')]).toEqual([where, 'grpc', servesGrpc(service) ? Number(env.GRPC_PORT) : undefined]);
      for (const [name, port] of ports) {
        if (name === 'http' || name === 'grpc') continue;
        const variable = Object.entries(env).find(([, value]) => value === String(port));
        expect([where, name, variable && configNames(service).has(variable[0])]).toEqual([where, name, true]);
      }
      for (const kind of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
        const probe = container[kind];
        expect([where, kind, probe !== undefined]).toEqual([where, kind, true]);
        if (probe.grpc) {
          expect([where, kind, servesGrpc(service), probe.grpc.port]).toEqual([where, kind, true, ports.get('grpc')]);
        } else {
          const port = typeof probe.httpGet.port === 'number' ? probe.httpGet.port : ports.get(probe.httpGet.port);
          const served = httpPaths.includes(probe.httpGet.path) ? 'served' : `not served (the service serves ${httpPaths.join(', ')})`;
          expect([where, kind, probe.httpGet.path, served, port]).toEqual([where, kind, probe.httpGet.path, 'served', ports.get('http')]);
        }
      }
      // Liveness never depends on Kafka or MongoDB; readiness does (gRPC health or /readyz).
      expect([where, container.livenessProbe.httpGet?.path]).toEqual([where, '/healthz']);
      expect([where, container.readinessProbe.grpc ? 'grpc' : container.readinessProbe.httpGet.path]).toEqual([where, servesGrpc(service) ? 'grpc' : '/readyz']);
    }
  });

  it('exposes exactly the container ports on each Service, selecting the pods', () => {
    for (const deployment of deployments) {
      const service = find(objects, 'Service', deployment.metadata.name)!;
      const containerPorts = (containerOf(deployment).ports ?? []).map((p) => p.name).sort();
      expect(service.spec.ports.map((p: { targetPort: string }) => p.targetPort).sort()).toEqual(containerPorts);
      for (const [key, value] of Object.entries(service.spec.selector)) expect(deployment.spec.template.metadata.labels[key]).toBe(value);
      for (const [key, value] of Object.entries(deployment.spec.selector.matchLabels)) expect(deployment.spec.template.metadata.labels[key]).toBe(value);
      const pdb = find(objects, 'PodDisruptionBudget', deployment.metadata.name)!;
      expect(pdb.spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    }
    for (const hpa of ofKind(objects, 'HorizontalPodAutoscaler')) {
      expect(find(objects, 'Deployment', hpa.spec.scaleTargetRef.name)).toBeDefined();
      expect(hpa.spec.metrics[0].resource.name).toBe('cpu');
    }
  });

  it('sets every variable a service requires, and only variables the services read', () => {
    ensureBuilt(deployments.map(serviceOf));
    for (const deployment of deployments) {
      const service = serviceOf(deployment);
      const container = containerOf(deployment);
      const known = configNames(service);
      const unknown = envNames(container).filter((name) => !known.has(name) && !PLATFORM_EXTRAS.test(name));
      expect([service, unknown]).toEqual([service, []]);
      // The service itself says what is missing or wrong: start its bundle with the chart's plain values (secrets left
      // out). Its configuration check stops it before it connects anywhere, naming each problem.
      const fromSecrets = new Set((container.env ?? []).filter((e) => e.valueFrom?.secretKeyRef).map((e) => e.name));
      expect([service, fromSecrets.has('MONGO_URL')]).toEqual([service, true]);
      const run = spawnSync(process.execPath, processArgs(container, service), {
        cwd: REPO,
        env: { PATH: process.env.PATH, ...plainEnv(container), OTEL_SDK_DISABLED: 'true' },
        encoding: 'utf8',
        timeout: 60000,
      });
      const problems = [...run.stderr.matchAll(/^ {2}- ([A-Z0-9_]+): (.*)$/gm)].map((m) => ({ name: m[1]!, message: m[2]! }));
      expect([service, run.status]).toEqual([service, 1]);
      const wrong = problems.filter((p) => !(fromSecrets.has(p.name) && /^required/.test(p.message)));
      expect([service, wrong]).toEqual([service, []]);
      expect(problems.length).toBeGreaterThan(0);
    }
  });

  it('mounts each policy from a ConfigMap whose checksum is on the pod template', () => {
    for (const deployment of deployments) {
      const service = serviceOf(deployment);
      const container = containerOf(deployment);
      const policyVar = envNames(container).find((n) => /_POLICY_FILE$/.test(n) && n !== 'DETECTION_CANDIDATE_POLICY_FILE');
      if (!policyVar) continue;
      const file = plainEnv(container)[policyVar]!;
      const mount = container.volumeMounts.find((m: { mountPath: string }) => file.startsWith(`${m.mountPath}/`));
      expect([service, mount?.name]).toEqual([service, 'policy']);
      const volume = deployment.spec.template.spec.volumes.find((v: { name: string }) => v.name === 'policy');
      const configMap = find(objects, 'ConfigMap', volume.configMap.name)!;
      const content = configMap.data[path.basename(file)];
      expect(content).toBeDefined();
      expect(deployment.spec.template.metadata.annotations['checksum/policy']).toBe(sha256(content));
    }
  });

  it('runs the topic Job before install and upgrade, with partitions and replication from the values', () => {
    const job = ofKind(objects, 'Job').find((j) => serviceOf(j) === 'topics')!;
    expect(job.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    const container = job.spec.template.spec.containers[0] as Container;
    const args = processArgs(container, 'topics');
    expect(args[args.length - 1]).toBe(path.join(REPO, 'dist/tools/ensure-topics.js'));
    type TopicValues = { kafka: { topics: { partitions?: number; replicationFactor?: number } } };
    const defaults = (chartValues() as unknown as TopicValues).kafka.topics;
    const overrides = options.values ? (parse(readFileSync(options.values[0]!, 'utf8')) as TopicValues).kafka.topics : {};
    const expected = { ...defaults, ...overrides };
    expect(plainEnv(container)).toMatchObject({ KAFKA_TOPIC_PARTITIONS: String(expected.partitions), KAFKA_REPLICATION_FACTOR: String(expected.replicationFactor) });
    // With the Job, the services do not create topics themselves.
    for (const deployment of deployments) expect(plainEnv(containerOf(deployment)).KAFKA_CREATE_TOPICS).toBe('false');
  });

  it('tags every image with the version in package.json', () => {
    const registry = options.values ? 'registry.example.com/platform/' : '';
    for (const deployment of deployments) {
      expect(containerOf(deployment).image).toBe(`${registry}handoff-${serviceOf(deployment)}:${packageVersion()}`);
    }
  });
});

describe('chart values and versions', () => {
  it('has a values block for every service in the repository, and the same version as package.json', () => {
    expect(Object.keys(chartValues().services).sort()).toEqual(repositoryServices());
    expect(chartYaml().appVersion).toBe(packageVersion());
  });

  it('deploys every service that has a main.ts when all are enabled', () => {
    const set = repositoryServices().map((s) => `services.${s}.enabled=true`);
    const objects = render({ values: [PRODUCTION_VALUES], set });
    expect(ofKind(objects, 'Deployment').map(serviceOf).sort()).toEqual(repositoryServices());
  });

  it('lets the services create topics when the Job is off', () => {
    const objects = render({ set: ['kafka.topics.provision=false'] });
    expect(ofKind(objects, 'Job')).toEqual([]);
    for (const deployment of ofKind(objects, 'Deployment')) expect(plainEnv(containerOf(deployment)).KAFKA_CREATE_TOPICS).toBe('true');
  });

  it('connects every process to Kafka over TLS with the CA Secret mounted, and SASL credentials from a Secret', () => {
    const objects = objectsOf('production values');
    const pods = [...ofKind(objects, 'Deployment'), ...ofKind(objects, 'Job')].map((o) => o.spec.template.spec);
    expect(pods.length).toBeGreaterThan(1);
    for (const pod of pods) {
      const container: Container = pod.containers[0]!;
      expect(plainEnv(container)).toMatchObject({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/etc/handoff/kafka-ca/ca.crt', KAFKA_SASL_MECHANISM: 'scram-sha-512' });
      const fromSecret = Object.fromEntries((container.env ?? []).filter((e: EnvVar) => e.valueFrom?.secretKeyRef).map((e: EnvVar) => [e.name, e.valueFrom!.secretKeyRef]));
      expect(fromSecret).toMatchObject({ KAFKA_SASL_USERNAME: { name: 'handoff-kafka-credentials', key: 'username' }, KAFKA_SASL_PASSWORD: { name: 'handoff-kafka-credentials', key: 'password' } });
      expect(container.volumeMounts).toEqual(expect.arrayContaining([{ name: 'kafka-ca', mountPath: '/etc/handoff/kafka-ca', readOnly: true }]));
      expect(pod.volumes).toEqual(expect.arrayContaining([{ name: 'kafka-ca', secret: { secretName: 'handoff-kafka-ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] } }]));
    }
    expect(() => render({ set: ['kafka.sasl.mechanism=plain'] })).toThrow(/kafka.sasl.existingSecret is required with kafka.sasl.mechanism/);
  });

  it('rolls only the pods whose policy changed', () => {
    const before = deploymentsOf('default values');
    const after = ofKind(render({ set: ['services.routing.policy.content=version: changed'] }), 'Deployment');
    const checksum = (list: K8sObject[], service: string) => list.find((d) => serviceOf(d) === service)!.spec.template.metadata.annotations['checksum/policy'];
    expect(checksum(after, 'routing')).not.toBe(checksum(before, 'routing'));
    expect(checksum(after, 'detection')).toBe(checksum(before, 'detection'));
  });

  it('ships each service\'s own default policy (files/policies link to services/<name>/policy/default.yaml)', () => {
    for (const deployment of deploymentsOf('default values')) {
      const service = serviceOf(deployment);
      const configMap = find(objectsOf('default values'), 'ConfigMap', `${deployment.metadata.name}-policy`);
      if (!configMap) continue;
      const shipped = readFileSync(path.join(REPO, 'services', service, 'policy/default.yaml'), 'utf8');
      expect(configMap.data[`${service}.yaml`].trim()).toBe(shipped.trim());
    }
  });

  it('refuses to render a service that lacks a variable it cannot start without', () => {
    expect(() => render({ set: ['services.helpdesk-connector.enabled=true'] })).toThrow(/services.helpdesk-connector needs CONNECTOR_TARGETS/);
  });

  it('rejects a misspelt value key (values.schema.json)', () => {
    expect(() => render({ set: ['services.routing.replica=3'] })).toThrow(/replica/);
    expect(() => render({ set: ['kafka.brokers=not a broker list'] })).toThrow(/brokers/);
  });

  it('scales on consumer lag only with consumer groups and topics the service really uses', () => {
    const registry = new Set(ALL_TOPICS.map((t) => t.name));
    const services = chartValues().services as Record<string, { keda?: { triggers?: Array<{ consumerGroup: string; topic: string }> } }>;
    for (const [service, block] of Object.entries(services)) {
      const source = serviceSource(service);
      for (const { consumerGroup, topic } of block.keda?.triggers ?? []) {
        expect([service, consumerGroup, source.includes(`'${consumerGroup}'`)]).toEqual([service, consumerGroup, true]);
        expect([service, topic, registry.has(topic)]).toEqual([service, topic, true]);
      }
    }
    const scaled = ofKind(objectsOf('production values'), 'ScaledObject');
    expect(scaled.map(serviceOf)).toEqual(['detection']);
    expect(find(objectsOf('production values'), 'HorizontalPodAutoscaler', scaled[0]!.metadata.name)).toBeUndefined();
    expect(scaled[0]!.spec.triggers[0].metadata).toMatchObject({ consumerGroup: 'prod.handoff-detection', topic: 'prod.conversation.events.v1' });
  });

  it('lets each service talk only to what it needs when NetworkPolicies are on', () => {
    const objects = objectsOf('production values');
    const policies = ofKind(objects, 'NetworkPolicy');
    for (const deployment of deploymentsOf('production values')) {
      const service = serviceOf(deployment);
      const policy = find(objects, 'NetworkPolicy', deployment.metadata.name)!;
      expect([service, policy?.spec.policyTypes]).toEqual([service, ['Ingress', 'Egress']]);
      const container = containerOf(deployment);
      const apiPorts = (container.ports ?? []).filter((p) => p.name !== 'http').map((p) => p.containerPort).sort();
      const ingressPorts = (policy.spec.ingress ?? []).flatMap((rule: { ports: Array<{ port: number }> }) => rule.ports.map((p) => p.port)).sort();
      expect([service, ingressPorts]).toEqual([service, apiPorts]);
      const egressPorts = new Set(policy.spec.egress.flatMap((rule: { ports: Array<{ port: number }> }) => rule.ports.map((p) => p.port)));
      for (const port of [53, 9092, 27017, 4318]) expect([service, port, egressPorts.has(port)]).toEqual([service, port, true]);
    }
    expect(policies.find((p) => serviceOf(p) === 'topics')!.spec.egress.flatMap((r: { ports: Array<{ port: number }> }) => r.ports.map((p) => p.port))).not.toContain(27017);
    expect(ofKind(objectsOf('default values'), 'NetworkPolicy')).toEqual([]);
  });

  it('says in NOTES.txt how to reach every gRPC API and the analytics dashboard', () => {
    const text = notes({ values: [PRODUCTION_VALUES] });
    for (const deployment of deploymentsOf('production values')) {
      const service = serviceOf(deployment);
      if (!servesGrpc(service)) continue;
      expect(text).toContain(`port-forward svc/${deployment.metadata.name} 50051:50051`);
      expect(text).toContain(`handoff/${service}/v1/${service}_service.proto`);
    }
    expect(text).toMatch(/port-forward svc\/handoff-analytics 8090:8090\s+then open http:\/\/127\.0\.0\.1:8090\//);
  });

  it('builds an image per service with the same tags the chart deploys (npm run images)', () => {
    const out = execFileSync('bash', [path.join(REPO, 'deploy/images.sh'), '--dry-run', '--push'], {
      cwd: REPO,
      env: { ...process.env, REGISTRY: 'registry.example.com/platform' },
      encoding: 'utf8',
    });
    const built = [...out.matchAll(/--build-arg SERVICE=(\S+) --tag (\S+) \./g)].map((m) => [m[1], m[2]]);
    const objects = render({ values: [PRODUCTION_VALUES], set: repositoryServices().map((s) => `services.${s}.enabled=true`) });
    const deployed = ofKind(objects, 'Deployment').map((d) => [serviceOf(d), containerOf(d).image]);
    expect(built.sort()).toEqual(deployed.sort());
    expect(out).toContain('docker push registry.example.com/platform/handoff-routing:');
    expect(JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).scripts.images).toBe('bash deploy/images.sh');
  });

  it('keeps the chart directory free of files helm would package by mistake', () => {
    const listing = execFileSync('find', [CHART, '-type', 'f', '-o', '-type', 'l'], { encoding: 'utf8' }).trim().split('\n');
    expect(listing.filter((f) => !/\/(Chart\.yaml|values\.yaml|values\.schema\.json|templates\/.+|files\/policies\/[a-z-]+\.yaml|\.helmignore)$/.test(f))).toEqual([]);
  });
});

describe('bundles the chart runs', () => {
  it('exist for every service', () => {
    ensureBuilt(repositoryServices());
    for (const service of repositoryServices()) expect(readFileSync(BUNDLE(service), 'utf8').length).toBeGreaterThan(0);
  });
});
