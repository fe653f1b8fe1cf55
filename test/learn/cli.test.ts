import { runBin } from '../cli/run-cli';
import type { RunningServer } from '../helpers/servers';
import { startCdn, startTalismanGuideApp } from './sites';

/** `expect-secure-headers learn-csp URL --crawl --framework flask-talisman`, the built binary, against the Flask-Talisman guide app with nonces. */
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

test('learn-csp prints the policy, what needed each source, the verification and the Talisman config', async () => {
  const run = await runBin(['learn-csp', app.url('/'), '--crawl', '--framework', 'flask-talisman']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('Learned from 2 page(s)');
  expect(run.stdout).toMatch(/Policy \(nonce-based strict[^\n]*\n {2}default-src 'none'; script-src 'nonce-\{nonce\}' 'strict-dynamic';/);
  expect(run.stdout).toContain(`connect-src ${cdn.origin}/api/data — ${cdn.origin}/api/data on ${app.url('/account')}`);
  expect(run.stdout).toContain('Verified: enforced on 2 page(s), no violation.');
  expect(run.stdout).toContain("content_security_policy_nonce_in=['script-src'], content_security_policy_report_only=True");
}, 180_000);

test('learn-csp refuses a bad framework before launching anything', async () => {
  const run = await runBin(['learn-csp', 'http://127.0.0.1:1/', '--framework', 'rails']);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/Allowed choices are flask-talisman, helmet, django, nginx, header/);
});
