import { spawn, type ChildProcess } from 'node:child_process';

/** One of the Python example apps (flask-talisman/app.py, django/app.py), running. */
export interface PythonApp {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  url(path?: string): string;
  close(): Promise<void>;
}

const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';

/**
 * The header a TLS-terminating proxy adds. Talisman reads it itself, and
 * Django with SECURE_PROXY_SSL_HEADER: with it a plain-http request is
 * treated as https (no redirect, HSTS sent).
 */
export const BEHIND_TLS_PROXY = { 'X-Forwarded-Proto': 'https' } as const;

/**
 * Starts `python3 <app> <config>` on 127.0.0.1, port 0, and waits for its
 * `PORT=n` line. `needs` names the Python modules to say are missing when it
 * cannot start.
 */
export function startPythonApp(app: string, config: string, needs: string): Promise<PythonApp> {
  const child = spawn(PYTHON, [app, config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${app} ${config} did not start: ${why}\nstderr:\n${stderr}`));
    };
    const timer = setTimeout(() => fail('no PORT= line within 15 s'), 15000);
    child.once('error', (error) => fail(`${PYTHON} could not be run (${error.message}); set PYTHON to a python3 with ${needs}`));
    child.once('exit', (code) => fail(`it exited with code ${code}`));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /^PORT=(\d+)$/m.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const origin = `http://127.0.0.1:${match[1]}`;
      resolve({ origin, url: (p = '/') => origin + p, close: () => stop(child) });
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** GET through the "proxy": fetch with X-Forwarded-Proto: https, redirects not followed. */
export function getBehindProxy(app: PythonApp, path = '/', init: RequestInit = {}): Promise<Response> {
  return fetch(app.url(path), { redirect: 'manual', ...init, headers: { ...BEHIND_TLS_PROXY, ...(init.headers as Record<string, string> | undefined) } });
}
