import { auditHeaderSet } from '../../src/audit';
import type { Framework } from '../../src/fixes';
import { createHeaderSet } from '../../src/response/header-set';

/**
 * Fixes the real-app proofs (test/fixes/*.test.ts, cases/scenarios.ts) found
 * wrong when applied, each pinned here on the response that showed it: the
 * fix named an option that changes nothing, resent the header it should
 * replace, or asked nginx for what proxy_cookie_flags cannot do.
 */
const fixOf = (fields: Array<[string, string]>, id: string, framework: Framework, preset?: 'strict') => {
  const report = auditHeaderSet(createHeaderSet([['content-type', 'text/html'], ...fields], { url: 'https://app.example/' }), { https: true, framework, ...(preset ? { preset } : {}) });
  const found = report.findings.find((f) => f.id === id);
  if (!found) throw new Error(`no ${id}: ${report.findings.map((f) => f.id).join(', ')}`);
  return found.fix;
};

test('a report-only Integrity-Policy is fixed by enforcing it, not by resending the report-only header', () => {
  const fields: Array<[string, string]> = [['Integrity-Policy-Report-Only', 'blocked-destinations=(script style)']];
  expect(fixOf(fields, 'integrity-policy/report-only', 'header')).toBe('Integrity-Policy: blocked-destinations=(script style)');
});

test.each([
  ['x-permitted-cross-domain-policies/invalid', 'X-Permitted-Cross-Domain-Policies', 'nope'],
  ['clear-site-data/invalid', 'Clear-Site-Data', 'cache, cookies'],
  ['integrity-policy/invalid', 'Integrity-Policy', 'blocked-destinations=(script'],
])('nginx replaces the add_header that sends a bad value (%s), rather than adding a second one', (id, header, value) => {
  expect(fixOf([[header, value]], id, 'nginx')).toContain(`in place of the add_header ${header} that sends the old value`);
});

test.each([
  ['__Host-theme=dark; Path=/; Secure; HttpOnly; SameSite=Lax; Domain=app.example', 'cookies/host-prefix-invalid', 'Domain'],
  ['sid=1; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=31536000', 'cookies/session-long-lived', 'Max-Age'],
  ['theme=dark; Path=/; Secure; HttpOnly; SameSite=Lax; Partitioned', 'cookies/partitioned-not-cross-site', 'Partitioned'],
])('nginx cannot drop a cookie attribute: the fix asks the app for the field without it (%s)', (cookie, id, attribute) => {
  const fix = fixOf([['Set-Cookie', cookie]], id, 'nginx');
  expect(fix).toMatch(/^the app behind nginx sets it: have it send Set-Cookie: /);
  expect(fix).toContain(`without ${attribute}`);
  expect(fix).not.toMatch(/^proxy_cookie_flags/);
});

test.each([
  [[['Strict-Transport-Security', 'max-age=1y']], 'hsts/max-age-invalid'],
  [[['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'], ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains']], 'hsts/multiple-headers'],
  [[['X-Content-Type-Options', 'nosniff, nosniff']], 'x-content-type-options/multiple-values'],
  [[['X-Frame-Options', 'ALLOWALL']], 'x-frame-options/invalid'],
  [[['Referrer-Policy', 'no-referer, no-referrer']], 'referrer-policy/unknown-token'],
  [[['Cross-Origin-Opener-Policy', 'same-orign']], 'cross-origin/coop-invalid'],
] as Array<[Array<[string, string]>, string]>)('a value helmet never sends is set after helmet: the fix says to look for that code (%j)', (fields, id) => {
  for (const framework of ['helmet', 'fastify-helmet', 'koa-helmet'] as const) expect(fixOf(fields, id, framework)).toContain('look for the middleware or proxy that sets it after helmet()');
});

test('a value helmet can send keeps the helmet option alone (max-age=0 is strictTransportSecurity: { maxAge: 0 })', () => {
  expect(fixOf([['Strict-Transport-Security', 'max-age=0']], 'hsts/max-age-zero', 'helmet')).toBe('helmet({ strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true } })');
});

test('Talisman and Django send one well-formed HSTS (and Django never replaces one): a malformed one is other code', () => {
  const fields: Array<[string, string]> = [['Strict-Transport-Security', 'includeSubDomains']];
  expect(fixOf(fields, 'hsts/max-age-missing', 'flask-talisman')).toContain('an @app.after_request hook registered before Talisman(app) runs after Talisman');
  expect(fixOf(fields, 'hsts/max-age-missing', 'django')).toContain('never replaces one the response has: look for the view or middleware that sets this one');
  expect(fixOf([['X-Content-Type-Options', 'nosnif']], 'x-content-type-options/invalid', 'django')).toContain('never replaces an X-Content-Type-Options the response has');
});

test("app.disable('x-powered-by') reaches only Express's own X-Powered-By: another value is removed where it is set", () => {
  expect(fixOf([['X-Powered-By', 'Express']], 'disclosure/x-powered-by', 'helmet')).toMatch(/^app\.disable\('x-powered-by'\)/);
  expect(fixOf([['X-Powered-By', 'PHP/8.2.7']], 'disclosure/x-powered-by', 'helmet')).toBe("app.use((req, res, next) => { res.removeHeader('X-Powered-By'); next(); })");
});

test('Django sends no HSTS for SECURE_HSTS_SECONDS = 0, so max-age=0 is other code: the fix names the setting and that code', () => {
  const fix = fixOf([['Strict-Transport-Security', 'max-age=0']], 'hsts/max-age-zero', 'django');
  expect(fix).toMatch(/^settings\.py: SECURE_HSTS_SECONDS = 31536000; SECURE_HSTS_INCLUDE_SUBDOMAINS = True {2}\(/);
  expect(fix).toContain('look for the view or middleware that sets this one');
});
