/**
 * A seeded generator of realistic response header sets for the parity test:
 * CSPs strong and weak, HSTS variants, framing, nosniff, referrer policies,
 * cookies with and without their flags and prefixes, CORS, CORP, COOP/COEP,
 * and now and then an HTML body or a redirect chain.
 */
import type { OracleCase } from './oracle';
import { seeded, type Rng } from '../helpers/seeded';

const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
const chance = (rng: Rng, p: number) => rng() < p;

const CSP_TEMPLATES = [
  "default-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; frame-ancestors 'none'",
  "default-src 'self'",
  "default-src 'self'; script-src 'self' 'unsafe-inline'",
  "default-src 'self'; style-src 'self' 'unsafe-inline'",
  "script-src 'self' 'unsafe-eval'; object-src 'none'",
  "default-src 'self' 'unsafe-eval'",
  'default-src https:',
  "default-src *; script-src 'self'",
  "default-src 'self'; img-src http://img.example.com",
  "default-src 'self'; script-src http://cdn.example.com",
  "default-src 'self'; media-src ftp://media.example.com",
  "script-src 'nonce-r4nd0m' 'strict-dynamic' https: 'unsafe-inline'; object-src 'none'; base-uri 'none'",
  "script-src 'strict-dynamic' 'self'; object-src 'none'",
  "script-src 'sha256-AbCd=' 'unsafe-inline'; style-src 'nonce-x' 'unsafe-inline'; default-src 'none'",
  "default-src 'self'; default-src 'none'",
  "default-src 'self'; report-uri /csp-a; report-uri /csp-b",
  "default-src 'none'; report-to a; report-to b",
  "default-src 'self'; report-uri http://report.example.com/csp",
  'img-src',
  'a',
  '',
  'upgrade-insecure-requests',
  "default-src 'self' data:; script-src 'self' data:",
  "DEFAULT-SRC 'SELF'; OBJECT-SRC 'NONE'",
  "frame-ancestors 'self'",
  'frame-ancestors *',
  "default-src 'self'; frame-ancestors https://partner.example.org",
  "default-src 'none'; script-src https://cdn.example.com https://cdn.example.com/js/; style-src https:",
  "script-src 'self'; object-src https:",
  ";;;;;;",
  "default-src 'self' https://*.example.com; upgrade-insecure-requests; block-all-mixed-content",
  "default-src 'self'; script-src 'self' https://www.google-analytics.com; img-src * data:",
];

const CSP_DIRECTIVES = [
  'default-src', 'script-src', 'style-src', 'img-src', 'media-src', 'object-src', 'connect-src', 'font-src',
  'frame-src', 'frame-ancestors', 'form-action', 'base-uri', 'report-uri', 'worker-src', 'script-src-elem',
];
const CSP_SOURCES = [
  "'self'", "'none'", "'unsafe-inline'", "'unsafe-eval'", "'strict-dynamic'", "'nonce-abc123'", "'sha256-xyz='",
  'https:', 'http:', 'data:', 'blob:', '*', 'https://*', 'https://cdn.example.com', 'http://cdn.example.com',
  'https://cdn.example.com/js/', 'cdn.example.com', '*.example.com', 'ftp://files.example.com', "'SELF'", "'wasm-unsafe-eval'",
];

function randomCsp(rng: Rng): string {
  const n = 1 + Math.floor(rng() * 5);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const name = pick(rng, CSP_DIRECTIVES);
    const m = Math.floor(rng() * 4);
    const sources = Array.from({ length: m }, () => pick(rng, CSP_SOURCES));
    parts.push([name, ...sources].join(' '));
  }
  return parts.join(chance(rng, 0.2) ? ';' : '; ');
}

function csp(rng: Rng): string {
  return chance(rng, 0.5) ? pick(rng, CSP_TEMPLATES) : randomCsp(rng);
}

const HSTS = [
  'max-age=31536000; includeSubDomains; preload',
  'max-age=63072000',
  'max-age=15552000',
  'max-age=15551999; includeSubDomains',
  'max-age=300',
  'max-age=0',
  'includeSubDomains',
  'max-age=abc',
  'MAX-AGE=31536000',
  'max-age = 31536000',
  'max-age="31536000"',
  '',
];
const XFO = ['DENY', 'SAMEORIGIN', 'sameorigin', 'ALLOW-FROM https://partner.example.org', 'allowall', ' deny ', ''];
const XCTO = ['nosniff', 'NoSniff', 'sniff', 'nosniff; x', ''];
const REFERRER = [
  'no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin', 'origin',
  'origin-when-cross-origin', 'unsafe-url', 'no-referrer-when-downgrade', 'no-referrer, unsafe-url',
  'unsafe-url, strict-origin-when-cross-origin', 'foo', 'STRICT-ORIGIN', 'strict-origin-when-cross-origin, bogus', '',
];
const CORP = ['same-site', 'same-origin', 'cross-origin', 'SAME-ORIGIN', 'bogus', '  '];
const COOP = ['same-origin', 'same-origin-allow-popups', 'unsafe-none', 'bogus'];
const COEP = ['require-corp', 'credentialless', 'unsafe-none'];
const CONTENT_TYPES = ['text/html; charset=utf-8', 'text/html', 'application/json', 'application/xhtml+xml', 'text/plain', 'TEXT/HTML'];

