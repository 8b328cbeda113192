// ESLint flat config for the Handoff monorepo.
//
//   npx eslint .          lint everything (libs/, services/, scripts/, test/)
//   npx eslint libs/x     what each project's `lint` target runs
//
// Syntax-only typescript-eslint (no type information: fast), plus
// @nx/enforce-module-boundaries driven by the `type:*`, `scope:*` and `io:*`
// tags in every project.json.
import nx from '@nx/eslint-plugin';
import { createProjectGraphAsync } from '@nx/devkit';
import tseslint from 'typescript-eslint';

// @nx/enforce-module-boundaries never builds the project graph itself: it only
// reads .nx/workspace-data/project-graph.json and, when that file is missing,
// prints a warning and silently SKIPS every boundary check. Build (or refresh)
// the graph here so that a bare `npx eslint` enforces the boundaries too.
// Inside an Nx task (nx run/run-many) Nx has just written a fresh graph.
// Offline: no daemon, and nx.json has neverConnectToCloud.
if (!process.env.NX_TASK_TARGET_PROJECT) {
  process.env.NX_DAEMON ??= 'false';
  await createProjectGraphAsync({ exitOnError: false });
}

const TS_FILES = ['**/*.ts', '**/*.cts', '**/*.mts'];
const TEST_FILES = ['**/test/**/*.ts', '**/*.test.ts', '**/*.spec.ts', '**/bench/**/*.ts'];

// Which I/O client each `io:*` project may import. kafkajs lives only in
// libs/messaging (io:kafka), mongodb only in libs/store (io:mongo),
// testcontainers only in libs/testing (io:testing).
const KAFKA = ['kafkajs', 'kafkajs/*'];
const MONGO = ['mongodb', 'mongodb/*'];
const TESTCONTAINERS = ['testcontainers', 'testcontainers/*', '@testcontainers/*'];
const ioConstraints = [
  { sourceTag: 'io:none', bannedExternalImports: [...KAFKA, ...MONGO, ...TESTCONTAINERS] },
  { sourceTag: 'io:kafka', bannedExternalImports: [...MONGO, ...TESTCONTAINERS] },
  { sourceTag: 'io:mongo', bannedExternalImports: [...KAFKA, ...TESTCONTAINERS] },
  { sourceTag: 'io:testing', bannedExternalImports: [...KAFKA, ...MONGO] },
];

// What each kind of project may depend on. Every project needs a `type:*` tag:
// a project matching no constraint may not import any other project.
const typeConstraints = [
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib'] }, // never another service
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib'] },
];

// Production code only: shared libs and services stay clear of libs/testing
// (scope:testing). Written as a direct "only" rule rather than
// notDependOnLibsWithTags, because the Nx project graph does not tell test
// files from sources and would otherwise report lib -> messaging -> testing
// (an edge that only messaging's integration tests create).
const productionScopeConstraints = [
  { allSourceTags: ['type:lib', 'scope:shared'], onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['scope:shared'] },
];

const boundaryOptions = (depConstraints) => ({
  enforceBuildableLibDependency: false,
  allow: [],
  // libs/testing builds on shared libs (e.g. @handoff/messaging) while those
  // libs' own tests use libs/testing: a project-level cycle that exists only
  // through test files. A production import of scope:testing by a shared lib is
  // still rejected by the constraints above.
  ignoredCircularDependencies: [['testing', 'tag:scope:shared']],
  depConstraints,
});

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],

  {
    ignores: [
      '**/gen/**', // generated contracts (libs/contracts/src/gen)
      '**/dist/**',
      '**/node_modules/**',
      '**/coverage/**',
      '.infra/**',
      '.demo/**',
      '.nx/**',
      '*.js', // root jest configs
      '**/jest.config.js',
    ],
  },

  {
    files: TS_FILES,
    rules: {
      // Back to plain typescript-eslint "recommended": flat/typescript turns
      // no-require-imports off, lowers no-explicit-any / no-unused-vars to
      // warnings, and adds no-non-null-assertion (a "strict" rule) as a warning.
      '@typescript-eslint/no-require-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        // `_name` marks a deliberately unused binding, as tsc's noUnusedParameters allows.
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',

      '@nx/enforce-module-boundaries': [
        'error',
        boundaryOptions([...typeConstraints, ...productionScopeConstraints, ...ioConstraints]),
      ],

      // Other projects only through their entry point: `@handoff/messaging`,
      // never `@handoff/messaging/src/x`. (Relative or `libs/...` paths that
      // leave the project are reported by enforce-module-boundaries.)
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@handoff/[^/]+/.+',
              message: 'Import another project only through its entry point (@handoff/<name>), never its internals.',
            },
          ],
        },
      ],
    },
  },

  // Tests (unit, *.int.test.ts, e2e) and benchmarks may use libs/testing; every other
  // boundary, including the io:* bans, still applies.
  {
    files: TEST_FILES,
    rules: {
      '@nx/enforce-module-boundaries': ['error', boundaryOptions([...typeConstraints, ...ioConstraints])],
    },
  },
];
