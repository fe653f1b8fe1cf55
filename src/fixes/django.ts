import { directivesOf, NONCE, type CspDirectives, type FixGoal } from './types';
import { py, pyBool, sq } from './quote';
import { withNote } from './node-common';

/**
 * Django, read from its source (Debian's 3.2) and Django 6.0's documentation:
 * SecurityMiddleware sends HSTS only when SECURE_HSTS_SECONDS is set and the
 * request is secure (SECURE_PROXY_SSL_HEADER behind a proxy), without
 * includeSubDomains unless asked; nosniff, Referrer-Policy same-origin and
 * (4.0+) COOP same-origin by default; X_FRAME_OPTIONS DENY through
 * XFrameOptionsMiddleware; SECURE_BROWSER_XSS_FILTER (3.x only) sends
 * "1; mode=block". Session and CSRF cookies: SESSION_COOKIE_* / CSRF_COOKIE_*
 * (HttpOnly on for the session, Secure off, SameSite Lax). CSP: django-csp
 * 3.x settings (CSP_SCRIPT_SRC tuples, CSP_INCLUDE_NONCE_IN, the nonce sent
 * only when a template reads request.csp_nonce) or, `django-6`, Django 6.0's
 * SECURE_CSP dict with the CSP constants.
 */
export type DjangoCsp = 'django-csp' | 'builtin';

const SETTINGS = 'settings.py: ';
/** SecurityMiddleware and XFrameOptionsMiddleware add their headers only when the response has none (setdefault), so a value set by a view or middleware wins. */
const OTHER_CODE = 'look for the view or middleware that sets this one (or the proxy in front)';
const MIDDLEWARE_NOTE = 'in a middleware';
const IMPORT_CSP = 'from django.utils.csp import CSP';

const BUILTIN_KEYWORDS: Record<string, string> = {
  "'self'": 'CSP.SELF',
  "'none'": 'CSP.NONE',
  "'strict-dynamic'": 'CSP.STRICT_DYNAMIC',
  "'unsafe-inline'": 'CSP.UNSAFE_INLINE',
  "'unsafe-eval'": 'CSP.UNSAFE_EVAL',
  [NONCE]: 'CSP.NONCE',
};

function settings(...assignments: string[]): string {
  return SETTINGS + assignments.join('; ');
}

/** A django-csp setting name: script-src → CSP_SCRIPT_SRC. */
function cspSetting(directive: string): string {
  return `CSP_${directive.toUpperCase().replace(/-/g, '_')}`;
}

// A directive without values (upgrade-insecure-requests) is a boolean setting in django-csp 3.x and in Django 6's SECURE_CSP.
function cspTuple(values: readonly string[]): string {
  return `(${values.map(py).join(', ')},)`;
}

function builtinList(values: readonly string[]): string {
  return values.length === 0 ? 'True' : `[${values.map((v) => BUILTIN_KEYWORDS[v] ?? py(v)).join(', ')}]`;
}

function cspDirectiveFix(directive: string, values: readonly string[], set: CspDirectives, nonceIn: readonly string[], csp: DjangoCsp): string {
  const usesNonce = values.includes(NONCE);
  const tag = directive.startsWith('style') ? '<style>' : '<script>';
  if (csp === 'builtin') {
    return `${settings(IMPORT_CSP, `SECURE_CSP = {…, ${set.map(([name, list]) => `${py(name)}: ${builtinList(list)}`).join(', ')}}`)}${usesNonce ? ` and nonce="{{ csp_nonce }}" on each ${tag} (context processor django.template.context_processors.csp)` : ''}`;
  }
  const assignments = set.map(([name, list]) => `${cspSetting(name)} = ${list.length === 0 ? 'True' : cspTuple(list.filter((v) => v !== NONCE))}`);
  if (usesNonce && !nonceIn.includes(directive)) assignments.push(`CSP_INCLUDE_NONCE_IN = (${[...nonceIn, directive].map(sq).join(', ')},)`);
  return withNote(
    `${settings(...assignments)}${usesNonce ? ` and nonce="{{ request.csp_nonce }}" on each ${tag}` : ''}`,
    usesNonce ? 'django-csp adds the nonce only to responses whose template reads request.csp_nonce' : 'a view decorated @csp_replace or @csp_update changes it per view',
  );
}

