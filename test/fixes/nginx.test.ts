import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchHeaderSet } from '../helpers/apps';
import { startNginx } from '../helpers/nginx';
import { proveFixes, type FixCase, type FrameworkHarness } from './prove';

/**
 * nginx fixes, proved on Debian's nginx-light 1.22 with headers-more: one
 * nginx serves every configuration. Configuration i is `location /c<i>/`
 * (the level a fix calls "the server block": add_header inherits from it
 * exactly as from server {}) with the page in a nested location that may
 * have add_header lines of its own, and, for headers an upstream app sends,
 * a backend location the page proxies to. A fix is applied as it says: an
 * add_header goes to the outer block and to an inner block that has
 * add_header lines of its own, replacing a line of the same header; other
 * directives go to the outer block.
 */
interface NginxConfig {
  outer: string[];
  inner: string[];
  /** Directives of the upstream app the page is proxied to (undefined: the page is nginx's own). */
  upstream?: string[];
}

const ROOT = mkdtempSync(join(tmpdir(), 'nginx-fix-root-'));
writeFileSync(join(ROOT, 'index.html'), '<!doctype html><title>t</title><style>p{}</style><script>1</script><p>ok');

function block(configs: readonly NginxConfig[]): string {
  return configs
    .map((c, i) => {
      const page = c.upstream
        ? `proxy_pass http://127.0.0.1:$server_port/b${i}/;`
        : `alias ${ROOT}/; index index.html;`;
      return `    location /c${i}/ {\n${c.outer.map((d) => `      ${d}\n`).join('')}      location /c${i}/page/ {\n${c.inner.map((d) => `        ${d}\n`).join('')}        ${page}\n      }\n    }\n` +
        `    location /b${i}/ {\n${(c.upstream ?? []).map((d) => `      ${d}\n`).join('')}      alias ${ROOT}/; index index.html;\n    }\n`;
    })
    .join('');
}

