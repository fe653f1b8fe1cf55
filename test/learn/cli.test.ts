import { runHere } from '../cli/run-cli';
import type { RunningServer } from '../helpers/servers';
import { startCdn, startTalismanGuideApp } from './sites';

/** `expect-secure-headers learn-csp URL --crawl --origins CDN --framework flask-talisman`, the bundled binary, against the Flask-Talisman guide app with nonces and its CDN. */
let cdn: RunningServer;
let app: RunningServer;
beforeAll(async () => {
  cdn = await startCdn();
  app = await startTalismanGuideApp('guide_nonce', cdn.origin);
}, 60_000);
afterAll(async () => {
  await app?.close();
  await cdn?.close();
});

test('learn-csp on a two-origin local site (app + CDN): the policy, what needed each source, the verification and the Talisman config', async () => {
  // The CDN is another loopback origin: its stylesheet loads a font, which is learned only when the CLI's Chromium lets
  // the stylesheet through (--origins) and does not refuse it as a public-to-local request (Local Network Access, off in its launch).
  const run = await runHere(['learn-csp', app.url('/'), '--crawl', '--origins', cdn.origin, '--framework', 'flask-talisman']);
  console.log(run.stdout); // the README's example is this output
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('Learned from 2 page(s)');
  expect(run.stdout).toMatch(/Policy \(nonce-based strict[^\n]*\n {2}default-src 'none'; script-src 'nonce-\{nonce\}' 'strict-dynamic';/);
  expect(run.stdout).toContain(`connect-src ${cdn.origin}/api/data — ${cdn.origin}/api/data on ${app.url('/account')}`);
  expect(run.stdout).toContain(`font-src ${cdn.origin}/fonts/learn.woff2 — ${cdn.origin}/fonts/learn.woff2 on ${app.url('/')}`);
  expect(run.stdout).toContain("'font-src': \"" + cdn.origin + '/fonts/learn.woff2",');
  expect(run.stdout).not.toContain('Not loaded while learning');
  expect(run.stdout).toContain('Verified: enforced on 2 page(s), no violation.');
  expect(run.stdout).toContain("content_security_policy_nonce_in=['script-src'], content_security_policy_report_only=True");
}, 180_000);

test('learn-csp refuses a bad framework before launching anything', async () => {
  const run = await runHere(['learn-csp', 'http://127.0.0.1:1/', '--framework', 'rails']);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/Allowed choices are flask-talisman, helmet, django, nginx, header/);
});
