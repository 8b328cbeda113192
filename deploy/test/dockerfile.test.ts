// The Dockerfile, checked without a Docker engine (none runs here, so `docker build` itself is not run): what it
// copies exists, what the image runs exists in the build output, and it keeps to the image rules.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { BUNDLE, REPO, dockerfile, ensureBuilt, localPath, repositoryServices } from './chart';

const { text, entrypoint, cmd } = dockerfile();
const instructions = text
  .replace(/\\\n/g, ' ')
  .split('\n')
  .filter((line) => /^[A-Z]+\s/.test(line))
  .map((line) => ({ keyword: line.split(/\s+/)[0]!, args: line.slice(line.indexOf(' ') + 1).trim() }));

/** .dockerignore patterns, matched as docker does for the simple forms used (no negations). */
const ignored = readFileSync(path.join(REPO, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
function isIgnored(relative: string): boolean {
  return ignored.some((pattern) => {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*\*\//g, '%ANY_DIRS%')
      .replace(/\*/g, '[^/]*')
      .replace(/%ANY_DIRS%/g, '(.*/)?');
    const regex = new RegExp(`^${body}(/.*)?$`);
    return regex.test(relative);
  });
}

describe('Dockerfile', () => {
  beforeAll(() => ensureBuilt(repositoryServices()));

  it('builds and runs on the same Node image, of the major version the project runs on', () => {
    const from = instructions.filter((i) => i.keyword === 'FROM').map((i) => i.args.split(/\s+/)[0]);
    expect(from).toEqual(['${NODE_IMAGE}', '${NODE_IMAGE}']);
    const image = /^ARG NODE_IMAGE=node:(\d+)\.\d+\.\d+-[a-z]+-slim$/m.exec(text);
    expect(image).not.toBeNull();
    const engines = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).engines.node as string;
    expect(image![1]).toBe(/(\d+)/.exec(engines)![1]);
  });

  it('installs from the lockfile and ships production dependencies only', () => {
    expect(text).toMatch(/npm install --no-audit --no-fund/);
    expect(text).toMatch(/npm prune --omit=dev/);
    expect(existsSync(path.join(REPO, 'package-lock.json'))).toBe(true);
    // The runtime stage takes node_modules from the build stage after the prune, never the build's own context.
    const runtime = text.slice(text.indexOf('AS runtime'));
    expect(runtime).toMatch(/COPY --from=build \/src\/node_modules \.\/node_modules/);
    expect(runtime).not.toMatch(/^COPY (?!--from)/m);
  });

  it('runs as a non-root numeric user, with tini as PID 1 so SIGTERM reaches node', () => {
    const users = instructions.filter((i) => i.keyword === 'USER').map((i) => i.args);
    expect(users).toEqual(['1000:1000']);
    expect(entrypoint.slice(0, 3)).toEqual(['/usr/bin/tini', '--', 'node']);
    expect(text).toMatch(/apt-get install -y --no-install-recommends tini/);
  });

  it('bakes in no secrets', () => {
    const settings = instructions.filter((i) => i.keyword === 'ENV' || i.keyword === 'ARG').map((i) => i.args);
    for (const setting of settings) expect(setting).not.toMatch(/SECRET|PASSWORD|TOKEN|API_KEY|MONGO_URL|AUTH/i);
    for (const pattern of ['.git', '**/node_modules', 'dist', '.infra', '.env', '.env.*']) expect(ignored).toContain(pattern);
  });

  it('copies into the build only what exists and is not ignored, including everything the build reads', () => {
    const needed = ['package.json', 'package-lock.json', 'scripts/build.mjs', 'deploy/tools/ensure-topics.ts', 'libs/config/src/index.ts', 'tsconfig.base.json'];
    for (const service of repositoryServices()) needed.push(`services/${service}/src/main.ts`, `services/${service}/package.json`);
    for (const file of needed) {
      expect([file, existsSync(path.join(REPO, file)), isIgnored(file)]).toEqual([file, true, false]);
    }
    expect(isIgnored('node_modules/kafkajs/index.js')).toBe(true);
    expect(isIgnored('services/routing/node_modules/x')).toBe(true);
  });

  it('copies from the build stage paths that the build produces, for every service', () => {
    const copies = instructions.filter((i) => i.keyword === 'COPY' && i.args.startsWith('--from=build')).map((i) => i.args.split(/\s+/)[1]!);
    for (const service of repositoryServices()) {
      for (const source of copies) {
        const local = path.join(REPO, source.replace('/src/', '').replace('${SERVICE}', service));
        expect([source, service, existsSync(local)]).toEqual([source, service, true]);
      }
      // What the service reads next to its bundle at run time (models, policy, dashboard) is in its dist folder.
      for (const folder of ['models', 'policy', 'dashboard']) {
        if (!existsSync(path.join(REPO, 'services', service, folder))) continue;
        expect([service, folder, existsSync(path.join(REPO, 'dist/services', service, folder))]).toEqual([service, folder, true]);
      }
    }
  });

  it('starts what exists in the build output: the telemetry preload, each service and the topic tool', () => {
    const preload = entrypoint[entrypoint.indexOf('--require') + 1]!;
    expect(existsSync(localPath(preload, 'routing'))).toBe(true);
    expect(cmd).toEqual(['/app/dist/main.js']);
    // dist/main.js is linked to the image's own service bundle.
    expect(text).toMatch(/ln -s "services\/\$\{SERVICE\}\/main\.js" dist\/main\.js/);
    for (const service of repositoryServices()) expect(existsSync(BUNDLE(service))).toBe(true);
    expect(existsSync(path.join(REPO, 'dist/tools/ensure-topics.js'))).toBe(true);
    expect(readdirSync(path.join(REPO, 'dist/telemetry'))).toContain('register.js');
  });
});
