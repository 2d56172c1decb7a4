module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'testing',
  rootDir: __dirname,
  // One nats-server and one MongoDB-wire database for the whole run (see src/jest/global-setup.ts).
  globalSetup: '<rootDir>/src/jest/global-setup.ts',
  globalTeardown: '<rootDir>/src/jest/global-teardown.ts',
  testTimeout: 60_000,
};
