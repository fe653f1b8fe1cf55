import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The configs of app.py's create_app(config_name). */
export type TalismanConfig =
  | 'defaults'
  | 'cdn'
  | 'nonce'
  | 'report_only'
  | 'hsts_preload'
  | 'short_hsts'
  | 'insecure_session'
  | 'legacy'
  | 'strict';

export interface FlaskApp {
  config: TalismanConfig;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  url(path?: string): string;
  close(): Promise<void>;
}

// Jest (through SWC) runs this as CommonJS, Playwright as ESM (the package is "type": "module").
const HERE = typeof __dirname === 'string' ? __dirname : path.dirname(fileURLToPath(import.meta.url));
const APP = path.join(HERE, '..', 'app.py');
const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';

/**
 * The header a TLS-terminating proxy adds. Talisman reads it itself: with it
 * a plain-http request is treated as https (no redirect, HSTS sent).
 */
export const BEHIND_TLS_PROXY = { 'X-Forwarded-Proto': 'https' } as const;

/** Starts `app.py <config>` on 127.0.0.1, port 0, and waits for its `PORT=n` line. */
export function startFlaskApp(config: TalismanConfig): Promise<FlaskApp> {
  const child = spawn(PYTHON, [APP, config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`examples/flask-talisman/app.py ${config} did not start: ${why}\nstderr:\n${stderr}`));
    };
    const timer = setTimeout(() => fail('no PORT= line within 15 s'), 15000);
    child.once('error', (error) => fail(`${PYTHON} could not be run (${error.message}); set PYTHON to a python3 with flask and flask_talisman`));
    child.once('exit', (code) => fail(`it exited with code ${code}`));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /^PORT=(\d+)$/m.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const origin = `http://127.0.0.1:${match[1]}`;
      resolve({ config, origin, url: (p = '/') => origin + p, close: () => stop(child) });
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
export function getBehindProxy(app: FlaskApp, path = '/', init: RequestInit = {}): Promise<Response> {
  return fetch(app.url(path), { redirect: 'manual', ...init, headers: { ...BEHIND_TLS_PROXY, ...(init.headers as Record<string, string> | undefined) } });
}
