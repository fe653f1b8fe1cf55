import { fileURLToPath } from 'node:url';
export default { rootDir: fileURLToPath(new URL('.', import.meta.url)), testMatch: ['**/*.test.mjs'], setupFilesAfterEnv: ['./setup.mjs'], transform: {} };