const COOKIE_NAMES = [
  'sessionid', 'SID', 'PHPSESSID', 'login_token', 'csrftoken', 'XSRF-TOKEN', 'theme', '_ga',
  '__Secure-id', '__Host-sess', '__host-lower', 'heroku-session-affinity', 'connect.sid', 'lang',
];

function cookie(rng: Rng, host: string): string {
  if (chance(rng, 0.04)) return pick(rng, ['=novalue', 'noequals', ' ', 'a=b; SameSite', 'x=1;;; Secure']);
  const parts = [`${pick(rng, COOKIE_NAMES)}=${Math.floor(rng() * 1e6).toString(36)}`];
  if (chance(rng, 0.6)) parts.push(pick(rng, ['Secure', 'secure', 'SECURE']));
  if (chance(rng, 0.5)) parts.push('HttpOnly');
  if (chance(rng, 0.6)) parts.push(`SameSite=${pick(rng, ['Lax', 'Strict', 'None', 'lax', 'Foo', ''])}`);
  if (chance(rng, 0.1)) parts.push('SameSite');
  if (chance(rng, 0.5)) parts.push(`Path=${pick(rng, ['/', '/app', '', 'relative'])}`);
  if (chance(rng, 0.2)) {
    const base = host.split('.').slice(-2).join('.');
    parts.push(`Domain=${pick(rng, [base, '.' + base, host, 'other.org', 'com'])}`);
  }
  if (chance(rng, 0.3)) parts.push(pick(rng, ['Max-Age=3600', 'Max-Age=0', 'Expires=Wed, 21 Oct 2015 07:28:00 GMT']));
  const head = parts[0]!;
  const rest = parts.slice(1).sort(() => rng() - 0.5);
  return [head, ...rest].join(pick(rng, ['; ', ';']));
}

function randomCase(header: string, rng: Rng): string {
  const r = rng();
  return r < 0.6 ? header : r < 0.8 ? header.toUpperCase() : header.replace(/(^|-)([a-z])/g, (m) => m.toUpperCase());
}

const SCRIPTS = [
  '<script src="/app.js"></script>',
  '<script src="app.js" integrity="sha384-abc"></script>',
  '<script src="https://cdn.other.org/lib.js"></script>',
  '<script src="https://cdn.other.org/lib.js" integrity="sha384-abc" crossorigin="anonymous"></script>',
  '<script src="http://cdn.other.org/lib.js"></script>',
  '<script src="http://cdn.other.org/lib.js" integrity="sha384-abc"></script>',
  '<script src="//cdn.other.org/lib.js"></script>',
  '<script src="https://static.example.com/s.js"></script>',
  '<script src="https://static.example.com/s.js" integrity="sha256-x"></script>',
  '<script>console.log("<script src=http://evil.org/x.js></script>")</script>',
  '<!-- <script src="http://commented.org/x.js"></script> -->',
];

function html(rng: Rng): string {
  const head: string[] = ['<meta charset="utf-8">'];
  if (chance(rng, 0.4)) head.push(`<meta http-equiv="Content-Security-Policy" content="${csp(rng).replace(/"/g, '&quot;')}">`);
  if (chance(rng, 0.15)) head.push(`<meta http-equiv="content-security-policy" content="${csp(rng)}">`);
  if (chance(rng, 0.3)) head.push(`<meta name="referrer" content="${pick(rng, REFERRER)}">`);
  const body = Array.from({ length: Math.floor(rng() * 4) }, () => pick(rng, SCRIPTS));
  return `<!doctype html><html><head>${head.join('')}<title>t</title></head><body>${body.join('\n')}</body></html>`;
}

function redirects(rng: Rng, host: string): Array<{ url: string; status: number }> {
  return pick(rng, [
    [{ url: `http://${host}/`, status: 301 }, { url: `https://${host}/`, status: 200 }],
    [{ url: `http://${host}/`, status: 200 }],
    [{ url: `http://${host}/`, status: 301 }, { url: `https://www.${host}/`, status: 200 }],
    [{ url: `http://${host}/`, status: 302 }, { url: `http://www.${host}/`, status: 301 }, { url: `https://www.${host}/`, status: 200 }],
    [{ url: `http://${host}/`, status: 301 }, { url: `http://${host}/home`, status: 200 }],
    [{ url: `http://${host}/`, status: 301 }, { url: `https://${host}/`, status: 301 }, { url: `https://${host}/en/`, status: 200 }],
  ]);
}

/**
 * A well-configured app with zero to two things changed: these sit around
 * the 90-point line where bonuses start to count, which random sets rarely reach.
 */
