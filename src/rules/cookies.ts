import type { Finding, HeaderSet, Severity } from '../types';
import { fixFor } from './fix';
import type { Rule, RuleContext } from './types';
import { finding } from './util';

/**
 * Set-Cookie, each field on its own (never joined). Attribute names are
 * case-insensitive (RFC 6265bis §5.6). Cookies that look like sessions or
 * credentials are judged harder: a stolen one is an account. Missing
 * SameSite is advice for other cookies since Chromium defaults to Lax, but
 * Firefox and Safari do not, so session cookies must say it. Values are
 * never shown in findings: they may be live credentials.
 *
 * Name prefixes (RFC 6265bis §4.1.3, compared case-insensitively): `__Secure-`
 * needs Secure; `__Host-` also Path=/ and no Domain; `__Http-` (2025) needs
 * Secure and HttpOnly, so the cookie can only have come from the server;
 * `__Host-Http-` is both. Browsers reject a cookie that breaks its prefix.
 * `Partitioned` (CHIPS) needs Secure or the cookie is rejected, and is meant
 * for cross-site embeds, so without SameSite=None it is advice.
 */
export const COOKIES_FINDING_IDS = [
  'cookies/secure-missing',
  'cookies/httponly-missing',
  'cookies/samesite-missing',
  'cookies/samesite-invalid',
  'cookies/samesite-none-insecure',
  'cookies/host-prefix-invalid',
  'cookies/secure-prefix-invalid',
  'cookies/http-prefix-invalid',
  'cookies/host-http-prefix-invalid',
  'cookies/partitioned-insecure',
  'cookies/partitioned-not-cross-site',
  'cookies/session-long-lived',
  'cookies/malformed',
] as const;

/** A session cookie kept longer than this is advice: a stolen one stays useful for that long (OWASP Session Management). */
export const LONG_SESSION_SECONDS = 30 * 24 * 3600;

const HEADER = 'set-cookie';

export interface ParsedCookie {
  name: string;
  /** Lower-case attribute name → value ('' for flags). Later duplicates win, as in browsers. */
  attributes: Map<string, string>;
  /** The field with the cookie value replaced by `…`. */
  redacted: string;
  /** True when the name=value pair has no `=` (browsers then treat it as a value with an empty name). */
  nameless: boolean;
}

export function parseSetCookie(field: string): ParsedCookie {
  const [pair = '', ...rest] = field.split(';');
  const eq = pair.indexOf('=');
  const name = eq === -1 ? '' : pair.slice(0, eq).trim();
  const attributes = new Map<string, string>();
  for (const raw of rest) {
    const i = raw.indexOf('=');
    const key = (i === -1 ? raw : raw.slice(0, i)).trim().toLowerCase();
    if (key === '') continue;
    attributes.set(key, i === -1 ? '' : raw.slice(i + 1).trim());
  }
  const redacted = [`${name}=…`, ...rest.map((r) => r.trim()).filter(Boolean)].join('; ');
  return { name, attributes, redacted, nameless: eq === -1 };
}

// Names that usually carry a session or credential. CSRF tokens are left out: they must be readable by scripts.
const SESSION_PARTS = ['session', 'sess', 'sid', 'sessid', 'sessionid', 'auth', 'token', 'jwt', 'login', 'remember', 'identity', 'access', 'refresh', 'credential'];

export function looksLikeSession(name: string): boolean {
  const lower = name.toLowerCase();
  if (/csrf|xsrf/.test(lower)) return false;
  if (['phpsessid', 'jsessionid', 'aspsessionid', 'cfid', 'cftoken'].some((n) => lower.startsWith(n))) return true;
  if (/session|sess_|auth|token|jwt/.test(lower)) return true;
  return lower.split(/[^a-z0-9]+/).some((part) => SESSION_PARTS.includes(part));
}

function isDeletion(cookie: ParsedCookie): boolean {
  const maxAge = cookie.attributes.get('max-age');
  if (maxAge !== undefined && /^-?\d+$/.test(maxAge) && Number(maxAge) <= 0) return true;
  const expires = cookie.attributes.get('expires');
  if (expires !== undefined) {
    const when = Date.parse(expires);
    if (!Number.isNaN(when) && when < Date.UTC(2000, 0, 1)) return true;
  }
  return false;
}

