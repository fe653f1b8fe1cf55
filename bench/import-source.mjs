// Loads modules straight from src/ (and test fixtures) for a benchmark: esbuild,
// the bundler tsup uses, bundles the given re-export lines into a temp file,
// which is imported and then removed. src/index.ts need not export them.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

/** `exportLines`: e.g. ["export { crawl } from './src/crawl';"], paths relative to the repository root. */
export async function importSource(exportLines, { external = ['playwright-core', '@playwright/test'] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'esh-bench-'));
  const outfile = join(dir, 'bundle.mjs');
  try {
    await build({
      stdin: { contents: exportLines.join('\n'), resolveDir: root, loader: 'ts' },
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outfile,
      external,
      logLevel: 'error',
    });
    return await import(pathToFileURL(outfile).href);
  } finally {
    // Imported modules stay loaded; the file is no longer needed.
    rmSync(dir, { recursive: true, force: true });
  }
}
