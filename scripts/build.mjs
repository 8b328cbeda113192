// Builds each service into dist/services/<name>/main.js (workspace code bundled, npm packages left external so
// OpenTelemetry can instrument them), plus dist/telemetry/register.js, loaded first with --require, and the demo's
// chat simulator (dist/scripts/chat-simulator/main.js) and the topic tool (dist/tools/ensure-topics.js).
//   node scripts/build.mjs            all services
//   node scripts/build.mjs routing    one service
import { build } from 'esbuild';
import { cpSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const services = process.argv.slice(2).length > 0 ? process.argv.slice(2) : readdirSync(path.join(root, 'services'));

const externalPackages = {
  name: 'external-packages',
  setup(b) {
    // Bare imports other than our own @handoff/* workspace libraries stay require() calls.
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@handoff/') ? undefined : { external: true }));
  },
};

const entryPoints = {
  'telemetry/register': path.join(root, 'libs/telemetry/src/register.ts'),
  'scripts/chat-simulator/main': path.join(root, 'scripts/chat-simulator/src/main.ts'),
  // Creates every registered topic and its DLQ (the Helm chart's topic Job, the compose file's `topics` service).
  'tools/ensure-topics': path.join(root, 'deploy/tools/ensure-topics.ts'),
  ...Object.fromEntries(services.map((s) => [`services/${s}/main`, path.join(root, 'services', s, 'src/main.ts')])),
};

await build({
  entryPoints,
  outdir: path.join(root, 'dist'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [externalPackages],
});
// Files a service reads at run time (detection: trained models and the default policy; analytics: the dashboard's
// static files) ship next to its bundle.
for (const service of services) {
  for (const folder of ['models', 'policy', 'dashboard']) {
    const from = path.join(root, 'services', service, folder);
    if (existsSync(from)) cpSync(from, path.join(root, 'dist/services', service, folder), { recursive: true, filter: (f) => !f.includes(`${path.sep}seed`) });
  }
}
console.log(`built ${Object.keys(entryPoints).join(', ')}`);
