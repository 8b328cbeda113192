// Helpers for the deployment checks: render the Helm chart, read what it rendered, and read what the services really
// serve and need from their own code.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

export const REPO = path.resolve(__dirname, '../..');
export const CHART = path.join(REPO, 'deploy/helm/handoff');
export const PRODUCTION_VALUES = path.join(REPO, 'deploy/helm/examples/production.yaml');
export const COMPOSE_FILE = path.join(REPO, 'deploy/compose/docker-compose.yml');

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered Kubernetes objects are checked field by field */
export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> }; [key: string]: any };
export type Container = { name: string; image: string; args?: string[]; env?: EnvVar[]; ports?: Array<{ name?: string; containerPort: number }>; [key: string]: any };
export type EnvVar = { name: string; value?: string; valueFrom?: any };
/* eslint-enable @typescript-eslint/no-explicit-any */

export function helmBinary(): string {
  const helm = process.env.HELM ?? path.join(REPO, '.infra/tools/bin/helm');
  if (!existsSync(helm)) {
    throw new Error(`helm not found at ${helm}: run the checks with \`bash deploy/test/run.sh\`, which builds helm once (scripts/lib.sh ensure_helm)`);
  }
  return helm;
}

/** Runs helm; a failure throws with helm's own message. */
export function helm(args: string[]): string {
  try {
    return execFileSync(helmBinary(), args, { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`helm ${args.join(' ')} failed:\n${e.stderr || e.stdout || e.message}`);
  }
}

export interface RenderOptions {
  values?: string[];
  set?: string[];
}

const valueArgs = ({ values = [], set = [] }: RenderOptions) => [...values.flatMap((f) => ['-f', f]), ...set.flatMap((s) => ['--set', s])];

export function renderText(options: RenderOptions = {}): string {
  return helm(['template', 'handoff', CHART, '--namespace', 'handoff', ...valueArgs(options)]);
}

export function render(options: RenderOptions = {}): K8sObject[] {
  return parseAllDocuments(renderText(options))
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}

/**
 * NOTES.txt as `helm install` prints it. helm renders NOTES only when installing, which needs a cluster even with
 * --dry-run, so a copy of the chart renders the same file through `tpl` into a ConfigMap that `helm template` prints.
 */
export function notes(options: RenderOptions = {}): string {
  const copy = mkdtempSync(path.join(tmpdir(), 'handoff-chart-'));
  try {
    cpSync(CHART, copy, { recursive: true, dereference: true });
    cpSync(path.join(CHART, 'templates/NOTES.txt'), path.join(copy, 'files/NOTES.txt'));
    writeFileSync(
      path.join(copy, 'templates/zz-notes-check.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes-check\ndata:\n  notes: {{ tpl (.Files.Get "files/NOTES.txt") . | quote }}\n',
    );
    const out = helm(['template', 'handoff', copy, '--namespace', 'handoff', '--show-only', 'templates/zz-notes-check.yaml', ...valueArgs(options)]);
    return (parse(out) as { data: { notes: string } }).data.notes;
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

export function lint(options: RenderOptions = {}): string {
  return helm(['lint', CHART, '--strict', ...valueArgs(options)]);
}

export const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);

export function find(objects: K8sObject[], kind: string, name: string): K8sObject | undefined {
  return objects.find((o) => o.kind === kind && o.metadata.name === name);
}

/** The service a chart object belongs to (its app.kubernetes.io/name label). */
export const serviceOf = (o: K8sObject): string => o.metadata.labels?.['app.kubernetes.io/name'] ?? '';

export const containerOf = (deployment: K8sObject): Container => deployment.spec.template.spec.containers[0];

export function plainEnv(container: Container): Record<string, string> {
  return Object.fromEntries((container.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
}

export const envNames = (container: Container): string[] => (container.env ?? []).map((e) => e.name);

export function chartValues(): { services: Record<string, unknown>; [key: string]: unknown } {
  return parse(readFileSync(path.join(CHART, 'values.yaml'), 'utf8'));
}

export const chartYaml = (): { version: string; appVersion: string } => parse(readFileSync(path.join(CHART, 'Chart.yaml'), 'utf8'));

export const packageVersion = (): string => JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).version;

/** Every service of the repository: a folder under services/ with a src/main.ts. */
export function repositoryServices(): string[] {
  return readdirSync(path.join(REPO, 'services')).filter((s) => existsSync(path.join(REPO, 'services', s, 'src/main.ts'))).sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The production source of a service (its src/, without the domain's pure logic it does not matter which). */
export function serviceSource(service: string): string {
  return sourceFiles(path.join(REPO, 'services', service, 'src'))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
}

/** Whether the service's main.ts asks the platform for a gRPC server (startPlatform({ ..., grpc: true })). */
export function servesGrpc(service: string): boolean {
  const main = readFileSync(path.join(REPO, 'services', service, 'src/main.ts'), 'utf8');
  const match = /startPlatform\(\{[^}]*grpc:\s*(true|false)/.exec(main);
  if (!match) throw new Error(`services/${service}/src/main.ts: cannot tell whether it serves gRPC (no startPlatform({ grpc }))`);
  return match[1] === 'true';
}

/** The HTTP paths the lifecycle runtime serves on HTTP_PORT (libs/lifecycle/src/runtime.ts). */
export function runtimeHttpPaths(): string[] {
  const runtime = readFileSync(path.join(REPO, 'libs/lifecycle/src/runtime.ts'), 'utf8');
  return [...runtime.matchAll(/req\.url === '([^']+)'/g)].map((m) => m[1]!);
}

/** Variable names a service's configuration schema knows: upper-case keys in its source and in libs/config. */
export function configNames(service: string): Set<string> {
  const text = `${serviceSource(service)}\n${readFileSync(path.join(REPO, 'libs/config/src/index.ts'), 'utf8')}`;
  return new Set([...text.matchAll(/^\s*([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+):/gm)].map((m) => m[1]!));
}

export const BUNDLE = (service: string) => path.join(REPO, 'dist/services', service, 'main.js');
export const TELEMETRY_PRELOAD = path.join(REPO, 'dist/telemetry/register.js');
export const TOPIC_TOOL = path.join(REPO, 'dist/tools/ensure-topics.js');

/** Builds dist/ when a bundle the checks run is missing. */
export function ensureBuilt(services: string[]): void {
  if ([TELEMETRY_PRELOAD, TOPIC_TOOL, ...services.map(BUNDLE)].every((f) => existsSync(f))) return;
  execFileSync(process.execPath, [path.join(REPO, 'scripts/build.mjs')], { cwd: REPO, stdio: 'ignore' });
}

/** The image's entry point with its paths under /app mapped to this checkout (the Dockerfile copies dist/ to /app/dist). */
export function dockerfile(): { text: string; entrypoint: string[]; cmd: string[] } {
  const text = readFileSync(path.join(REPO, 'Dockerfile'), 'utf8');
  const json = (instruction: string): string[] => {
    const match = new RegExp(`^${instruction}\\s+(\\[.*\\])\\s*$`, 'm').exec(text);
    if (!match) throw new Error(`Dockerfile: no ${instruction} in exec form`);
    return JSON.parse(match[1]!);
  };
  return { text, entrypoint: json('ENTRYPOINT'), cmd: json('CMD') };
}

/** /app/dist/x → <repo>/dist/x; /app/dist/main.js (linked to the image's service) → dist/services/<service>/main.js. */
export function localPath(imagePath: string, service: string): string {
  if (imagePath === '/app/dist/main.js') return BUNDLE(service);
  if (!imagePath.startsWith('/app/')) return imagePath;
  return path.join(REPO, imagePath.slice('/app/'.length));
}

/** The node arguments the container runs: the image's ENTRYPOINT after tini, then the container's args or CMD. */
export function processArgs(container: Container, service: string): string[] {
  const { entrypoint, cmd } = dockerfile();
  const afterTini = entrypoint.slice(entrypoint.indexOf('--') + 1);
  if (afterTini[0] !== 'node') throw new Error(`Dockerfile ENTRYPOINT does not run node after tini: ${entrypoint.join(' ')}`);
  return [...afterTini.slice(1), ...(container.args ?? cmd)].map((a) => (a.startsWith('/app/') ? localPath(a, service) : a));
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
