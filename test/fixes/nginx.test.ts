import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchHeaderSet } from '../helpers/apps';
import { startNginx } from '../helpers/nginx';
import { NGINX_CASES, NGINX_SCENARIO_CASES, type NginxConfig } from './cases/nginx';
import { proveFixes, type FrameworkHarness } from './prove';

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
    // "the app behind nginx sets it: have it send Set-Cookie: name=…; attributes without X": the upstream's field, its value kept.
    const resend = /^the app behind nginx sets it: have it send Set-Cookie: ([^=]+)=…; (.+?) without /.exec(fix);
    if (resend) {
      const [, name, attributes] = resend as unknown as [string, string, string];
      const upstream = (config.upstream ?? []).map((d) => {
        const field = /^add_header Set-Cookie "([^=]+)=([^;"]*)/.exec(d);
        return field && field[1] === name ? `add_header Set-Cookie "${name}=${field[2]}; ${attributes}";` : d;
      });
      return { ...config, upstream };
    }
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

describe('nginx 1.22 + headers-more fixes, applied to a real nginx', () => {
  proveFixes(harness, [...NGINX_CASES, ...NGINX_SCENARIO_CASES]);
});
