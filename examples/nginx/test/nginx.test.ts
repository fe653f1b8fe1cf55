/**
 * What each nginx site config of ../conf gives (Debian's nginx-light 1.22
 * with headers-more), judged on the responses a real nginx sends: the page,
 * a static asset from a location of its own, and a 404. nginx is taken to be
 * the TLS end (the tests speak http to 127.0.0.1), so the matcher is told
 * `https: true`.
 */
import { auditHeaders } from 'expect-secure-headers';
import { failingIds, failureMessage, only } from '../../report-helpers';
import { startNginx, type NginxConfig, type NginxSite } from './server';

const TLS = { https: true } as const;
const STRICT = { https: true, preset: 'strict' } as const;
const EVERY_LOCATION = 'in the server block and in every location with add_header lines of its own';

/** Starts one config for a describe block. */
function useSite(config: NginxConfig): () => NginxSite {
  let site: NginxSite | undefined;
  beforeAll(async () => {
    site = await startNginx(config);
  });
  afterAll(async () => {
    await site?.close();
  });
  return () => {
    if (!site) throw new Error(`nginx with conf/${config}.conf did not start`);
    return site;
  };
}

describe('defaults: nginx as installed', () => {
  const site = useSite('defaults');

  test('fails recommended; each fix is an add_header line with always, for the server block and every location that has its own', async () => {
    const report = auditHeaders(await fetch(site().url('/')), TLS);
    expect(failingIds(report)).toEqual(['csp/missing', 'hsts/missing', 'x-content-type-options/missing', 'x-frame-options/missing']);
    expect(only(report, 'hsts/missing').fix).toBe(`add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;  (${EVERY_LOCATION}, which drop the server-level ones)`);
  });

  test('strict: Server names the version; the fix is headers-more, since server_tokens off still sends "Server: nginx"', async () => {
    const res = await fetch(site().url('/'));
    expect(res.headers.get('server')).toMatch(/^nginx\/1\./);
    expect(only(auditHeaders(res, STRICT), 'disclosure/server-version').fix).toMatch(/^more_clear_headers Server;  \(headers-more: load_module .*server_tokens off; alone still sends "Server: nginx"\)$/);
  });

  test('the failing matcher names the finding and the directive', async () => {
    const res = await fetch(site().url('/'));
    const message = failureMessage(() => expect(res).toHaveSecureHeaders(TLS));
    expect(message).toContain('csp/missing');
    expect(message).toContain('add_header Content-Security-Policy');
  });
});

describe("pitfall: the headers at server level, and a location with an add_header of its own", () => {
  const site = useSite('pitfall');

  test('the page passes recommended', async () => {
    expect(await fetch(site().url('/'))).toHaveSecureHeaders(TLS);
  });

  test('/assets/ gets none of the server-level headers: its one add_header line drops them all', async () => {
    const res = await fetch(site().url('/assets/app.js'));
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(res.headers.has('strict-transport-security')).toBe(false);
    const report = auditHeaders(res, TLS);
    expect(failingIds(report)).toEqual(['hsts/missing', 'x-content-type-options/missing']);
    expect(only(report, 'hsts/missing').fix).toContain(EVERY_LOCATION);
  });

  test("X-XSS-Protection from nginx's own add_header: drop the line (more_clear_headers does not clear it)", async () => {
    const report = auditHeaders(await fetch(site().url('/')), STRICT);
    expect(only(report, 'deprecated/x-xss-protection').fix).toMatch(/^drop the add_header X-XSS-Protection line if nginx's config sends it; if the upstream app sends it, more_clear_headers X-XSS-Protection;/);
  });

  test('a 404 carries the headers too, because every add_header says always', async () => {
    const res = await fetch(site().url('/missing'));
    expect(res.status).toBe(404);
    expect(res).toHaveSecureHeaders(TLS);
  });
});

describe('hardened: one snippet included wherever add_header is used, Server removed', () => {
  const site = useSite('hardened');

  test('passes strict on the page, the asset and a 404', async () => {
    for (const path of ['/', '/assets/app.js', '/missing']) expect(await fetch(site().url(path))).toHaveSecureHeaders(STRICT);
  });

  test('more_clear_headers Server removed the header; the asset keeps its own Cache-Control', async () => {
    const page = await fetch(site().url('/'));
    expect(page.headers.has('server')).toBe(false);
    expect((await fetch(site().url('/assets/app.js'))).headers.get('cache-control')).toBe('public, max-age=3600');
  });

  test("with no Server header nginx is not recognised: say framework: 'nginx' to keep nginx's words", async () => {
    const res = await fetch(site().url('/'));
    const isolated = { ...STRICT, crossOriginIsolation: true } as const;
    expect(only(auditHeaders(res, isolated), 'cross-origin/coep-missing').fix).toBe('Cross-Origin-Embedder-Policy: require-corp');
    expect(only(auditHeaders(res, { ...isolated, framework: 'nginx' }), 'cross-origin/coep-missing').fix).toMatch(/^add_header Cross-Origin-Embedder-Policy "require-corp" always;/);
  });
});
