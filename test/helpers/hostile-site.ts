import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import zlib from 'node:zlib';
import { startServer, type RunningServer } from './servers';

/**
 * Hostile pages on 127.0.0.1, for the browser crawl (test/browser/hostile.pw.ts
 * and scripts/hostile-crawl.mjs): a body far past the crawl's read limit, a
 * gzip bomb, a script that never yields (before and after the load event), one
 * that allocates until the renderer dies, a page that reaches for another
 * origin every way a page can, and a plain page to show the crawl carries on.
 * A second server, `other`, counts every request it gets: a crawl kept to its
 * origin leaves it at zero.
 */

export interface HostileSiteOptions {
  /** Bytes /huge sends (it stops early when the client hangs up). Default 256 MiB. */
  hugeBytes?: number;
  /** Decoded bytes of the /gzip-bomb body. Default 256 MiB. */
  bombBytes?: number;
  /** Called on GET /kill before it answers (a test kills the browser there). */
  onKill?: () => void;
}

export interface HostileSite extends RunningServer {
  other: RunningServer;
  /** Requests the other origin received (WebSocket upgrades as `(upgrade) path`), by path. */
  otherHits: string[];
  /** TCP connections the other origin accepted, with or without a request on them. */
  otherConnections(): number;
  /** Bytes /huge actually wrote before the client hung up. */
  hugeWritten(): number;
  /** The size of the gzip bomb on the wire. */
  bombWireBytes(): number;
}

export const HOSTILE_PATHS = ['/huge', '/gzip-bomb', '/busy', '/late-busy', '/alloc', '/leaky', '/after'] as const;

const CSP = "default-src 'self'; script-src 'self' 'unsafe-inline'; img-src 'self'";

export async function startHostileSite(options: HostileSiteOptions = {}): Promise<HostileSite> {
  const hugeBytes = options.hugeBytes ?? 256 * 1024 * 1024;
  const bomb = gzipOfSpaces(options.bombBytes ?? 256 * 1024 * 1024);
  const otherHits: string[] = [];
  let hugeWritten = 0;
  let connections = 0;
  const other = await startServer((req, res) => {
    otherHits.push(req.url ?? '');
    res.end('elsewhere');
  }, (server) => {
    // A WebSocket upgrade is a request too; a bare connection (a preconnect, no request on it) is counted apart.
    server.on('connection', () => connections++);
    server.on('upgrade', (req, socket) => {
      otherHits.push(`(upgrade) ${req.url}`);
      socket.destroy();
    });
  });
  const page = (res: ServerResponse, body: string): void => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' });
    res.end(`<!doctype html><title>hostile</title>${body}`);
  };
  const site = await startServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    switch (path) {
      case '/huge':
        res.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': CSP });
        void writeHuge(res, hugeBytes, (n) => (hugeWritten += n));
        return;
      case '/gzip-bomb':
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip', 'content-length': String(bomb.length), 'content-security-policy': CSP });
        res.end(bomb);
        return;
      case '/busy':
        return page(res, '<p>before</p><script>for (;;) {}</script>');
      case '/late-busy':
        return page(res, '<p>loads, then spins</p><script>addEventListener("load", () => setTimeout(() => { for (;;) {} }, 0))</script>');
      case '/alloc':
        return page(res, '<script>const keep = []; for (;;) keep.push(new Array(1 << 20).fill(Math.random()));</script>');
      case '/leaky': {
        // No CSP here: a policy would stop most of these in the browser before the crawl's route saw them.
        const o = other.origin;
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(
          '<!doctype html><title>leaky</title>' +
          `<img src="${o}/img.png"><script src="${o}/lib.js"></script><link rel="stylesheet" href="${o}/style.css">` +
            `<iframe src="${o}/frame"></iframe><link rel="prefetch" href="${o}/prefetch">` +
            `<script>fetch("${o}/fetch").catch(() => {}); navigator.sendBeacon("${o}/beacon", "x"); window.open("${o}/popup");` +
            `new Image().src = "${o}/pixel"; try { new WebSocket("${o.replace('http', 'ws')}/ws"); } catch {}</script>` +
            `<form id="f" action="${o}/form" method="post"></form><script>setTimeout(() => document.getElementById("f").submit(), 50)</script>`,
        );
      }
      case '/kill':
        options.onKill?.();
        return page(res, '<p>the browser is gone</p>');
      case '/after':
      case '/after-kill':
        return page(res, '<p>a plain page</p>');
      default:
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
    }
  });
  return {
    ...site,
    other,
    otherHits,
    hugeWritten: () => hugeWritten,
    otherConnections: () => connections,
    bombWireBytes: () => bomb.length,
    close: async () => {
      await site.close();
      await other.close();
    },
  };
}

/** Writes `total` bytes of markup in 1 MiB chunks, minding backpressure; stops when the client hangs up. */
async function writeHuge(res: ServerResponse, total: number, wrote: (n: number) => void): Promise<void> {
  const chunk = Buffer.alloc(1024 * 1024, '<p>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</p>\n');
  let closed = false;
  const hungUp = once(res, 'close').then(() => (closed = true));
  for (let sent = 0; sent < total && !closed; sent += chunk.length) {
    wrote(chunk.length);
    if (!res.write(chunk)) await Promise.race([new Promise((resolve) => res.once('drain', resolve)), hungUp]);
  }
  if (!closed) res.end();
}

/**
 * `bytes` of spaces, gzipped: one 16 MiB member repeated (gzip allows members
 * back to back, and decoders read them all), about a thousandth of the size
 * on the wire, without ever holding the decoded bytes here.
 */
function gzipOfSpaces(bytes: number): Buffer {
  const block = 16 * 1024 * 1024;
  const member = zlib.gzipSync(Buffer.alloc(Math.min(bytes, block), ' '), { level: 9 });
  return Buffer.concat(Array.from({ length: Math.max(1, Math.ceil(bytes / block)) }, () => member));
}
