// The smallest Jest setup: register the matchers once, in a setup file.
// (TypeScript goes through @swc/jest here; ts-jest or babel-jest work the same.)
module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  testMatch: ['<rootDir>/*.test.ts'],
  setupFilesAfterEnv: ['expect-secure-headers/jest'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
};
