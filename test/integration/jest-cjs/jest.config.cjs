module.exports = { rootDir: __dirname, testMatch: ['**/*.test.cjs'], setupFilesAfterEnv: ['expect-secure-headers/jest'], transform: {} };
