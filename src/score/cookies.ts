/**
 * Observatory test "cookies". Facts from @mdn/mdn-http-observatory 1.4.8,
 * src/analyzer/tests/cookies.js. The Observatory judges the cookies its
 * tough-cookie jar accepted, so this module also reads Set-Cookie the way
 * tough-cookie 5 (strict mode) stores it: a cookie without a name is dropped,
 * one whose Domain does not cover the host is dropped, a `__Secure-` cookie
 * without Secure or a `__Host-` cookie without Secure, with Domain or with a
 * Path other than "/" is dropped, and a later cookie with the same name,
 * domain and path replaces an earlier one. Offline, only the cookies of this
 * one response are seen, and those of the redirect hops passed as
 * `redirectCookies` that the scanner's jar would hold (context.ts, jarHops).
 * The scanner does not keep the cookies of its robots.txt request or CORS
 * probe (a second HTTP client without the jar), nor of the http→https hop
 * (its other session).
 */
import type { ObservatoryResultId, ScoreContext, TestVerdict } from './types';
import { testHsts } from './strict-transport-security';

/** Worst last; the verdict is the worst problem found. */
const ORDER: readonly ObservatoryResultId[] = [
  'cookies-without-secure-flag-but-protected-by-hsts',
  'cookies-without-secure-flag',
  'cookies-session-without-secure-flag-but-protected-by-hsts',
  'cookies-samesite-flag-invalid',
  'cookies-anticsrf-without-samesite-flag',
  'cookies-session-without-httponly-flag',
  'cookies-session-without-secure-flag',
];

/** Heroku's load-balancer cookie, which the Observatory ignores (mozilla/http-observatory#282). */
const IGNORED = new Set(['heroku-session-affinity']);

export interface StoredCookie {
  name: string;
  secure: boolean;
  httpOnly: boolean;
  sameSite?: 'strict' | 'lax' | 'none';
  domain: string;
  hostOnly: boolean;
  path: string;
}

const CONTROL = /[\x00-\x1f]/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function cutAtTerminator(s: string): string {
  for (const t of ['\n', '\r', '\0']) {
    const at = s.indexOf(t);
    if (at !== -1) s = s.slice(0, at);
  }
  return s;
}

/** Default cookie path (RFC 6265 5.1.4) for a request path. */
function defaultPath(path: string): string {
  if (!path.startsWith('/') || path === '/') return '/';
  const slash = path.lastIndexOf('/');
  return slash === 0 ? '/' : path.slice(0, slash);
}

function domainCovers(host: string, domain: string): boolean {
  if (host === domain) return true;
  return host.endsWith('.' + domain) && !IPV4.test(host) && !host.includes(':');
}

/** Parses one Set-Cookie value as tough-cookie would store it for this host; undefined when it would be dropped. */
export function storeCookie(header: string, host: string, requestPath: string): StoredCookie | undefined {
  const text = header.trim();
  if (!text) return undefined;
  const semi = text.indexOf(';');
  const pair = cutAtTerminator(semi === -1 ? text : text.slice(0, semi));
  const eq = pair.indexOf('=');
  if (eq <= 0) return undefined;
  const name = pair.slice(0, eq).trim();
  const value = pair.slice(eq + 1).trim();
  if (CONTROL.test(name) || CONTROL.test(value)) return undefined;
  let secure = false;
  let httpOnly = false;
  let sameSite: StoredCookie['sameSite'];
  let domain: string | undefined;
  let path: string | undefined;
  const rest = semi === -1 ? '' : text.slice(semi + 1);
  for (const raw of rest.split(';')) {
    const av = raw.trim();
    if (!av) continue;
    const sep = av.indexOf('=');
    const key = (sep === -1 ? av : av.slice(0, sep)).trim().toLowerCase();
    const val = sep === -1 ? '' : av.slice(sep + 1).trim();
    if (key === 'secure') secure = true;
    else if (key === 'httponly') httpOnly = true;
    else if (key === 'samesite') {
      const v = val.toLowerCase();
      sameSite = v === 'strict' || v === 'lax' || v === 'none' ? v : undefined;
    } else if (key === 'domain' && val) {
      const d = val.replace(/^\./, '').toLowerCase();
      if (d) domain = d;
    } else if (key === 'path') path = val.startsWith('/') ? val : undefined;
  }
  let hostOnly = true;
  if (domain !== undefined) {
    // A single-label Domain other than the host itself is a public suffix ("com"); tough-cookie refuses it.
    if (!domain.includes('.') && domain !== host) return undefined;
    if (!domainCovers(host, domain)) return undefined;
    hostOnly = false;
  }
  const finalPath = path ?? defaultPath(requestPath);
  if (name.startsWith('__Secure-') && !secure) return undefined;
  if (name.startsWith('__Host-') && !(secure && hostOnly && finalPath === '/')) return undefined;
  return { name, secure, httpOnly, sameSite, domain: domain ?? host, hostOnly, path: finalPath };
}

/** A SameSite attribute with no value, or one that is not Strict, Lax or None. */
function hasMalformedSameSite(header: string): boolean {
  for (const part of header.trim().split(';')) {
    const [key, value] = part.trim().split('=');
    if (key!.trim().toLowerCase() !== 'samesite') continue;
    if (!value || !['lax', 'strict', 'none'].includes(value.trim().toLowerCase())) return true;
  }
  return false;
}

export function testCookies(ctx: ScoreContext): TestVerdict {
  const hsts = testHsts(ctx).pass;
  const headers = ctx.headers.getAll('set-cookie');
  let worst: ObservatoryResultId | undefined;
  const flag = (r: ObservatoryResultId) => {
    if (worst === undefined || ORDER.indexOf(r) > ORDER.indexOf(worst)) worst = r;
  };
  if (headers.some(hasMalformedSameSite)) flag('cookies-samesite-flag-invalid');

  // In the order the jar received them: the redirect hops first, this response last (a later cookie with the same key replaces an earlier one).
  const jar = new Map<string, StoredCookie>();
  const received = [...ctx.hopCookies, ...headers.map((header) => ({ header, host: ctx.host, path: ctx.path }))];
  for (const { header, host, path } of received) {
    const cookie = storeCookie(header, host, path);
    if (cookie) jar.set(JSON.stringify([cookie.domain, cookie.path, cookie.name]), cookie);
  }
  const cookies = [...jar.values()].filter((c) => c.name && !IGNORED.has(c.name));
  if (cookies.length === 0) return { result: 'cookies-not-found', pass: true };

  let missingSameSite = false;
  for (const c of cookies) {
    const name = c.name.toLowerCase();
    const session = name.includes('login') || name.includes('sess');
    const antiCsrf = name.includes('csrf');
    if (!c.secure && c.sameSite === 'none') flag('cookies-samesite-flag-invalid');
    if (!c.secure) flag(hsts ? 'cookies-without-secure-flag-but-protected-by-hsts' : 'cookies-without-secure-flag');
    if (antiCsrf && !c.sameSite) flag('cookies-anticsrf-without-samesite-flag');
    if (session && !c.secure) {
      flag(hsts ? 'cookies-session-without-secure-flag-but-protected-by-hsts' : 'cookies-session-without-secure-flag');
    }
    if (session && !c.httpOnly) flag('cookies-session-without-httponly-flag');
    if (!c.sameSite) missingSameSite = true;
  }
  if (worst !== undefined) return { result: worst, pass: false };
  return missingSameSite
    ? { result: 'cookies-secure-with-httponly-sessions', pass: true }
    : { result: 'cookies-secure-with-httponly-sessions-and-samesite', pass: true };
}
