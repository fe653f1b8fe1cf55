// The example site for `npm run demo`: a small plain-node server with a
// deliberate mix of pages, so a scan has something to show.
//
//   /          good: strict headers, a CSP the page keeps to
//   /about     good
//   /legacy    missing headers (and an X-Powered-By that gives the stack away)
//   /widgets   good headers, but the page tries a script from another origin and an inline script: both blocked
//   /beta      enforced CSP passes; a stricter report-only CSP reports the inline script it would block
//
// Run it:    node examples/site/server.mjs [--port 8080]   (prints its URL)
// Import it: const site = await startExampleSite(); … await site.close();
import { createHash } from 'node:crypto';
import http from 'node:http';
import { pathToFileURL } from 'node:url';

const GOOD_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const BETA_INLINE = "document.querySelector('#beta').textContent = 'The beta banner, set by an inline script.';";
const BETA_HASH = `'sha256-${createHash('sha256').update(BETA_INLINE).digest('base64')}'`;

const NAV = '<nav><a href="/">Home</a> · <a href="/about">About</a> · <a href="/legacy">Legacy</a> · <a href="/widgets">Widgets</a> · <a href="/beta">Beta</a></nav>';

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><link rel="stylesheet" href="/static/site.css"></head>` +
    `<body>${NAV}<h1>${title}</h1>${body}<script src="/static/app.js"></script></body></html>`;
}

/** path → [headers, html(origin)] */
const ROUTES = {
  '/': [GOOD_HEADERS, () => page('Example site', '<p>Every page of this site is linked above; some are wrong on purpose.</p>')],
  '/about': [GOOD_HEADERS, () => page('About', '<p>Strict headers, and a policy the page keeps to.</p>')],
  '/legacy': [
    { 'x-powered-by': 'Express 4.17.1' },
    () => page('Legacy', '<p>This page was forgotten when the headers were set up: no CSP, no nosniff, nothing.</p>'),
  ],
  '/widgets': [
    GOOD_HEADERS,
    (origin) => {
      // Same port, other host name: another origin, so 'self' does not cover it and the browser blocks it before any request.
      const otherOrigin = origin.replace('127.0.0.1', 'localhost');
      return page(
        'Widgets',
        `<p id="w">A third-party widget and an inline snippet, both blocked by the policy.</p>` +
          `<script src="${otherOrigin}/static/widget.js"></script>` +
          `<script>document.getElementById('w').textContent = 'inline ran';</script>`,
      );
    },
  ],
  '/beta': [
    {
      ...GOOD_HEADERS,
      'content-security-policy': GOOD_HEADERS['content-security-policy'].replace("script-src 'self'", `script-src 'self' ${BETA_HASH}`),
      'content-security-policy-report-only': "default-src 'self'; script-src 'self'; report-uri /csp-report",
    },
    () => page('Beta', `<p id="beta">…</p><script>${BETA_INLINE}</script>`),
  ],
};

const STATIC = {
  '/static/site.css': ['text/css; charset=utf-8', 'body { font-family: system-ui, sans-serif; margin: 2rem; } nav { margin-bottom: 1rem; }'],
  '/static/app.js': ['text/javascript; charset=utf-8', "document.documentElement.dataset.app = 'loaded';"],
  '/static/widget.js': ['text/javascript; charset=utf-8', "document.documentElement.dataset.widget = 'loaded';"],
};

function handle(req, res, origin) {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'POST' && path === '/csp-report') {
    req.resume();
    res.writeHead(204).end();
    return;
  }
  const file = STATIC[path];
  if (file) {
    res.writeHead(200, { 'content-type': file[0], 'x-content-type-options': 'nosniff', 'cross-origin-resource-policy': 'same-origin' });
    res.end(file[1]);
    return;
  }
  const route = ROUTES[path];
  if (!route) {
    res.writeHead(404, { ...GOOD_HEADERS, 'content-type': 'text/html; charset=utf-8' });
    res.end(page('Not found', '<p>No such page.</p>'));
    return;
  }
  const [headers, html] = route;
  res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' });
  res.end(html(origin));
}

/** Starts the site on `host` (default 127.0.0.1) and `port` (default: any free one). */
export async function startExampleSite({ host = '127.0.0.1', port = 0 } = {}) {
  let origin = '';
  const server = http.createServer((req, res) => handle(req, res, origin));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  origin = `http://${host}:${address.port}`;
  return {
    origin,
    url: `${origin}/`,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

export const EXAMPLE_PAGES = Object.keys(ROUTES);

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const flag = process.argv.indexOf('--port');
  const port = Number(flag >= 0 ? process.argv[flag + 1] : process.env.PORT ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`examples/site/server.mjs: --port must be a port number (0-65535); received ${process.argv[flag + 1] ?? process.env.PORT}.`);
    process.exit(2);
  }
  const site = await startExampleSite({ port });
  console.log(`Example site listening on ${site.url}`);
  console.log('Pages: ' + EXAMPLE_PAGES.map((p) => site.origin + p).join(' '));
  const stop = () => site.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
