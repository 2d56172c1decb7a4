module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'store',
  rootDir: __dirname,
  // Integration tests (*.int.spec.ts) use the harness's MongoDB-wire database (see libs/testing).
  globalSetup: '<rootDir>/../../libs/testing/src/jest/global-setup.ts',
  globalTeardown: '<rootDir>/../../libs/testing/src/jest/global-teardown.ts',
  testTimeout: 60_000,
};
