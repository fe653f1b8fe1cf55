// The README's Jest setup (setupFilesAfterEnv), plus TypeScript through SWC for the README's blocks (readme/, written by ../readme.mjs).
module.exports = {
  rootDir: __dirname,
  testMatch: ['**/*.test.cjs', '**/readme/*.test.ts'],
  setupFilesAfterEnv: ['expect-secure-headers/jest'],
  transform: { '\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }] },
};
