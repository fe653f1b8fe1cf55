import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunningServer } from './servers';

/**
 * Debian's nginx (nginx-light, with the headers-more module) on 127.0.0.1,
 * started by the test with a config of its own in a temp directory: one
 * process (no master, no daemon), so close() ends it and nothing is left.
 */

const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';
const HEADERS_MORE = '/usr/lib/nginx/modules/ngx_http_headers_more_filter_module.so';

export interface NginxOptions {
  /** The directory served as the server's root. */
  root: string;
  /** Directives inside `server { }`: `add_header`, `location` blocks, `more_set_headers`… */
  server?: string;
}

/** A free port on 127.0.0.1 (nginx cannot listen on port 0 and say which it got). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function config(dir: string, port: number, options: NginxOptions): string {
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((name) => `  ${name}_temp_path ${path.join(dir, name)};`).join('\n');
  return `load_module ${HEADERS_MORE};
daemon off;
master_process off;
worker_processes 1;
pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'error.log')} warn;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
${temp}
  server {
    listen 127.0.0.1:${port};
    root ${options.root};
${options.server ?? ''}
  }
}
`;
}

/** Starts nginx serving `options.root`; retries once on another port if the free one was taken meanwhile. */
export async function startNginx(options: NginxOptions, attempt = 1): Promise<RunningServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'esh-nginx-'));
  const port = await freePort();
  const conf = path.join(dir, 'nginx.conf');
  writeFileSync(conf, config(dir, port, options));
  const child = spawn(NGINX, ['-p', dir, '-c', conf, '-e', path.join(dir, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const cleanup = () => {
    process.off('exit', killChild);
    rmSync(dir, { recursive: true, force: true });
  };
  for (let waited = 0; waited < 10_000; waited += 50) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    if (await connects(port)) {
      const origin = `http://127.0.0.1:${port}`;
      return {
        origin,
        url: (p = '/') => origin + p,
        close: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
          cleanup();
        },
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  await exited;
  let log = '';
  try {
    log = readFileSync(path.join(dir, 'error.log'), 'utf8');
  } catch {
    // no log written
  }
  cleanup();
  if (attempt < 2 && /Address already in use/.test(log + stderr)) return startNginx(options, attempt + 1);
  throw new Error(`nginx did not start on 127.0.0.1:${port}.\nstderr:\n${stderr}\nerror.log:\n${log}`);
}
