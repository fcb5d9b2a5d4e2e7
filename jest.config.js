/** Tests are TypeScript run as ESM; ts-jest transpiles each file alone (isolatedModules in tsconfig); tsc type-checks in `npm run build`. */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/test', '<rootDir>/rules'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }],
  },
  testTimeout: 60000,
  // A worker per core. jest's default (one fewer than the cores) runs the files one after another in band on a 2-core
  // machine, so while a file waits on a child it spawned (the CLI, tsc, npm, jco's hosts) or runs on one thread, the
  // other core is idle.
  maxWorkers: '100%',
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
  setupFiles: ['<rootDir>/test/setup-env.mjs'],
};
