/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
  },
  // The example flows import the package by its name, as a project that installed it does.
  moduleNameMapper: {
    '^flows-endpoint$': '<rootDir>/src/index.ts',
    '^flows-endpoint/testing$': '<rootDir>/src/testing/index.ts',
  },
  // Process tests start real servers: generous on a loaded machine, still bounded.
  testTimeout: 45000,
  // A test that cannot run here says why in its name; this lists them all again at the end.
  reporters: ['default', '<rootDir>/test/helpers/not-run-reporter.cjs'],
};
