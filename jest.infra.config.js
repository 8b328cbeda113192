// Integration and end-to-end suites: real Kafka and a real MongoDB-wire server, found or started by the global setup.
const preset = require('./jest.preset.js');
module.exports = {
  ...preset,
  rootDir: __dirname,
  displayName: 'integration+e2e',
  testMatch: ['<rootDir>/libs/*/test/**/*.int.test.ts', '<rootDir>/services/*/test/**/*.int.test.ts', '<rootDir>/test/e2e/**/*.e2e.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
  testTimeout: 120000,
  maxWorkers: 1,
};
