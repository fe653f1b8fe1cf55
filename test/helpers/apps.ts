import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import { createHeaderSet } from '../../src/response/header-set';
import type { Rule, RuleContext } from '../../src/rules/types';
import type { Finding, HeaderSet } from '../../src/types';
import { startPythonApp } from './app-process';
import { startHeaderServer, type RunningServer } from './servers';

/**
 * Real framework apps on 127.0.0.1 with ephemeral ports, for the rule tests:
 * an Express 5 app behind helmet 8, and a Flask app behind Flask-Talisman run
 * by /usr/bin/python3 (test/fixtures/flask/app.py).
 */

export interface HelmetAppOptions {
  /** Passed to helmet(); omit for helmet's defaults. */
  helmet?: HelmetOptions;
  /** Extra middleware run after helmet, to add or change headers. */
  configure?: (app: express.Express) => void;
}

/**
 * Express 5 + helmet. Routes: `/` (HTML) and `/login` (sets a session cookie
 * `sid` with Secure, HttpOnly, SameSite=Lax, as a sound app would).
 */
export async function startHelmetApp(options: HelmetAppOptions = {}): Promise<RunningServer> {
  const app = express();
  app.use(helmet(options.helmet));
  options.configure?.(app);
  app.get('/', (_req, res) => {
    res.type('html').send('<!doctype html><title>t</title><p>ok</p>');
  });
  app.get('/login', (_req, res) => {
    res.cookie('sid', 's3cret', { secure: true, httpOnly: true, sameSite: 'lax', path: '/' });
    res.type('html').send('<!doctype html><title>t</title><p>logged in</p>');
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (p = '/') => origin + p,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

export type TalismanConfig = 'default' | 'v1.1' | 'hardened' | 'weak' | 'bare';

const FLASK_APP = path.join(__dirname, '..', 'fixtures', 'flask', 'app.py');

/**
 * Flask + Flask-Talisman (see the configs in test/fixtures/flask/app.py).
 * Talisman honours `X-Forwarded-Proto: https` on its own, so send that
 * header (see HTTPS_PROXY_HEADERS) to get its https behaviour over plain http.
 */
export function startTalismanApp(config: TalismanConfig = 'default'): Promise<RunningServer> {
  return startPythonApp(FLASK_APP, [config], `Flask app (${config})`);
}

/** Request headers that make Flask-Talisman treat a plain-http request as https (it reads X-Forwarded-Proto itself). */
export const HTTPS_PROXY_HEADERS = { 'x-forwarded-proto': 'https' } as const;

/**
 * Fetches `url` (no redirects followed) and builds the HeaderSet the rules
 * read: every header as fetch gives it, and Set-Cookie from getSetCookie()
 * so cookies stay apart.
 */
export async function fetchHeaderSet(url: string, init: RequestInit = {}): Promise<HeaderSet> {
  const response = await fetch(url, { redirect: 'manual', ...init });
  await response.arrayBuffer();
  const fields: Array<[string, string]> = [];
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') fields.push([name, value]);
  });
  for (const cookie of response.headers.getSetCookie()) fields.push(['set-cookie', cookie]);
  return createHeaderSet(fields, { url, status: response.status });
}

/** A RuleContext for tests: recommended, https, no isolation, a document, plus overrides. */
export function ruleContext(overrides: Partial<RuleContext> = {}): RuleContext {
  return { level: 'recommended', https: true, crossOriginIsolation: false, kind: 'document', kindReason: 'a test context', ...overrides };
}

/** Findings as sorted `id:severity` strings: compact to assert, and a failed assertion shows what changed. */
export function idsOf(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.id}:${f.severity}`).sort();
}

/** Runs a rule as the audit does: `skip` first, then `check`. */
export function runRule(rule: Rule, headers: HeaderSet, context: RuleContext): Finding[] {
  return rule.skip?.(headers, context) !== undefined ? [] : rule.check(headers, context);
}

/** One response a plain node server sends, and the findings a rule must report on it. */
export interface HeaderCase {
  name: string;
  fields: Array<[string, string]>;
  context?: Partial<RuleContext>;
  /** Request headers (e.g. Origin for CORS). */
  request?: Record<string, string>;
  /** `id:severity`, in any order. */
  expected: string[];
}

/**
 * Serves each case from its own path of one startHeaderServer and checks
 * the rule's findings on the real response. Call inside a describe().
 */
export function testRuleOnServer(rule: Rule, cases: readonly HeaderCase[]): void {
  let server: RunningServer;
  const pathOf = (i: number) => `/case-${i}`;
  beforeAll(async () => {
    const routes: Record<string, Array<[string, string]>> = {};
    cases.forEach((c, i) => {
      routes[pathOf(i)] = c.fields;
    });
    server = await startHeaderServer([], routes);
  });
  afterAll(() => server.close());
  test.each(cases.map((c, i) => [c.name, i] as const))('%s (real response)', async (_name, i) => {
    const c = cases[i]!;
    const headers = await fetchHeaderSet(server.url(pathOf(i)), { headers: c.request ?? {} });
    expect(idsOf(runRule(rule, headers, ruleContext(c.context)))).toEqual([...c.expected].sort());
  });
}
