import { cspRule } from '../../src/rules/csp';
import { fetchHeaderSet, ruleContext, startHelmetApp } from '../helpers/apps';
import { detectFramework } from '../../src/rules/fix';
import { startHeaderServer } from '../helpers/servers';

// The CSP rule on real responses: presence, report-only alone, the engine's
// findings as `csp/<type>`, and fixes worded for the framework.

test('no CSP, and a report-only policy alone, are high findings of their own', async () => {
  const server = await startHeaderServer([], {
    '/none': [],
    '/report-only': [['Content-Security-Policy-Report-Only', "default-src 'self'"]],
  });
  try {
    const none = cspRule.check(await fetchHeaderSet(server.url('/none')), ruleContext());
    expect(none.map((f) => `${f.id}:${f.severity}`)).toEqual(['csp/missing:high']);
    const reportOnly = cspRule.check(await fetchHeaderSet(server.url('/report-only')), ruleContext());
    expect(reportOnly.map((f) => `${f.id}:${f.severity}`)).toEqual(['csp/report-only:high']);
    expect(reportOnly[0]!.received).toContain("Content-Security-Policy-Report-Only: default-src 'self'");
  } finally {
    await server.close();
  }
});

test("helmet with 'unsafe-inline' scripts: high, and the fix is the helmet option", async () => {
  const app = await startHelmetApp({
    helmet: { contentSecurityPolicy: { directives: { scriptSrc: ["'self'", "'unsafe-inline'"] } } },
  });
  try {
    const headers = await fetchHeaderSet(app.url());
    const context = ruleContext({ framework: detectFramework(headers) });
    const inline = cspRule.check(headers, context).find((f) => f.id === 'csp/script-unsafe-inline');
    expect(inline?.severity).toBe('high');
    expect(inline?.directive).toBe('script-src');
    expect(inline?.fix).toContain('helmet({ contentSecurityPolicy: { directives: { scriptSrc: [(req, res) => `\'nonce-${res.locals.cspNonce}\'`, "\'strict-dynamic\'"] } } })');
  } finally {
    await app.close();
  }
});

test('the same finding for Flask-Talisman and for a bare header', async () => {
  const server = await startHeaderServer([
    ['Server', 'Werkzeug/3.0.1 Python/3.11.2'],
    ['Content-Security-Policy', "default-src 'self'; script-src 'self' 'unsafe-inline'; object-src 'none'"],
  ]);
  try {
    const headers = await fetchHeaderSet(server.url());
    const talisman = cspRule.check(headers, ruleContext({ framework: detectFramework(headers) })).find((f) => f.id === 'csp/script-unsafe-inline');
    expect(talisman?.fix).toContain(`Talisman(app, …, content_security_policy={…, 'script-src': "'strict-dynamic'", 'base-uri': "'none'"}, content_security_policy_nonce_in=['script-src'])`);
    const plain = cspRule.check(headers, ruleContext({ framework: 'header' })).find((f) => f.id === 'csp/script-unsafe-inline');
    expect(plain?.fix).toMatch(/^Content-Security-Policy: … script-src 'nonce-\{random per response\}' 'strict-dynamic'/);
  } finally {
    await server.close();
  }
});

test("several enforced policies: a weakness counts only where every policy has it", async () => {
  const server = await startHeaderServer([
    ['Content-Security-Policy', "script-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'"],
    ['Content-Security-Policy', "script-src 'nonce-abcdefghijklmnop'"],
  ]);
  try {
    const ids = cspRule.check(await fetchHeaderSet(server.url()), ruleContext()).map((f) => f.id);
    expect(ids).not.toContain('csp/script-unsafe-inline');
  } finally {
    await server.close();
  }
});
