import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The site configs in ../conf. */
export type NginxConfig = 'defaults' | 'pitfall' | 'hardened';

export interface NginxSite {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  url(path?: string): string;
  close(): Promise<void>;
}

// Jest (through SWC) runs this as CommonJS, Playwright as ESM (the package is "type": "module").
const HERE = typeof __dirname === 'string' ? __dirname : path.dirname(fileURLToPath(import.meta.url));
const CONF = path.join(HERE, '..', 'conf');
const ROOT = path.join(HERE, '..', 'html');
const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';
const HEADERS_MORE = process.env.NGINX_HEADERS_MORE ?? '/usr/lib/nginx/modules/ngx_http_headers_more_filter_module.so';

/** nginx cannot listen on port 0 and say which it got: ask the kernel for a free one first. */
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

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/**
 * Runs nginx in the foreground (no daemon, no master) with `conf/<config>.conf`
 * as its one server, everything it writes in a temp directory. The site
 * config is what you would put in sites-enabled/; @PORT@, @ROOT@ and @CONF@
 * are filled in here.
 */
export async function startNginx(config: NginxConfig): Promise<NginxSite> {
  const dir = mkdtempSync(path.join(tmpdir(), `nginx-example-${config}-`));
  const port = await freePort();
  const site = readFileSync(path.join(CONF, `${config}.conf`), 'utf8').replace(/@PORT@/g, String(port)).replace(/@ROOT@/g, ROOT).replace(/@CONF@/g, CONF);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((name) => `  ${name}_temp_path ${path.join(dir, name)};`).join('\n');
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `load_module ${HEADERS_MORE};\ndaemon off;\nmaster_process off;\nworker_processes 1;\npid ${path.join(dir, 'nginx.pid')};\nerror_log ${path.join(dir, 'error.log')} warn;\n` +
      `events { worker_connections 64; }\nhttp {\n  include /etc/nginx/mime.types;\n  access_log off;\n${temp}\n${site}\n}\n`,
  );
  const child = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let ended = false;
  const exited = new Promise<void>((resolve) => {
    const end = () => ((ended = true), resolve());
    child.once('exit', end);
    child.once('error', (error) => ((stderr += error.message), end()));
  });
  const close = async () => {
    if (!ended) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  for (const started = Date.now(); Date.now() - started < 15000; ) {
    if (ended) break;
    if (await listening(port)) return { origin: `http://127.0.0.1:${port}`, url: (p = '/') => `http://127.0.0.1:${port}${p}`, close };
    await new Promise((r) => setTimeout(r, 50));
  }
  await close();
  throw new Error(`nginx (${NGINX}) did not start with conf/${config}.conf: ${stderr.trim() || 'no answer within 15 s'}; it needs nginx-light and libnginx-mod-http-headers-more-filter`);
}
