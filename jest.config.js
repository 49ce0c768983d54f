import { availableParallelism } from 'node:os';

/** Jest in ESM mode with SWC (decorator metadata on, for Nest's dependency injection). */
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'es6' },
};

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper: {
    '^#contracts$': '<rootDir>/libs/contracts/src/index.ts',
    '^#device-sim$': '<rootDir>/device-sim/src/index.ts',
    '^#equipment$': '<rootDir>/libs/equipment/src/index.ts',
    '^#detection$': '<rootDir>/libs/detection/src/index.ts',
    '^#compliance$': '<rootDir>/libs/compliance/src/index.ts',
    '^#ledger$': '<rootDir>/libs/ledger/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/{apps,libs,device-sim,test,bench}/**/*.(spec|test).ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 30_000,
  // Jest's default, one worker fewer than cores, runs a two-core machine's suites one after another (in band). Most of
  // the time goes to suites that wait on processes of their own (the built server, Chromium, influxd), so two workers
  // overlap one suite's waiting with another's work; every suite has its own server, ports, data directory and
  // databases, so they do not share state.
  maxWorkers: Math.max(2, availableParallelism() - 1),
  // long suites first on a fresh checkout, so that none of them is left to run alone at the end
  testSequencer: '<rootDir>/test/support/slow-first-sequencer.js',
};