function hardenedCase(rng: Rng): OracleCase {
  const host = pick(rng, ['example.com', 'www.example.com']);
  const base: Record<string, string[]> = {
    'content-type': ['text/html; charset=utf-8'],
    'content-security-policy': [pick(rng, CSP_TEMPLATES.slice(0, 8))],
    'strict-transport-security': [pick(rng, HSTS.slice(0, 4))],
    'x-frame-options': [pick(rng, ['DENY', 'SAMEORIGIN'])],
    'x-content-type-options': ['nosniff'],
    'referrer-policy': [pick(rng, REFERRER.slice(0, 4))],
  };
  if (chance(rng, 0.5)) base['cross-origin-resource-policy'] = [pick(rng, CORP.slice(0, 3))];
  if (chance(rng, 0.5)) base['set-cookie'] = ['__Host-sid=abc; Path=/; Secure; HttpOnly; SameSite=Lax'];
  if (chance(rng, 0.3)) base['cross-origin-opener-policy'] = ['same-origin'];
  const changes = Math.floor(rng() * 3);
  for (let i = 0; i < changes; i++) {
    const which = pick(rng, ['csp', 'hsts', 'xfo', 'xcto', 'referrer', 'cookie', 'corp', 'drop']);
    if (which === 'csp') base['content-security-policy'] = [csp(rng)];
    if (which === 'hsts') base['strict-transport-security'] = [pick(rng, HSTS)];
    if (which === 'xfo') base['x-frame-options'] = [pick(rng, XFO)];
    if (which === 'xcto') base['x-content-type-options'] = [pick(rng, XCTO)];
    if (which === 'referrer') base['referrer-policy'] = [pick(rng, REFERRER)];
    if (which === 'cookie') base['set-cookie'] = [cookie(rng, host), cookie(rng, host)];
    if (which === 'corp') base['cross-origin-resource-policy'] = [pick(rng, CORP)];
    if (which === 'drop') delete base[pick(rng, Object.keys(base))];
  }
  const fields: Array<[string, string]> = [];
  for (const [name, values] of Object.entries(base)) for (const v of values) fields.push([randomCase(name, rng), v]);
  const c: OracleCase = { fields, https: chance(rng, 0.9), host };
  if (chance(rng, 0.2)) c.html = html(rng);
  return c;
}

export function generateCase(rng: Rng): OracleCase {
  if (chance(rng, 0.25)) return hardenedCase(rng);
  const host = pick(rng, ['example.com', 'www.example.com', 'app.example.com', 'example.com']);
  const fields: Array<[string, string]> = [];
  const add = (name: string, value: string) => fields.push([randomCase(name, rng), value]);
  if (chance(rng, 0.9)) add('content-type', chance(rng, 0.85) ? CONTENT_TYPES[0]! : pick(rng, CONTENT_TYPES));
  if (chance(rng, 0.7)) add('content-security-policy', csp(rng));
  if (chance(rng, 0.1)) add('content-security-policy', csp(rng));
  if (chance(rng, 0.2)) add('content-security-policy-report-only', csp(rng));
  if (chance(rng, 0.65)) add('strict-transport-security', pick(rng, HSTS));
  if (chance(rng, 0.05)) add('strict-transport-security', 'max-age=31536000');
  if (chance(rng, 0.6)) add('x-frame-options', pick(rng, XFO));
  if (chance(rng, 0.04)) add('x-frame-options', 'DENY');
  if (chance(rng, 0.7)) add('x-content-type-options', pick(rng, XCTO));
  if (chance(rng, 0.6)) add('referrer-policy', pick(rng, REFERRER));
  if (chance(rng, 0.08)) add('referrer-policy', pick(rng, REFERRER));
  const nCookies = chance(rng, 0.5) ? Math.floor(rng() * 4) : 0;
  for (let i = 0; i < nCookies; i++) add('set-cookie', cookie(rng, host));
  if (chance(rng, 0.3)) {
    const kind = pick(rng, ['star', 'probe', 'probe-creds', 'fixed-creds', 'null-creds', 'spaced-star', 'reflect-creds']);
    const probe = 'https://http-observatory.security.mozilla.org';
    if (kind === 'star') add('access-control-allow-origin', '*');
    if (kind === 'spaced-star') add('access-control-allow-origin', ' * ');
    if (kind === 'probe') add('access-control-allow-origin', probe);
    if (kind === 'probe-creds' || kind === 'fixed-creds' || kind === 'null-creds' || kind === 'reflect-creds') {
      const origin = kind === 'probe-creds' ? probe : kind === 'fixed-creds' ? 'https://partner.example.org' : kind === 'null-creds' ? 'null' : 'https://app.test';
      add('access-control-allow-origin', origin);
      add('access-control-allow-credentials', pick(rng, ['true', 'TRUE', 'false']));
    }
  }
  if (chance(rng, 0.4)) add('cross-origin-resource-policy', pick(rng, CORP));
  if (chance(rng, 0.3)) add('cross-origin-opener-policy', pick(rng, COOP));
  if (chance(rng, 0.2)) add('cross-origin-embedder-policy', pick(rng, COEP));
  const c: OracleCase = { fields, https: chance(rng, 0.7), host };
  if (chance(rng, 0.15)) c.html = html(rng);
  if (chance(rng, 0.1)) c.redirects = redirects(rng, host);
  return c;
}

export function generateCorpus(seed: number, size: number): OracleCase[] {
  const rng = seeded(seed);
  return Array.from({ length: size }, () => generateCase(rng));
}