/** `addHttpOnly`: the finding is the missing HttpOnly itself, so its fix adds it whatever the cookie is. */
function cookieFix(cookie: ParsedCookie, context: RuleContext, session: boolean, now: number, addHttpOnly = false): string {
  const name = cookie.name || 'name';
  const sameSite = normalSameSite(cookie.attributes.get('samesite')) ?? 'Lax';
  const secure = context.https || cookie.attributes.has('secure') || /^__(host|secure|http)-/i.test(name) || sameSite === 'None';
  const httpOnly = addHttpOnly || session || cookie.attributes.has('httponly') || /^__(host-)?http-/i.test(name);
  const hostPrefix = /^__host-/i.test(name);
  const has = { secure: cookie.attributes.has('secure'), httpOnly: cookie.attributes.has('httponly'), sameSite: normalSameSite(cookie.attributes.get('samesite')) };
  // What the cookie carries that the fix leaves out: a writer that can only add flags (nginx) must say so.
  const drop = [
    hostPrefix && cookie.attributes.has('domain') ? 'Domain' : '',
    session && (lifetimeSeconds(cookie, now) ?? 0) > LONG_SESSION_SECONDS ? (cookie.attributes.has('max-age') ? 'Max-Age' : 'Expires') : '',
    cookie.attributes.has('partitioned') && sameSite !== 'None' ? 'Partitioned' : '',
  ].filter(Boolean);
  return fixFor({ kind: 'cookie', name, secure, httpOnly, sameSite, has, hostPrefix, ...(drop.length > 0 ? { drop } : {}) }, context);
}

function normalSameSite(value: string | undefined): 'Strict' | 'Lax' | 'None' | undefined {
  const v = value?.trim().toLowerCase();
  return v === 'strict' ? 'Strict' : v === 'lax' ? 'Lax' : v === 'none' ? 'None' : undefined;
}

