/**
 * Each kind of response judged for what it is, on real servers: files from
 * express.static (behind helmet and without it) and from Debian's nginx,
 * and JSON, CSS and SVG answers from a plain node server.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import path from 'node:path';
import express from 'express';
import helmet from 'helmet';
import { matchers } from '../../src/matchers';
import { auditHeaders, type AuditOptions, type HeaderReport } from '../../src/audit';
import { failureOf } from '../helpers/failure';
import { startNginx } from '../helpers/nginx';
import { startServer, type RunningServer } from '../helpers/servers';

expect.extend(matchers);
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      toHaveSecureHeaders(options?: AuditOptions): R;
    }
  }
}

const STATIC = path.join(__dirname, '..', 'fixtures', 'static');
const TLS = { https: true } as const;
const failing = (report: HeaderReport) => report.failures.map((f) => f.id).sort();

async function listen(app: express.Express): Promise<RunningServer> {
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (p = '/') => origin + p,
    close: () => new Promise((resolve, reject) => {
      server.closeAllConnections();
      server.close((err) => (err ? reject(err) : resolve()));
    }),
  };
}

async function get(server: RunningServer, p: string): Promise<Response> {
  const res = await fetch(server.url(p), { redirect: 'manual' });
  await res.arrayBuffer();
  return res;
}

describe('express.static behind helmet with the page headers switched off (an asset server)', () => {
  let assets: RunningServer;
  beforeAll(async () => {
    const app = express();
    // What an app serving only assets and an API writes: no page policy, no framing header.
    app.use(helmet({ contentSecurityPolicy: false, xFrameOptions: false }));
    app.use(express.static(STATIC));
    assets = await listen(app);
  });
  afterAll(() => assets.close());

  test.each([
    ['/app.css', 'style', 'Content-Type text/css'],
    ['/app.js', 'script', 'Content-Type text/javascript'],
    ['/logo.png', 'media', 'Content-Type image/png'],
  ])('%s passes as %s: no script policy or framing header is asked of it', async (file, kind, reason) => {
    const res = await get(assets, file);
    expect(res).toHaveSecureHeaders(TLS);
    const report = auditHeaders(res, TLS);
    expect(report.kind).toBe(kind);
    expect(report.kindReason).toContain(reason);
    expect(report.skipped.map((s) => s.rule)).toEqual(expect.arrayContaining(['csp', 'x-frame-options']));
    expect(report.skipped.find((s) => s.rule === 'csp')!.reason).toMatch(new RegExp(`^not judged for .*\\(${reason.replace('/', '\\/')}`));
    // Today's verdict had these: read as a page, a stylesheet failed for a missing script policy.
    expect(failing(auditHeaders(res, { ...TLS, kind: 'document' }))).toEqual(['csp/missing', 'x-frame-options/missing']);
  });

  test('data.json is an API response: no script policy, but framing must be denied', async () => {
    const res = await get(assets, '/data.json');
    const report = auditHeaders(res, TLS);
    expect(report.kind).toBe('api');
    expect(failing(report)).toEqual(['x-frame-options/missing']);
    const message = failureOf(() => expect(res).toHaveSecureHeaders(TLS));
    expect(message).toContain('judged as an API response (Content-Type application/json)');
    expect(message).toContain("frame-ancestors 'none'");
    // The missing policy is advice, and says what an API sends.
    const csp = report.findings.find((f) => f.id === 'csp/missing')!;
    expect(csp.severity).toBe('info');
    expect(csp.expected).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  test('index.html is still a page: the missing policy and framing header fail', async () => {
    const res = await get(assets, '/');
    expect(auditHeaders(res, TLS).kind).toBe('document');
    expect(failing(auditHeaders(res, TLS))).toEqual(['csp/missing', 'x-frame-options/missing']);
  });

  test('notes.txt is another kind of file: judged on framing, not on a script policy', async () => {
    const res = await get(assets, '/notes.txt');
    const report = auditHeaders(res, TLS);
    expect(report.kind).toBe('other');
    expect(failing(report)).toEqual(['x-frame-options/missing']);
  });
});

describe('express.static with no security headers: each kind still fails on its own headers', () => {
  let bare: RunningServer;
  beforeAll(async () => {
    const app = express();
    app.use(express.static(STATIC));
    bare = await listen(app);
  });
  afterAll(() => bare.close());

  test.each(['/app.css', '/app.js', '/logo.png'])('%s fails for HSTS and nosniff, and only those', async (file) => {
    const res = await get(bare, file);
    expect(res).not.toHaveSecureHeaders(TLS);
    expect(failing(auditHeaders(res, TLS))).toEqual(['hsts/missing', 'x-content-type-options/missing']);
  });

  test('data.json fails for HSTS, nosniff and framing', async () => {
    expect(failing(auditHeaders(await get(bare, '/data.json'), TLS))).toEqual(['hsts/missing', 'x-content-type-options/missing', 'x-frame-options/missing']);
  });
});

describe('nginx static files (Debian nginx-light, a temp config)', () => {
  let nginx: RunningServer;
  beforeAll(async () => {
    nginx = await startNginx({
      root: STATIC,
      server: `
    add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;
    add_header X-Content-Type-Options nosniff always;
    # An add_header in a location drops the server's: the classic nginx mistake, made here on purpose.
    location /forgot/ {
      alias ${STATIC}/;
      add_header X-Frame-Options DENY always;
    }
    location /api/ {
      alias ${STATIC}/;
      add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;
      add_header X-Content-Type-Options nosniff always;
      add_header X-Frame-Options DENY always;
      add_header Content-Security-Policy "default-src 'none'; frame-ancestors 'none'" always;
    }`,
    });
  });
  afterAll(() => nginx.close());

  test.each([
    ['/app.css', 'style'],
    ['/app.js', 'script'],
    ['/logo.png', 'media'],
  ])('%s passes as %s with HSTS and nosniff only', async (file, kind) => {
    const res = await get(nginx, file);
    expect(res.headers.get('server')).toMatch(/^nginx/);
    expect(res).toHaveSecureHeaders(TLS);
    expect(auditHeaders(res, TLS).kind).toBe(kind);
  });

  test('JSON with the API headers passes; the page itself does not', async () => {
    expect(await get(nginx, '/api/data.json')).toHaveSecureHeaders(TLS);
    expect(failing(auditHeaders(await get(nginx, '/index.html'), TLS))).toEqual(['csp/missing', 'x-frame-options/missing']);
  });

  test('where a location drops the server-level headers, a stylesheet fails for nosniff and HSTS', async () => {
    const css = auditHeaders(await get(nginx, '/forgot/app.css'), TLS);
    expect(failing(css)).toEqual(['hsts/missing', 'x-content-type-options/missing']);
    expect(failing(auditHeaders(await get(nginx, '/forgot/data.json'), TLS))).toEqual(['hsts/missing', 'x-content-type-options/missing']);
  });
});

describe('a policy on an API response is judged on framing only', () => {
  let api: RunningServer;
  beforeAll(async () => {
    api = await startServer((req, res) => {
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Strict-Transport-Security', 'max-age=31536000');
      if (req.url === '/weak-script') res.setHeader('Content-Security-Policy', "script-src 'unsafe-inline' 'unsafe-eval' *; frame-ancestors 'none'");
      if (req.url === '/framed') res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors *");
      if (req.url === '/svg') {
        res.setHeader('Content-Type', 'image/svg+xml');
        return res.end('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
      }
      res.setHeader('Content-Type', 'application/json');
      res.end('{"ok":true}');
    });
  });
  afterAll(() => api.close());

  test("script weaknesses are notes on an API response; frame-ancestors 'none' stands for X-Frame-Options", async () => {
    const report = auditHeaders(await get(api, '/weak-script'), TLS);
    expect(report.pass).toBe(true);
    expect(report.findings.filter((f) => f.id.startsWith('csp/')).every((f) => f.severity === 'info')).toBe(true);
    expect(report.findings.map((f) => f.id)).toContain('csp/script-unsafe-inline');
    // The same headers on a page fail.
    expect(failing(auditHeaders(await get(api, '/weak-script'), { ...TLS, kind: 'document' }))).toContain('csp/script-unsafe-inline');
  });

  test('frame-ancestors * on an API response keeps its weight', async () => {
    const report = auditHeaders(await get(api, '/framed'), TLS);
    expect(report.findings.find((f) => f.id === 'csp/frame-ancestors-wildcard')?.severity).not.toBe('info');
  });

  test('strict: an API response needs no COOP, but its missing policy and CORP fail', async () => {
    const report = auditHeaders(await get(api, '/'), { ...TLS, preset: 'strict' });
    expect(report.findings.map((f) => f.id)).not.toContain('cross-origin/coop-missing');
    expect(failing(report)).toEqual(expect.arrayContaining(['cross-origin/corp-missing', 'csp/missing', 'x-frame-options/missing']));
  });

  test('SVG runs scripts when opened, so it is judged as a page', async () => {
    const report = auditHeaders(await get(api, '/svg'), TLS);
    expect(report.kind).toBe('document');
    expect(report.kindReason).toBe('Content-Type image/svg+xml: XML and SVG run scripts when opened as a page');
    expect(failing(report)).toContain('csp/missing');
  });
});
