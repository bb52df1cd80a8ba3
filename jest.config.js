/** Three projects: fast unit specs, integration specs against the real servers, end-to-end specs. */
const moduleNameMapper = {
  '^@reimbursements/(domain|kafka|mongo|redis|platform|auth)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
/** The servers: the scripts' as they run, or containers (TEST_SERVERS=containers; test/support/server-route.ts). */
const SERVERS = { globalSetup: '<rootDir>/test/support/global-setup.ts', globalTeardown: '<rootDir>/test/support/global-teardown.ts' };
const base = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  rootDir: __dirname,
  moduleNameMapper,
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
};
module.exports = {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/test/support/*.spec.ts'] },
    { ...base, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'], setupFilesAfterEnv: ['<rootDir>/test/support/long-timeout.ts'], ...SERVERS },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'], setupFilesAfterEnv: ['<rootDir>/test/support/long-timeout.ts'], ...SERVERS },
  ],
};