export function checkCookie(field: string, context: RuleContext, now = Date.now()): Finding[] {
  const cookie = parseSetCookie(field);
  const session = looksLikeSession(cookie.name);
  const fix = cookieFix(cookie, context, session, now);
  const base = { header: HEADER, directive: cookie.name, received: cookie.redacted, fix };
  const label = `cookie ${JSON.stringify(cookie.name)}${session ? ' (looks like a session cookie)' : ''}`;
  const findings: Finding[] = [];
  const add = (id: (typeof COOKIES_FINDING_IDS)[number], severity: Severity, expected: string, message: string) => findings.push(finding({ ...base, id, severity, expected, message }));
  const secure = cookie.attributes.has('secure');
  const sameSiteRaw = cookie.attributes.get('samesite');
  const sameSite = normalSameSite(sameSiteRaw);

  if (cookie.nameless || cookie.name === '') {
    add('cookies/malformed', 'low', 'name=value; attributes', 'Set-Cookie has no name=value pair; browsers store it with an empty name');
  }
  // Prefix rules: browsers reject the cookie outright when they are broken (RFC 6265bis §4.1.3).
  const hostRules = () => [secure ? '' : 'Secure', cookie.attributes.get('path') === '/' ? '' : 'Path=/', cookie.attributes.has('domain') ? 'no Domain' : ''].filter(Boolean);
  const httpOnly = cookie.attributes.has('httponly');
  if (/^__host-http-/i.test(cookie.name)) {
    const problems = [...hostRules(), httpOnly ? '' : 'HttpOnly'].filter(Boolean);
    if (problems.length > 0) add('cookies/host-http-prefix-invalid', 'medium', 'Secure; HttpOnly; Path=/; no Domain', `${label} uses the __Host-Http- prefix without ${problems.join(', ')}; browsers reject it`);
  } else if (/^__host-/i.test(cookie.name)) {
    const problems = hostRules();
    if (problems.length > 0) add('cookies/host-prefix-invalid', 'medium', 'Secure; Path=/; no Domain', `${label} uses the __Host- prefix without ${problems.join(', ')}; browsers reject it`);
  } else if (/^__http-/i.test(cookie.name)) {
    const problems = [secure ? '' : 'Secure', httpOnly ? '' : 'HttpOnly'].filter(Boolean);
    if (problems.length > 0) add('cookies/http-prefix-invalid', 'medium', 'Secure; HttpOnly', `${label} uses the __Http- prefix without ${problems.join(', ')}; browsers reject it`);
  } else if (/^__secure-/i.test(cookie.name) && !secure) {
    add('cookies/secure-prefix-invalid', 'medium', 'Secure', `${label} uses the __Secure- prefix without Secure; browsers reject it`);
  }
  if (cookie.attributes.has('partitioned')) {
    if (!secure) add('cookies/partitioned-insecure', 'medium', 'Partitioned only with Secure', `${label} is Partitioned (CHIPS) without Secure; browsers reject it`);
    else if (sameSite !== 'None') {
      add('cookies/partitioned-not-cross-site', 'info', 'Partitioned with SameSite=None', `${label} is Partitioned, which is for cookies set in cross-site embeds, but SameSite=${sameSiteRaw ?? '(default Lax)'} keeps it out of cross-site requests`);
    }
  }
  if (sameSite === 'None' && !secure) {
    add('cookies/samesite-none-insecure', 'medium', 'SameSite=None only with Secure', `${label} has SameSite=None without Secure; browsers reject it`);
  }
  // A cookie being cleared carries no secret: its flags do not matter.
  if (isDeletion(cookie)) return findings;

  if (context.https && !secure) {
    add('cookies/secure-missing', session ? 'high' : 'low', 'Secure', `${label} lacks Secure: it is also sent over plain http`);
  }
  if (!cookie.attributes.has('httponly')) {
    const severity: Severity = session ? 'high' : context.level === 'strict' ? 'low' : 'info';
    findings.push(finding({ ...base, fix: cookieFix(cookie, context, session, now, true), id: 'cookies/httponly-missing', severity, expected: 'HttpOnly', message: `${label} lacks HttpOnly: scripts (and XSS) can read it` }));
  }
  if (sameSiteRaw === undefined) {
    add('cookies/samesite-missing', session ? 'medium' : 'low', 'SameSite=Lax or Strict', `${label} lacks SameSite: only Chromium defaults to Lax, so it rides along on cross-site requests (CSRF)`);
  } else if (sameSite === undefined) {
    add('cookies/samesite-invalid', 'low', 'SameSite=Strict, Lax or None', `${label} has SameSite=${sameSiteRaw}, which browsers do not recognise`);
  }
  const lifetime = session ? lifetimeSeconds(cookie, now) : undefined;
  if (lifetime !== undefined && lifetime > LONG_SESSION_SECONDS) {
    add(
      'cookies/session-long-lived',
      context.level === 'strict' ? 'low' : 'info',
      `a session cookie without Max-Age/Expires, or one of at most ${LONG_SESSION_SECONDS / 86400} days`,
      `${label} lives ${Math.round(lifetime / 86400)} days: a stolen session stays good that long; keep sessions short and renew them server-side`,
    );
  }
  return findings;
}

/**
 * How long the browser keeps the cookie, in seconds: Max-Age wins over
 * Expires (RFC 6265bis §5.7); Expires is measured from the response's Date
 * (or `now`). Undefined for a cookie that ends with the browser session.
 */
function lifetimeSeconds(cookie: ParsedCookie, now: number): number | undefined {
  const maxAge = cookie.attributes.get('max-age');
  if (maxAge !== undefined && /^-?\d+$/.test(maxAge)) return Number(maxAge);
  const expires = cookie.attributes.get('expires');
  const when = expires === undefined ? NaN : Date.parse(expires);
  return Number.isNaN(when) ? undefined : (when - now) / 1000;
}

export function checkCookies(headers: HeaderSet, context: RuleContext): Finding[] {
  // Expires is judged against the server's clock (Date) when it says one.
  const date = Date.parse(headers.get('date') ?? '');
  const now = Number.isNaN(date) ? Date.now() : date;
  return headers.getAll(HEADER).flatMap((field) => checkCookie(field, context, now));
}

export const cookiesRule: Rule = {
  name: 'cookies',
  header: HEADER,
  summary: 'cookies are Secure (over https), HttpOnly where they carry a session, and have SameSite',
  check: checkCookies,
};
