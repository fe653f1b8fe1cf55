import { NONCE, type CspDirectives, type FixGoal } from './types';
import { dq } from './quote';
import { cookieAttributes, hstsValue } from './header';
import { withNote } from './node-common';

/**
 * nginx (1.22, with the headers-more module where plain nginx cannot):
 * add_header only adds (a second header when one is there already), applies
 * to error responses only with `always`, and a block with add_header lines of
 * its own inherits none from the enclosing block, so a location with one
 * add_header drops every server-level one. Plain nginx cannot remove a
 * header it makes itself (server_tokens off leaves "Server: nginx"); headers-
 * more's more_clear_headers / more_set_headers can. The nonce is $request_id,
 * written into <script>/<style> tags by sub_filter.
 */
const INHERIT = 'in the server block and in every location with add_header lines of its own, which drop the server-level ones';
const REPLACE = (header: string) => `in place of the add_header ${header} that sends the old value (if the upstream app sends it, also proxy_hide_header ${header};)`;
const HEADERS_MORE = 'headers-more: load_module modules/ngx_http_headers_more_filter_module.so;';

function addHeader(header: string, value: string, received: string | undefined): string {
  return withNote(`add_header ${header} ${dq(value)} always;`, received === undefined ? INHERIT : REPLACE(header));
}

/**
 * A header nginx should stop sending. Where it comes from decides the fix:
 * more_clear_headers does not clear what an add_header of the same config
 * sets (measured on Debian's nginx 1.22 with its headers-more module: the
 * header still came), so nginx's own header is removed by dropping its
 * add_header line, and more_clear_headers is for what the upstream app sends.
 */
function removal(header: string): string {
  return withNote(
    `drop the add_header ${header} line if nginx's config sends it; if the upstream app sends it, more_clear_headers ${header};`,
    `${HEADERS_MORE} it does not clear a header add_header sets; in plain nginx, proxy_hide_header ${header}; (fastcgi_hide_header for fastcgi_pass)`,
  );
}

function policyText(policy: CspDirectives): string {
  return policy.map(([name, values]) => `${name} ${values.map((v) => (v === NONCE ? "'nonce-$request_id'" : v)).join(' ')}`.trim()).join('; ');
}

function cspHeader(policy: CspDirectives, received: boolean): string {
  const nonce = policy.some(([, values]) => values.includes(NONCE));
  const tags = policy.filter(([name, values]) => values.includes(NONCE)).map(([name]) => (name.startsWith('style') ? 'style' : 'script'));
  const subs = [...new Set(tags)].map((tag) => ` sub_filter '<${tag}' '<${tag} nonce="$request_id"';`).join('');
  return withNote(`add_header Content-Security-Policy ${dq(policyText(policy))} always;${nonce ? ` sub_filter_once off;${subs}` : ''}`, received ? REPLACE('Content-Security-Policy') : INHERIT);
}

export function writeNginxFix(goal: FixGoal): string {
  switch (goal.kind) {
    case 'hsts':
      return addHeader('Strict-Transport-Security', hstsValue(goal), goal.has === undefined ? undefined : 'present');
    case 'csp-policy':
      if (goal.api) return `add_header Content-Security-Policy ${dq(policyText(goal.directives))} always;  (in the API location blocks)`;
      if (goal.reportOnly) return withNote(`add_header Content-Security-Policy ${dq(policyText(goal.directives))} always;`, 'in place of add_header Content-Security-Policy-Report-Only');
      return cspHeader(goal.directives, false);
    case 'csp-directive':
      return cspHeader(goal.policy, true);
    case 'framing': {
      const target = goal.value === 'DENY' ? "'none'" : "'self'";
      const lines: string[] = [];
      if (goal.frameAncestors !== undefined && goal.frameAncestors !== target && goal.policy) lines.push(cspHeader(goal.policy, true));
      if (goal.xfo?.trim().toUpperCase() !== goal.value) lines.push(addHeader('X-Frame-Options', goal.value, goal.xfo));
      return lines.join(' and ');
    }
    case 'set':
      return addHeader(goal.header, goal.value, goal.received);
    case 'xss-filter-off':
      return removal('X-XSS-Protection');
    case 'remove':
      if (goal.header === 'Server') return withNote('more_clear_headers Server;', `${HEADERS_MORE} server_tokens off; alone still sends "Server: nginx"`);
      return removal(goal.header);
    case 'cookie':
      // proxy_cookie_flags only adds flags: an attribute that must go is the app's to drop.
      if (goal.drop?.length) {
        return `the app behind nginx sets it: have it send Set-Cookie: ${goal.name}=…; ${cookieAttributes(goal).join('; ')} without ${goal.drop.join(', ')}  (proxy_cookie_flags can add flags but not remove ${goal.drop.join(', ')})`;
      }
      return withNote(
        `proxy_cookie_flags ${goal.name}${goal.secure ? ' secure' : ''}${goal.httpOnly ? ' httponly' : ''} samesite=${goal.sameSite.toLowerCase()};`,
        'for cookies the proxied app sets; one nginx sets itself with add_header Set-Cookie carries its flags in the value',
      );
    case 'cors':
      return `map $http_origin $cors_origin { default ""; "https://app.example.com" $http_origin; } add_header Access-Control-Allow-Origin $cors_origin always; add_header Vary Origin always;  (${goal.text})`;
  }
}
