/** Jest: TypeScript through SWC; suites under test/ mirror the source folders. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      target: 'es2022',
      transform: { react: { runtime: 'automatic' } },
    },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  testEnvironment: 'node',
  // At least two files at once: jest's default (cores - 1) is one on the 2-core CI machine, and most suites wait on
  // other processes (real Odoo, Chromium, PostgreSQL, worker processes) for much of their time. Measured in
  // bench/RESULTS.md ("test suite time").
  maxWorkers: Math.max(2, require('node:os').availableParallelism() - 1),
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.mjs$': swc },
  // jose is ESM-only: let SWC turn it into CommonJS for jest's module system.
  transformIgnorePatterns: ['/node_modules/(?!(jose)/)'],
  setupFiles: ['<rootDir>/test/setup/undici-fetch.ts'],
  // The run's throw-away databases are dropped once, at its end (test/support/throwaway-databases.ts says why).
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  // Long files first (a fresh clone has no timings cache; test/setup/sequencer.js says why).
  testSequencer: '<rootDir>/test/setup/sequencer.js',
  testTimeout: 30000,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
