import { directivesOf, NONCE, type FixGoal, type SettableHeader } from './types';
import { py, pyBool, sq } from './quote';
import { withNote } from './node-common';

/**
 * Flask-Talisman, read from its source (Debian's 1.0, and 1.1): HSTS only on
 * https requests (request.is_secure or X-Forwarded-Proto: https) with
 * max-age 31556926 and includeSubDomains; frame_options SAMEORIGIN; CSP
 * default-src 'self', object-src 'none'; a nonce only in the directives of
 * content_security_policy_nonce_in; session cookie Secure (not in debug),
 * HttpOnly, SameSite Lax; Referrer-Policy strict-origin-when-cross-origin;
 * X-XSS-Protection "1; mode=block" by default in 1.0, off by default in 1.1.
 * Per view (@talisman(...)) only force_https, frame_options, CSP, its nonce
 * list and the feature/permissions/document policies can change.
 */
export type TalismanVersion = '1.0' | '1.1' | undefined;

/** Talisman sets its headers in its own after_request hook, so only code that runs after it can send another value. */
const AFTER_TALISMAN = 'look for the code that sets this one after it (an @app.after_request hook registered before Talisman(app) runs after Talisman\'s) or the proxy in front';

const PER_VIEW = 'a view decorated @talisman(content_security_policy=…) overrides it: change it there too';

function talisman(...kwargs: string[]): string {
  return `Talisman(app, …, ${kwargs.join(', ')})`;
}

function afterRequest(statement: string): string {
  return `@app.after_request: ${statement}`;
}

