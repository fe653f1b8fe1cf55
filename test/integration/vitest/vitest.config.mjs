import { defineConfig } from 'vitest/config';
export default defineConfig({ test: { include: ['**/*.test.mjs'], setupFiles: ['expect-secure-headers/vitest'] } });
