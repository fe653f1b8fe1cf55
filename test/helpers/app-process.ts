import { spawn } from 'node:child_process';
import type { RunningServer } from './servers';

const PYTHON = '/usr/bin/python3';

/** A Python web app run by Debian's python3 (see startAppProcess). */
export function startPythonApp(script: string, args: string[], label: string, startTimeoutMs?: number): Promise<RunningServer> {
  return startAppProcess(PYTHON, [script, ...args], label, startTimeoutMs);
}

/**
 * Runs a web app in a process of its own; the app binds 127.0.0.1, prints
 * its port on the first line of stdout once it listens, and we wait for
 * that line. close() sends SIGTERM and waits for the exit.
 */
export function startAppProcess(command: string, args: string[], label: string, startTimeoutMs = 15000): Promise<RunningServer> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  // If this process dies first, take the child with it.
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      process.off('exit', killChild);
      resolve();
    }),
  );
  return new Promise((resolve, reject) => {
    let stdout = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${label} did not start: ${why}\nstderr:\n${stderr}`));
    };
    const timer = setTimeout(() => fail(`no port printed within ${startTimeoutMs / 1000} s`), startTimeoutMs);
    child.once('error', (err) => fail(err.message));
    const onEarlyExit = (code: number | null) => fail(`exited with code ${String(code)}`);
    child.once('exit', onEarlyExit);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const line = stdout.split('\n')[0];
      if (!stdout.includes('\n') || line === undefined) return;
      const port = Number(line.trim());
      if (!Number.isInteger(port) || port <= 0) return fail(`first stdout line was ${JSON.stringify(line)}, not a port`);
      clearTimeout(timer);
      child.off('exit', onEarlyExit);
      const origin = `http://127.0.0.1:${port}`;
      resolve({
        origin,
        url: (p = '/') => origin + p,
        close: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}
