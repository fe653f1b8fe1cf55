import { mkdtempSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SOUND_HEADERS, startServer } from '../helpers/servers';
import { runHere } from './run-cli';

/**
 * The baseline records each page's CSP; a later scan fails when a page's
 * policy allows more, even though no finding id changed (a new host in
 * script-src is no new finding). The site's headers change between runs, as
 * a deploy would change them; each response carries a fresh nonce.
 */
test('scan --baseline fails when a page’s CSP got weaker, and only then', async () => {
  const policies: Record<string, string> = {
    '/': "default-src 'self'; script-src 'nonce-{n}' 'strict-dynamic'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    '/shop': "default-src 'self'; script-src 'self' https://pay.example; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  };
  const server = await startServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    for (const [name, value] of Object.entries(SOUND_HEADERS)) res.setHeader(name, value);
    res.setHeader('content-security-policy', (policies[path] ?? policies['/']!).replace('{n}', randomBytes(12).toString('base64')));
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end('<!doctype html><title>t</title><p>ok</p>');
  });
  try {
    const dir = mkdtempSync(join(tmpdir(), 'esh-baseline-csp-'));
    const file = join(dir, 'baseline.json');
    const urls = [server.url('/'), server.url('/shop')];
    const scan = (...extra: string[]) => runHere(['scan', ...urls, '--headers-only', '--baseline', file, ...extra]);

    expect((await scan('--update-baseline')).code).toBe(0);
    const written = JSON.parse(readFileSync(file, 'utf8'));
    expect(written.pages['/shop'].csp).toEqual([policies['/shop']]);
    expect(written.pages['/'].csp[0]).toMatch(/^default-src 'self'; script-src 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);

    // A fresh nonce on every response, and the same policy reordered: no change.
    policies['/shop'] = "script-src https://pay.example 'self'; default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'";
    const same = await scan();
    expect(same.stderr).not.toContain('weaker');
    expect(same.code).toBe(0);

    // A new host in script-src: the same finding ids, yet weaker.
    policies['/shop'] = "default-src 'self'; script-src 'self' https://pay.example https://cdn.example; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    const weaker = await scan();
    expect(weaker.code).toBe(1);
    expect(weaker.stderr).toContain('the CSP of /shop is weaker than the baseline records (1 change):');
    expect(weaker.stderr).toContain('✕ script-src (for script-src-elem, worker-src) now also allows https://cdn.example/ through https://cdn.example; it did not');
    expect(weaker.stderr).not.toContain('the CSP of / is');

    // Tighter is fine.
    policies['/shop'] = "default-src 'none'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    expect((await scan()).code).toBe(0);

    // --fail-on none reports, never fails.
    policies['/'] = "default-src 'self'; script-src 'nonce-{n}' 'strict-dynamic' 'unsafe-eval'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    const reportOnly = await scan('--fail-on', 'none');
    expect(reportOnly.stderr).toContain("the CSP of / is weaker");
    expect(reportOnly.code).toBe(0);
  } finally {
    server.close();
  }
});
