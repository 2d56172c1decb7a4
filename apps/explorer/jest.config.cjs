// Two jest projects: the components in jsdom (fast, no services), and the end-to-end test in
// real Chromium against a live stack, with the harness's nats-server and database.
const preset = require('../../jest.preset.cjs');

const swc = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022', transform: { react: { runtime: 'automatic' } } }, module: { type: 'commonjs' } },
];

const common = {
  ...preset,
  rootDir: __dirname,
  transform: { '^.+\\.tsx?$': swc },
  moduleFileExtensions: ['tsx', 'ts', 'js', 'json'],
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'explorer',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.spec.tsx'],
      setupFilesAfterEnv: ['<rootDir>/src/test-support/setup.ts'],
    },
    {
      ...common,
      displayName: 'explorer-e2e',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/e2e/**/*.e2e.spec.ts'],
      globalSetup: '<rootDir>/../../libs/testing/src/jest/global-setup.ts',
      globalTeardown: '<rootDir>/../../libs/testing/src/jest/global-teardown.ts',
      testTimeout: 180_000,
    },
  ],
};