export function writeDjangoFix(goal: FixGoal, csp: DjangoCsp): string {
  switch (goal.kind) {
    case 'hsts': {
      const assignments: string[] = [];
      // SecurityMiddleware sends none until SECURE_HSTS_SECONDS is set (0 sends none), and never replaces one the response has.
      if (goal.foreign || goal.has?.maxAge === 0) {
        return withNote(
          settings(`SECURE_HSTS_SECONDS = ${goal.maxAge}`, 'SECURE_HSTS_INCLUDE_SUBDOMAINS = True', ...(goal.preload ? ['SECURE_HSTS_PRELOAD = True'] : [])),
          `SecurityMiddleware sends one well-formed Strict-Transport-Security and never replaces one the response has: ${OTHER_CODE} and remove it`,
        );
      }
      if (goal.has === undefined || goal.has.maxAge < goal.maxAge) assignments.push(`SECURE_HSTS_SECONDS = ${goal.maxAge}`);
      if (goal.includeSubDomains && !goal.has?.includeSubDomains) assignments.push('SECURE_HSTS_INCLUDE_SUBDOMAINS = True');
      if (goal.preload && !goal.has?.preload) assignments.push('SECURE_HSTS_PRELOAD = True');
      if (assignments.length === 0) return 'SecurityMiddleware sends one well-formed Strict-Transport-Security: remove the other code or proxy that adds one';
      const note = goal.has === undefined ? "SecurityMiddleware sends it only on requests it sees as https: behind a TLS proxy also SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https')" : undefined;
      return withNote(settings(...assignments), note);
    }
    case 'csp-policy':
      if (goal.api && csp === 'django-csp') {
        return `@csp_replace(${goal.directives.map(([name, values]) => `${name.toUpperCase().replace(/-/g, '_')}=${cspTuple(values)}`).join(', ')}) on the API views (from csp.decorators)`;
      }
      if (csp === 'builtin') {
        if (goal.reportOnly) return `${SETTINGS}SECURE_CSP = SECURE_CSP_REPORT_ONLY  (the report-only policy, now enforced)`;
        return withNote(
          `${SETTINGS}${IMPORT_CSP}; MIDDLEWARE += ['django.middleware.csp.ContentSecurityPolicyMiddleware']; SECURE_CSP = {${goal.directives.map(([name, values]) => `${py(name)}: ${builtinList(values)}`).join(', ')}}`,
          'Django 6.0+',
        );
      }
      if (goal.reportOnly) return settings('CSP_REPORT_ONLY = False');
      return withNote(
        settings("MIDDLEWARE += ['csp.middleware.CSPMiddleware']", ...goal.directives.map(([name, values]) => `${cspSetting(name)} = ${cspTuple(values)}`)),
        'django-csp; a view decorated @csp_exempt sends none',
      );
    case 'csp-directive':
      return cspDirectiveFix(goal.directive, goal.values, directivesOf(goal), goal.nonceIn, csp);
    case 'framing': {
      const target = goal.value === 'DENY' ? "'none'" : "'self'";
      const parts: string[] = [];
      if (goal.frameAncestors !== undefined && goal.frameAncestors !== target) {
        parts.push(csp === 'builtin' ? `${IMPORT_CSP}; SECURE_CSP = {…, 'frame-ancestors': [${BUILTIN_KEYWORDS[target]}]}` : `CSP_FRAME_ANCESTORS = (${py(target)},)`);
      }
      // Django's X_FRAME_OPTIONS is DENY by default: when none is sent, the middleware is what is missing (or the view is exempt).
      if (goal.xfo === undefined && goal.frameAncestors === undefined) parts.push("MIDDLEWARE += ['django.middleware.clickjacking.XFrameOptionsMiddleware']");
      else if (goal.xfo?.trim().toUpperCase() !== goal.value) parts.push(`X_FRAME_OPTIONS = ${sq(goal.value)}`);
      const note = goal.xfo === undefined ? 'X_FRAME_OPTIONS is DENY by default; a view decorated @xframe_options_exempt sends none' : undefined;
      return withNote(settings(...parts), note);
    }
    case 'set':
      switch (goal.header) {
        case 'X-Content-Type-Options':
          if (goal.received !== undefined && goal.received.trim().toLowerCase() !== 'nosniff') return `SecurityMiddleware sends only nosniff and never replaces an X-Content-Type-Options the response has: ${OTHER_CODE}`;
          return withNote(settings('SECURE_CONTENT_TYPE_NOSNIFF = True'), goal.received === undefined ? "on by default: look for 'django.middleware.security.SecurityMiddleware' missing from MIDDLEWARE" : undefined);
        case 'Referrer-Policy':
          return settings(`SECURE_REFERRER_POLICY = ${sq(goal.value)}`);
        case 'Cross-Origin-Opener-Policy':
          return `${settings(`SECURE_CROSS_ORIGIN_OPENER_POLICY = ${sq(goal.value)}`)}  (Django 4.0+; on 3.2 ${MIDDLEWARE_NOTE}: response[${sq(goal.header)}] = ${sq(goal.value)})`;
        default:
          return `${MIDDLEWARE_NOTE}: response[${sq(goal.header)}] = ${sq(goal.value)}  (Django has no setting for ${goal.header})`;
      }
    case 'xss-filter-off':
      return withNote(settings('SECURE_BROWSER_XSS_FILTER = False'), 'Django 4.0+ never sends it: if it is still there, look for the middleware or proxy that adds it');
    case 'remove':
      if (goal.header === 'Server' && /^wsgiserver\//i.test(goal.received)) return 'Serve the app with gunicorn or uwsgi behind a proxy that drops Server; runserver (wsgiref) always names itself';
      // wsgiref keeps a Server the app sets: another value is the app's own code (or the proxy's).
      if (goal.header === 'Server') return `look for the view or middleware that sets Server: ${goal.received} (or the proxy in front) and remove it; runserver (wsgiref) then names itself: in production serve with gunicorn or uwsgi behind a proxy that drops Server`;
      return `${MIDDLEWARE_NOTE}: del response[${sq(goal.header)}]`;
    case 'cookie': {
      const prefix = goal.name === 'sessionid' ? 'SESSION_COOKIE' : goal.name === 'csrftoken' ? 'CSRF_COOKIE' : undefined;
      if (prefix === undefined) {
        return `response.set_cookie(${sq(goal.name)}, value, secure=${pyBool(goal.secure)}, httponly=${pyBool(goal.httpOnly)}, samesite=${sq(goal.sameSite)})`;
      }
      const assignments: string[] = [];
      if (goal.secure && !goal.has.secure) assignments.push(`${prefix}_SECURE = True`);
      if (goal.httpOnly && !goal.has.httpOnly) assignments.push(`${prefix}_HTTPONLY = True`);
      if (goal.has.sameSite?.toLowerCase() !== goal.sameSite.toLowerCase()) assignments.push(`${prefix}_SAMESITE = ${sq(goal.sameSite)}`);
      const note = prefix === 'CSRF_COOKIE' && goal.httpOnly && !goal.has.httpOnly ? 'JavaScript that sends the token must then read it from the page, not the cookie' : undefined;
      return withNote(settings(...assignments), note);
    }
    case 'cors':
      return `CORS_ALLOWED_ORIGINS = ['https://app.example.com'] with django-cors-headers — list the trusted origins (${goal.text})`;
  }
}
