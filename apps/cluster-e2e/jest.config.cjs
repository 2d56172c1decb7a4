module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'cluster-e2e',
  rootDir: __dirname,
  // The harness database (and a nats-server this project does not use: it runs clusters of its own).
  globalSetup: '<rootDir>/../../libs/testing/src/jest/global-setup.ts',
  globalTeardown: '<rootDir>/../../libs/testing/src/jest/global-teardown.ts',
  testTimeout: 180_000,
};
