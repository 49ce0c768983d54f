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
};