export function writeTalismanFix(goal: FixGoal, version: TalismanVersion): string {
  switch (goal.kind) {
    case 'hsts': {
      if (goal.foreign) return `Talisman sends one well-formed Strict-Transport-Security (on https requests): ${AFTER_TALISMAN}`;
      if (goal.has === undefined) {
        return 'Talisman sends Strict-Transport-Security only on https requests (request.is_secure, or X-Forwarded-Proto: https from the proxy): serve over TLS or have the proxy send X-Forwarded-Proto: https, and drop strict_transport_security=False if you pass it';
      }
      const kwargs: string[] = [];
      if (goal.has.maxAge < goal.maxAge) kwargs.push(`strict_transport_security_max_age=${goal.maxAge}`);
      if (goal.includeSubDomains && !goal.has.includeSubDomains) kwargs.push('strict_transport_security_include_subdomains=True');
      if (goal.preload && !goal.has.preload) kwargs.push('strict_transport_security_preload=True');
      // A malformed or doubled header is not Talisman's: only one writer may send it.
      if (kwargs.length === 0) return 'Talisman sends one well-formed Strict-Transport-Security: remove the other code or proxy that adds one';
      return talisman(...kwargs);
    }
    case 'csp-policy':
      if (goal.api) return `@talisman(content_security_policy={${goal.directives.map(([name, values]) => `${sq(name)}: ${py(values.join(' '))}`).join(', ')}}) on the API views`;
      if (goal.reportOnly) return 'Talisman(app, …) and drop content_security_policy_report_only=True';
      return withNote(talisman(`content_security_policy={${goal.directives.map(([name, values]) => `${sq(name)}: ${py(values.join(' '))}`).join(', ')}}`), `Talisman sends its default policy unless content_security_policy=None; ${PER_VIEW}`);
    case 'csp-directive': {
      const usesNonce = goal.values.includes(NONCE);
      const entries = directivesOf(goal).map(([name, values]) => `${sq(name)}: ${py(values.filter((v) => v !== NONCE).join(' '))}`);
      const kwargs = [`content_security_policy={…, ${entries.join(', ')}}`];
      if (usesNonce && !goal.nonceIn.includes(goal.directive)) kwargs.push(`content_security_policy_nonce_in=[${[...goal.nonceIn, goal.directive].map(sq).join(', ')}]`);
      const tag = goal.directive.startsWith('style') ? '<style>' : '<script>';
      return `${talisman(...kwargs)}${usesNonce ? ` and nonce="{{ csp_nonce() }}" on each ${tag}` : ''}  (${PER_VIEW})`;
    }
    case 'framing': {
      const target = goal.value === 'DENY' ? "'none'" : "'self'";
      const kwargs: string[] = [];
      if (goal.frameAncestors !== undefined && goal.frameAncestors !== target) kwargs.push(`content_security_policy={…, 'frame-ancestors': ${py(target)}}`);
      if (goal.xfo?.trim().toUpperCase() !== goal.value) kwargs.push(`frame_options=${sq(goal.value)}`);
      return withNote(talisman(...kwargs), 'a view decorated @talisman(frame_options=…) overrides it');
    }
    case 'set':
      return setHeader(goal.header, goal.value, goal.received);
    case 'xss-filter-off':
      if (version === '1.1') return 'Talisman(app, …) and drop x_xss_protection=True  (Flask-Talisman 1.1 sends no X-XSS-Protection by default)';
      if (version === '1.0') return talisman('x_xss_protection=False');
      return withNote(talisman('x_xss_protection=False'), 'Flask-Talisman 1.0 sends it by default, 1.1 only with x_xss_protection=True');
    case 'remove':
      if (goal.header === 'Server') return 'Run the app under a production server (gunicorn, uwsgi) behind a proxy that drops Server; the Werkzeug dev server always names itself';
      if (goal.header === 'Feature-Policy') return 'Talisman(app, …, permissions_policy={…}) and drop feature_policy';
      return afterRequest(`response.headers.pop(${sq(goal.header)}, None)`);
    case 'cookie': {
      if (goal.name === 'session') {
        const kwargs: string[] = [];
        if (goal.secure && !goal.has.secure) kwargs.push('session_cookie_secure=True');
        if (goal.httpOnly && !goal.has.httpOnly) kwargs.push('session_cookie_http_only=True');
        if (goal.has.sameSite?.toLowerCase() !== goal.sameSite.toLowerCase()) kwargs.push(`session_cookie_samesite=${sq(goal.sameSite)}`);
        const note = goal.secure && !goal.has.secure ? 'Talisman does not mark it Secure in debug mode' : undefined;
        return withNote(talisman(...kwargs), note);
      }
      return `response.set_cookie(${sq(goal.name)}, value, secure=${pyBool(goal.secure)}, httponly=${pyBool(goal.httpOnly)}, samesite=${sq(goal.sameSite)}, path='/')`;
    }
    case 'cors':
      return `CORS(app, origins=['https://app.example.com'], supports_credentials=True) from flask-cors — list the trusted origins (${goal.text})`;
  }
}

const TALISMAN_OPTION: Partial<Record<SettableHeader, (value: string) => string>> = {
  'X-Content-Type-Options': () => 'x_content_type_options=True',
  'Referrer-Policy': (value) => `referrer_policy=${sq(value)}`,
  'Permissions-Policy': (value) =>
    `permissions_policy={${value
      .split(/,\s*/)
      .map((member) => {
        const eq = member.indexOf('=');
        return `${sq(member.slice(0, eq))}: ${sq(member.slice(eq + 1))}`;
      })
      .join(', ')}}`,
};

function setHeader(header: SettableHeader, value: string, received: string | undefined): string {
  const option = TALISMAN_OPTION[header];
  // Talisman sends only nosniff: another value comes from code that runs after it.
  if (header === 'X-Content-Type-Options' && received !== undefined && received.trim().toLowerCase() !== 'nosniff') {
    return withNote(talisman(option!(value)), `if it is on already (the default), ${AFTER_TALISMAN}`);
  }
  // Talisman has no option for COOP, COEP, CORP: Flask's after_request hook sets them.
  return option ? talisman(option(value)) : afterRequest(`response.headers[${sq(header)}] = ${sq(value)}`);
}
