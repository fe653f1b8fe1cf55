import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runCli } from '../../src/cli/program';

/**
 * Runs the real executable as a child process. The sources are bundled with
 * esbuild (the bundler tsup uses) into node_modules/.cache, with packages
 * left external as tsup leaves them, so the tests run the current src/ even
 * before `npm run build`.
 */

const root = resolve(__dirname, '..', '..');
let built: Promise<string> | undefined;

export function cliBundle(): Promise<string> {
  built ??= (async () => {
    const dir = join(root, 'node_modules', '.cache', 'expect-secure-headers-tests');
    mkdirSync(dir, { recursive: true });
    const outfile = join(dir, `bin-${process.pid}.mjs`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require('esbuild') as typeof import('esbuild');
    await esbuild.build({
      entryPoints: [join(root, 'src', 'bin.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      outfile,
      logLevel: 'silent',
    });
    if (!existsSync(outfile)) throw new Error(`esbuild wrote nothing to ${outfile}`);
    return outfile;
  })();
  return built;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** What either way of running the CLI sees: this process's environment, no colour, and the test's own (undefined removes). */
function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  return env;
}

export async function runBin(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliRun> {
  const bin = await cliBundle();
  const env = cliEnv(options.env);
  return new Promise((done) => {
    execFile(process.execPath, [bin, ...args], { env, cwd: options.cwd ?? root, timeout: 60_000, maxBuffer: 20 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? ((error as { code?: unknown }).code as number) : 0;
      done({ code: typeof code === 'number' ? code : -1, stdout, stderr });
    });
  });
}

/**
 * Runs the command line in this process (`runCli` from src/, with the environment and working directory given and
 * streams that keep what is written), for the tests of what the CLI does. A child process costs half a second of CPU
 * before it does anything (node, the bundle, its imports), and the suite ran about 80 of them; `runBin` stays for
 * what only the real executable shows: its exit status, its streams, processes side by side.
 */
export async function runHere(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(args, {
    stdout: { isTTY: false, write: (text: string) => stdout.push(text) },
    stderr: { isTTY: false, write: (text: string) => stderr.push(text) },
    env: cliEnv(options.env),
    cwd: options.cwd ?? root,
  });
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}
