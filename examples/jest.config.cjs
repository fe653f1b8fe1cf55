// The framework examples' Jest suites: examples/*/test/*.test.ts, TypeScript
// through SWC like the package's own tests. The package is imported by its
// name (node_modules/expect-secure-headers → this checkout's dist/), as a
// user's project would; run `npx tsup` first (examples/run.mjs checks).
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/*/test/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  setupFilesAfterEnv: ['<rootDir>/jest.setup.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
  testTimeout: 30000,
};
