// Fault-injection suite (npm run test:faults): the whole system on its own Kafka and FerretDB (ports 29092/27028,
// state in .infra/faults), which the suite kills, stops and restarts. Never the shared instance of the other suites.
// FAULTS_CI=true runs the subset that fits CI's time (see README "Tests").
const preset = require('./jest.preset.js');
module.exports = {
  ...preset,
  rootDir: __dirname,
  displayName: 'faults',
  testMatch: ['<rootDir>/test/faults/**/*.faults.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: '<rootDir>/test/faults/global-setup.ts',
  globalTeardown: '<rootDir>/test/faults/global-teardown.ts',
  testTimeout: 600000,
  maxWorkers: 1,
  // kafkajs and grpc-js keep sockets in their reconnect timers after a broker restart; don't wait for them.
  forceExit: true,
};
