// Unit tests: every test/**/*.test.ts, TypeScript through SWC. Browser tests are Playwright's (test/browser).
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // parse5 (the HTML oracle of test/hostile) and its entities are ESM only: SWC compiles them for Jest.
  transformIgnorePatterns: ['/node_modules/(?!(parse5|entities)/)'],
  testPathIgnorePatterns: ['/node_modules/', '/test/browser/', '/test/integration/', '/test/types/'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
  testTimeout: 30000,
};
