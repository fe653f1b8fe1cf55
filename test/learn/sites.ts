import { randomBytes } from 'node:crypto';
import path from 'node:path';
import express from 'express';
import helmet from 'helmet';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { startPythonApp } from '../helpers/app-process';
import { startServer, type RunningServer } from '../helpers/servers';

/**
 * Sites to learn from, on 127.0.0.1 with ephemeral ports: a CDN on a second
 * loopback origin (scripts, a font and its stylesheet, a JSON API with CORS,
 * an embeddable widget), a plain site whose pages each need something else,
 * a helmet app with res.locals nonces, and Flask-Talisman apps.
 */

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

export async function startCdn(): Promise<RunningServer> {
  return startServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    res.setHeader('access-control-allow-origin', '*');
    const send = (type: string, body: string | Buffer) => {
      res.setHeader('content-type', type);
      res.end(body);
    };
    if (url === '/lib/widget.js') return send('text/javascript', "document.documentElement.dataset.widget = 'ran';");
    if (url === '/lib/worker-helper.js') return send('text/javascript', 'self.helper = true;');
    if (url === '/lib/chart.js') return send('text/javascript', "document.documentElement.dataset.chart = 'ran';");
    if (url === '/fonts/font.css') return send('text/css', "@font-face { font-family: Learn; src: url(/fonts/learn.woff2) format('woff2'); } body { font-family: Learn, sans-serif; }");
    if (url === '/fonts/learn.woff2') return send('font/woff2', Buffer.from('wOF2'));
    if (url === '/api/data') return send('application/json', '{"ok":true}');
    if (url === '/widget.html') return send('text/html; charset=utf-8', '<!doctype html><title>widget</title><p>widget</p>');
    if (url === '/img/banner.png') return send('image/png', PNG);
    res.statusCode = 404;
    res.end();
  });
}

const page = (title: string, head: string, body: string) => `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>${head}</head><body>${body}<nav><a href="/">home</a> <a href="/about">about</a> <a href="/app">app</a> <a href="/frames">frames</a></nav></body></html>`;

/** A site without a CSP of its own, whose pages need different things. */
export async function startPlainSite(cdn: string): Promise<RunningServer> {
  return startServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    const html = (body: string) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(body);
    };
    switch (url) {
      case '/':
        return html(
          page(
            'home',
            `<style>h1 { color: rebeccapurple; }</style><script src="${cdn}/lib/widget.js"></script>`,
            `<h1>Home</h1><img src="/logo.png" alt=""><img src="${cdn}/img/banner.png" alt=""><script>document.documentElement.dataset.inline = 'ran';</script>`,
          ),
        );
      case '/about':
        return html(page('about', `<link rel="stylesheet" href="${cdn}/fonts/font.css">`, `<p style="margin: 2em">About</p><img src="data:image/png;base64,${PNG.toString('base64')}" alt="">`));
      case '/app':
        return html(
          page(
            'app',
            `<script src="${cdn}/lib/chart.js"></script>`,
            `<button onclick="document.title = 'clicked'">go</button><script src="/app.js"></script>`,
          ),
        );
      case '/frames':
        return html(page('frames', '', `<iframe src="/embedded"></iframe><iframe src="${cdn}/widget.html"></iframe>`));
      // Not linked: a page that loads a different image path on every response (no path-pinned source can cover it).
      case '/random':
        return html(page('random', '', `<img src="${cdn}/img/${randomBytes(4).toString('hex')}/banner.png" alt="">`));
      case '/embedded':
        return html(page('embedded', '', '<p>embedded</p>'));
      case '/app.js':
        res.setHeader('content-type', 'text/javascript');
        return res.end(`fetch('${cdn}/api/data').then((r) => r.json()).then(() => { document.documentElement.dataset.fetched = 'yes'; });
new Worker('/worker.js').onmessage = (e) => { document.documentElement.dataset.worker = e.data; };`);
      // A worker's own loads are governed by the policy on its script's response.
      case '/worker.js':
        res.setHeader('content-type', 'text/javascript');
        return res.end(`importScripts('/worker-lib.js', '${cdn}/lib/worker-helper.js'); fetch('/worker-data.json').then(() => postMessage('fetched'));`);
      case '/worker-lib.js':
        res.setHeader('content-type', 'text/javascript');
        return res.end('self.lib = true;');
      case '/worker-data.json':
        res.setHeader('content-type', 'application/json');
        return res.end('{"worker":true}');
      case '/logo.png':
        res.setHeader('content-type', 'image/png');
        return res.end(PNG);
      default:
        res.statusCode = 404;
        res.end();
    }
  });
}

/** Express + helmet, a nonce per response in res.locals, every script carrying it; the app's own policy allows 'unsafe-inline' beside the nonce (ignored by CSP3 browsers). */
export async function startHelmetNonceSite(cdn: string): Promise<RunningServer> {
  const app = express();
  app.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", "'unsafe-inline'", cdn, (_req, res) => `'nonce-${(res as unknown as { locals: { cspNonce: string } }).locals.cspNonce}'`],
          styleSrc: ["'self'", "'unsafe-inline'", cdn],
          imgSrc: ["'self'", 'data:', cdn],
          fontSrc: ["'self'", cdn],
          connectSrc: ["'self'", cdn],
        },
      },
    }),
  );
  const n = (res: express.Response) => res.locals.cspNonce as string;
  app.get('/', (_req, res) => {
    res.type('html').send(
      page(
        'helmet home',
        `<script nonce="${n(res)}" src="${cdn}/lib/widget.js"></script><style>p { color: teal; }</style>`,
        // The inline script carries per-response data: no hash covers it, the nonce does.
        `<p>Home</p><script nonce="${n(res)}">window.requestId = '${randomBytes(6).toString('hex')}'; document.documentElement.dataset.inline = 'ran';</script><a href="/dashboard">dashboard</a>`,
      ),
    );
  });
  app.get('/dashboard', (_req, res) => {
    res.type('html').send(page('dashboard', '', `<img src="${cdn}/img/banner.png" alt=""><script nonce="${n(res)}" src="/dash.js"></script>`));
  });
  app.get('/dash.js', (_req, res) => {
    res.type('text/javascript').send(`fetch('${cdn}/api/data'); const s = document.createElement('script'); s.src = '${cdn}/lib/chart.js'; document.head.append(s);`);
  });
  app.get(['/about', '/app', '/frames'], (_req, res) => res.type('html').send(page('other', '', '<p>other</p>')));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (p = '/') => origin + p,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const TALISMAN_APP = path.join(__dirname, 'fixtures', 'guide_app.py');

/**
 * The Flask-Talisman guides' app: `guide` allows 'unsafe-inline' and the CDN; `guide_nonce` is the same app with
 * csp_nonce() on every script; `guide_hash` has no nonces and only inline scripts (the CDN script added by an inline loader).
 */
export function startTalismanGuideApp(config: 'guide' | 'guide_nonce' | 'guide_hash', cdn: string): Promise<RunningServer> {
  return startPythonApp(TALISMAN_APP, [config, cdn], `Flask-Talisman ${config} app`);
}
