// Jest runs in ESM mode (Nest 12 is ES-module only): `node --experimental-vm-modules`.
// Three tiers: unit specs beside the source, integration specs against a real PostgreSQL,
// e2e specs over HTTP against the app and the DOKU simulator. One PostgreSQL serves the
// whole run (embedded unless DATABASE_URL is set); every test file gets a fresh database.
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
    module: { type: 'es6' },
  },
];

const common = {
  rootDir: '.',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': swc,
    // ES-only packages that CommonJS dependencies require: content-disposition (by
    // @fastify/static, Swagger UI) and cookie 2 (by light-my-request, Fastify's inject, which
    // the demo's server routes use). Node 22+ does require(esm) natively, Jest does not, so
    // they are compiled to CommonJS for Jest.
    '/node_modules/(content-disposition|cookie)/.+\\.js$': [
      '@swc/jest',
      { module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|cookie)/)'],
  moduleNameMapper: {
    '^#qris$': '<rootDir>/libs/qris/src/index.ts',
    '^#doku-snap$': '<rootDir>/libs/doku-snap/src/index.ts',
    '^#doku-simulator$': '<rootDir>/apps/doku-simulator/src/index.ts',
    '^#migrations$': '<rootDir>/migrations/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/dist\\.', '<rootDir>/.data/'],
};

export default {
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
  maxWorkers: 2,
  testTimeout: 30000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      // bench/: the chaos suite's own verdicts (pure functions), beside their source.
      testMatch: ['<rootDir>/{apps,libs}/*/src/**/*.spec.ts', '<rootDir>/bench/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/*/test/**/*.int-spec.ts'],
    },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/apps/*/test/**/*.e2e-spec.ts'] },
  ],
};
