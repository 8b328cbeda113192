// Builds each service into dist/services/<name>/main.js (workspace code bundled, npm packages left external so
// OpenTelemetry can instrument them), plus dist/telemetry/register.js, loaded first with --require, and the demo's
// chat simulator (dist/scripts/chat-simulator/main.js).
//   node scripts/build.mjs            all services
//   node scripts/build.mjs routing    one service
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
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
console.log(`built ${Object.keys(entryPoints).join(', ')}`);