const harness: FrameworkHarness<NginxConfig> = {
  async start(configs) {
    const server = await startNginx({ root: ROOT, server: block(configs) });
    return { fetch: (i) => fetchHeaderSet(server.url(`/c${i}/page/`)), close: () => server.close() };
  },
  apply(fix, config) {
    const code = fix.split('  (')[0]!.split(' and ').join(' ');
    // "drop the add_header H line if nginx's config sends it; if the upstream
    // app sends it, more_clear_headers H;": both halves are applied (each is a
    // no-op where the header does not come from there).
    const dropped = [...code.matchAll(/drop the add_header (\S+) line/g)].map((m) => m[1]!.toLowerCase());
    const kept = (d: string) => !dropped.some((h) => d.toLowerCase().startsWith(`add_header ${h} `));
    config = { ...config, outer: config.outer.filter(kept), inner: config.inner.filter(kept) };
    const directives = code.replace(/drop the add_header \S+ line/g, '').match(/(?:add_header|more_clear_headers|more_set_headers|proxy_hide_header|proxy_cookie_flags|sub_filter_once|sub_filter|server_tokens)\s(?:[^;"']|"(?:[^"\\]|\\.)*"|'[^']*')*;/g);
    if (!directives) return dropped.length > 0 ? config : undefined;
    let outer = [...config.outer];
    let inner = [...config.inner];
    const innerHasOwn = inner.some((d) => d.startsWith('add_header '));
    for (const directive of directives) {
      const header = /^add_header (\S+)/.exec(directive)?.[1];
      if (header) {
        const same = (d: string) => d.toLowerCase().startsWith(`add_header ${header.toLowerCase()} `);
        outer = [...outer.filter((d) => !same(d)), directive];
        inner = innerHasOwn ? [...inner.filter((d) => !same(d)), directive] : inner.filter((d) => !same(d));
      } else outer.push(directive);
    }
    return { ...config, outer, inner };
  },
};

const nginx = { framework: 'nginx' } as const;
const strict = { preset: 'strict', framework: 'nginx' } as const;
const HSTS = 'add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;';

const cases: Array<FixCase<NginxConfig>> = [
  { name: 'no HSTS', id: 'hsts/missing', config: { outer: [], inner: [] }, options: nginx, fixContains: 'always;' },
  {
    name: 'HSTS dropped by a location with add_header of its own',
    id: 'hsts/missing',
    config: { outer: [HSTS], inner: ['add_header X-Content-Type-Options nosniff always;'] },
    options: nginx,
    fixContains: 'in every location with add_header lines of its own',
  },
  { name: 'HSTS an hour', id: 'hsts/max-age-too-short', config: { outer: ['add_header Strict-Transport-Security "max-age=3600; includeSubDomains" always;'], inner: [] }, options: nginx },
  { name: 'no CSP', id: 'csp/missing', config: { outer: [HSTS], inner: [] }, options: nginx },
  {
    name: "script-src 'unsafe-inline'",
    id: 'csp/script-unsafe-inline',
    config: { outer: [HSTS, `add_header Content-Security-Policy "default-src 'self'; script-src 'self' 'unsafe-inline'; object-src 'none'" always;`], inner: [] },
    options: nginx,
    fixContains: `'nonce-$request_id'`,
  },
  { name: 'no X-Frame-Options', id: 'x-frame-options/missing', config: { outer: [HSTS], inner: [] }, options: nginx },
  { name: 'SAMEORIGIN at strict', id: 'x-frame-options/sameorigin', config: { outer: [HSTS, 'add_header X-Frame-Options SAMEORIGIN always;'], inner: [] }, options: strict },
  { name: 'no nosniff', id: 'x-content-type-options/missing', config: { outer: [HSTS], inner: [] }, options: nginx },
  { name: 'unsafe-url', id: 'referrer-policy/unsafe', config: { outer: [HSTS, 'add_header Referrer-Policy unsafe-url always;'], inner: [] }, options: nginx },
  { name: 'no Permissions-Policy at strict', id: 'permissions-policy/missing', config: { outer: [HSTS], inner: [] }, options: strict },
  { name: 'no COOP at strict', id: 'cross-origin/coop-missing', config: { outer: [HSTS], inner: [] }, options: strict },
  { name: 'no CORP at strict', id: 'cross-origin/corp-missing', config: { outer: [HSTS], inner: [] }, options: strict },
  {
    name: "X-XSS-Protection 1 from nginx's own add_header",
    id: 'deprecated/x-xss-protection',
    config: { outer: [HSTS, 'add_header X-XSS-Protection "1; mode=block" always;'], inner: [] },
    options: nginx,
    fixContains: 'drop the add_header X-XSS-Protection line',
  },
  {
    name: 'X-XSS-Protection 1 from the upstream app',
    id: 'deprecated/x-xss-protection',
    config: { outer: [HSTS], inner: [], upstream: ['add_header X-XSS-Protection "1; mode=block";'] },
    options: nginx,
    fixContains: 'more_clear_headers X-XSS-Protection;',
  },
  { name: "Expect-CT from nginx's own add_header", id: 'deprecated/expect-ct', config: { outer: [HSTS, 'add_header Expect-CT "max-age=86400, enforce" always;'], inner: [] }, options: nginx },
  { name: 'Server with version', id: 'disclosure/server-version', config: { outer: [HSTS], inner: [] }, options: strict, fixContains: 'more_clear_headers Server;' },
  {
    name: 'X-Powered-By from the upstream app',
    id: 'disclosure/x-powered-by',
    config: { outer: [HSTS], inner: [], upstream: ['add_header X-Powered-By PHP/8.2.7;'] },
    options: nginx,
  },
  {
    name: 'an upstream session cookie without flags',
    id: 'cookies/secure-missing',
    directive: 'sid',
    config: { outer: [HSTS], inner: [], upstream: ['add_header Set-Cookie "sid=1; Path=/";'] },
    options: nginx,
    fixContains: 'proxy_cookie_flags sid secure httponly samesite=lax;',
  },
];

describe('nginx 1.22 + headers-more fixes, applied to a real nginx', () => {
  proveFixes(harness, cases);
});
