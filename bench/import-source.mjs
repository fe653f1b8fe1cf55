// Loads modules straight from src/ (and test fixtures) for a benchmark: esbuild,
// the bundler tsup uses, bundles the given re-export lines into a temp file,
// which is imported and then removed. src/index.ts need not export them.
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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
      plugins: [whereFilesAre],
      // Bundled CommonJS (express) requires Node built-ins at run time: give the ES module bundle a require.
      banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
      logLevel: 'error',
    });
    return await import(pathToFileURL(outfile).href);
  } finally {
    // Imported modules stay loaded; the file is no longer needed.
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * In the bundle every module would find itself in the temp file: fixtures that
 * read files beside them (`__dirname`, `import.meta.url`: an app's templates,
 * a Python script) get their own source file's place written in instead.
 */
const whereFilesAre = {
  name: 'where-files-are',
  setup(b) {
    b.onLoad({ filter: /\.(ts|mts|mjs|js)$/ }, (args) => {
      if (args.path.includes(`${'/'}node_modules${'/'}`)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('__dirname') && !text.includes('import.meta.url')) return undefined;
      const contents = text
        .replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(args.path).href))
        .replace(/(?<![.\w$])__dirname\b/g, JSON.stringify(dirname(args.path)));
      return { contents, loader: args.path.endsWith('ts') ? 'ts' : 'js' };
    });
  },
};
