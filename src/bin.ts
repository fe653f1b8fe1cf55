#!/usr/bin/env node
/** The `expect-secure-headers` executable: parse, run, exit with the code runCli gives. */
import { runCli } from './cli/program';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`expect-secure-headers: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 2;
  },
);
