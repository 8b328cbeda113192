// The deployment checks (run by deploy/test/run.sh, a step of scripts/test.sh): the Helm chart, the compose file and
// the Dockerfile. `deploy` needs no infrastructure; `deploy-infra` runs the topic Job's tool and every service as
// the chart configures them, against real Kafka and a real MongoDB-wire server (found or started like the
// integration suites do).
const preset = require('../jest.preset.js');
module.exports = {
  // A global setting (not per project): rendering and starting services on a busy 2-core machine takes a while.
  testTimeout: 180000,
  projects: [
    { ...preset, displayName: 'deploy', rootDir: __dirname },
    {
      ...preset,
      displayName: 'deploy-infra',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/**/*.int.test.ts'],
      testPathIgnorePatterns: ['/node_modules/'],
      globalSetup: '<rootDir>/../libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/../libs/testing/src/global-teardown.ts',
    },
  ],
};
