module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'query',
  rootDir: __dirname,
  // Integration tests (*.int.spec.ts) start the built service against the harness database.
  globalSetup: '<rootDir>/../../libs/testing/src/jest/global-setup.ts',
  globalTeardown: '<rootDir>/../../libs/testing/src/jest/global-teardown.ts',
  testTimeout: 60_000,
};
