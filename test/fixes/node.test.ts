import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import helmet from 'helmet';
import Koa from 'koa';
import koaHelmet from 'koa-helmet';
import Router from '@koa/router';
import { startAppProcess } from '../helpers/app-process';
import { fetchHeaderSet } from '../helpers/apps';
import { FASTIFY_CASES, HELMET_CASES, KOA_CASES, type NodeConfig } from './cases/node';
import { APP_START_TIMEOUT, bracketed, proveFixes, type FrameworkHarness } from './prove';

/**
 * helmet (Express 5), @fastify/helmet and koa-helmet fixes, proved on real
 * apps in this process: each configuration is a helmet options object plus
 * the statements a fix adds (a middleware, a hook, a cookie call), run as
 * written. The fix's helmet options are merged into the app's (objects
 * merge, arrays replace), as a user adds them to the call they have. The
 * nonce a fix relies on (res.locals.cspNonce / ctx.res.locals.cspNonce set
 * before helmet, as the fix says; @fastify/helmet's own reply.cspNonce) is
 * always provided and the page's <script> and <style> carry it. Express and
 * Koa apps run in this process; Fastify's in one node process of its own
 * (apps/fastify-app.mjs), configurations as JSON.
 */
const STATIC_DIR = mkdtempSync(join(tmpdir(), 'static-'));
writeFileSync(join(STATIC_DIR, 'index.html'), '<!doctype html><title>t</title><p>static');
const page = (nonce: string) => `<!doctype html><title>t</title><style nonce="${nonce}">p{}</style><script nonce="${nonce}">1</script><p>ok`;

function run(code: string, scope: Record<string, unknown>): unknown {
  return new Function(...Object.keys(scope), code)(...Object.values(scope));
}

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

function closeServer(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

const PROXY_HTTPS = { headers: { 'x-forwarded-proto': 'https' } };

async function startExpress(configs: readonly NodeConfig[]) {
  const root = express();
  // Each configuration's own app decides X-Powered-By.
  root.disable('x-powered-by');
  configs.forEach((config, i) => {
    const app = express();
    if (config.cause === 'static-first') app.use(express.static(STATIC_DIR));
    app.use((_req, res, next) => {
      res.locals.cspNonce = randomBytes(16).toString('base64');
      next();
    });
    app.use(helmet(config.helmet));
    for (const statement of config.statements) run(statement, { app });
    if (config.cause === 'xss-after') app.use((_req, res, next) => (res.setHeader('X-XSS-Protection', '1; mode=block'), next()));
    app.get('/', (_req, res) => {
      if (config.cookie) run(config.cookie, { res, value: 'v1' });
      res.type('html').send(page(res.locals.cspNonce as string));
    });
    root.use(`/c${i}`, app);
  });
  const server = http.createServer(root);
  const origin = await listen(server);
  return { fetch: (i: number) => fetchHeaderSet(`${origin}/c${i}/`, PROXY_HTTPS), close: () => closeServer(server) };
}

const FASTIFY_APP = join(__dirname, 'apps', 'fastify-app.mjs');

async function startFastify(configs: readonly NodeConfig[]) {
  const file = join(mkdtempSync(join(tmpdir(), 'fastify-')), 'configs.json');
  writeFileSync(file, JSON.stringify(configs));
  const app = await startAppProcess(process.execPath, [FASTIFY_APP, file], 'Fastify fix app', APP_START_TIMEOUT);
  return { fetch: (i: number) => fetchHeaderSet(app.url(`/c${i}/`), PROXY_HTTPS), close: () => app.close() };
}

async function startKoa(configs: readonly NodeConfig[]) {
  const servers = await Promise.all(
    configs.map(async (config) => {
      const app = new Koa();
      app.proxy = true;
      const router = new Router();
      router.get('/', (ctx) => {
        if (config.cookie) run(config.cookie, { ctx, value: 'v1' });
        ctx.type = 'html';
        ctx.body = page((ctx.res as unknown as { locals: { cspNonce: string } }).locals.cspNonce);
      });
      app.use(async (ctx, next) => {
        (ctx.res as unknown as { locals: object }).locals = { cspNonce: randomBytes(16).toString('base64') };
        await next();
      });
      if (config.cause === 'static-first') app.use(router.routes());
      app.use(koaHelmet(config.helmet));
      for (const statement of config.statements) run(statement, { app });
      if (config.cause !== 'static-first') app.use(router.routes());
      const server = http.createServer(app.callback());
      return { server, origin: await listen(server) };
    }),
  );
  return { fetch: (i: number) => fetchHeaderSet(`${servers[i]!.origin}/`, PROXY_HTTPS), close: async () => void (await Promise.all(servers.map((s) => closeServer(s.server)))) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Objects merge, anything else replaces: adding a fix's options to the ones an app passes. */
function merge(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = isObject(v) && isObject(out[k]) ? merge(out[k] as Record<string, unknown>, v) : v;
  return out;
}

/** The code a fix says to write, without its note. */
const code = (fix: string) => fix.split(/ {2}\(| with res\.locals| with ctx\.res\.locals| and nonce=| \(@fastify/)[0]!;

function applyNodeFix(fix: string, config: NodeConfig): NodeConfig | undefined {
  const call = /\bhelmet\(\{|register\(helmet, \{/.exec(fix);
  if (call) {
    const object = bracketed(fix, call.index + call[0].length - 1);
    if (object === undefined) return undefined;
    return { ...config, helmet: merge(config.helmet, run(`return ({${object}});`, {}) as Record<string, unknown>) };
  }
  if (/^(res\.cookie|reply\.setCookie|ctx\.cookies\.set)\(/.test(fix)) return { ...config, cookie: code(fix) };
  if (/^(app\.|fastify\.addHook\()/.test(fix)) return { ...config, statements: [...config.statements, code(fix)] };
  return undefined;
}

const harness = (start: (configs: readonly NodeConfig[]) => ReturnType<typeof startExpress>): FrameworkHarness<NodeConfig> => ({
  start,
  apply: applyNodeFix,
});

describe('helmet 8 on Express 5: fixes applied to real apps', () => {
  proveFixes(harness(startExpress), HELMET_CASES);
});

describe('@fastify/helmet on Fastify 5: fixes applied to real apps', () => {
  proveFixes(harness(startFastify), FASTIFY_CASES);
});

describe('koa-helmet on Koa: fixes applied to real apps', () => {
  proveFixes(harness(startKoa), KOA_CASES);
});
