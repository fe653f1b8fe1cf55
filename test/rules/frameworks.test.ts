import { FINDING_IDS, RULES } from '../../src/rules';
import { detectFramework } from '../../src/rules/fix';
import type { RuleContext } from '../../src/rules/types';
import { SEVERITY_RANK, type Finding, type HeaderSet } from '../../src/types';
import type { RunningServer } from '../helpers/servers';
import { startHeaderServer } from '../helpers/servers';
import { fetchHeaderSet, HTTPS_PROXY_HEADERS, idsOf, ruleContext, runRule, startHelmetApp, startTalismanApp } from '../helpers/apps';

/**
 * Every rule (CSP aside: the CSP rule is the integrator's) on whole real
 * responses, judged as the audit will: at `recommended` a finding of medium
 * or worse fails, at `strict` low or worse.
 */
function audit(headers: HeaderSet, context: RuleContext): Finding[] {
  return RULES.filter((rule) => rule.name !== 'csp').flatMap((rule) => runRule(rule, headers, context));
}
const failing = (findings: Finding[], level: RuleContext['level']) =>
  idsOf(findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[level === 'strict' ? 'low' : 'medium']));

describe('helmet 8 defaults (Express 5)', () => {
  let app: RunningServer;
  let headers: HeaderSet;
  beforeAll(async () => {
    app = await startHelmetApp();
    headers = await fetchHeaderSet(app.url('/login'));
  });
  afterAll(() => app.close());

  test('recommended: nothing fails, one piece of advice', () => {
    const findings = audit(headers, ruleContext());
    expect(failing(findings, 'recommended')).toEqual([]);
    expect(idsOf(findings)).toEqual(['permissions-policy/missing:info']);
  });

  test("strict: fails on HSTS max-age, missing Permissions-Policy, frame-ancestors 'self' and a cacheable cookie response, each saying why", () => {
    const findings = audit(headers, ruleContext({ level: 'strict' }));
    // /login sets a cookie: OWASP's Cache-Control no-store applies (helmet sends X-DNS-Prefetch-Control and X-Permitted-Cross-Domain-Policies itself).
    expect(failing(findings, 'strict')).toEqual(['cache-control/missing:low', 'hsts/max-age-below-two-years:low', 'permissions-policy/missing:low', 'x-frame-options/sameorigin:low']);
    for (const f of findings) expect(f.message.length).toBeGreaterThan(10);
  });

  test('detected as helmet', () => {
    expect(detectFramework(headers)).toBe('helmet');
  });
});

describe('Flask-Talisman 1.0 defaults (Werkzeug, https via X-Forwarded-Proto)', () => {
  let app: RunningServer;
  let headers: HeaderSet;
  beforeAll(async () => {
    app = await startTalismanApp('default');
    headers = await fetchHeaderSet(app.url('/login'), { headers: HTTPS_PROXY_HEADERS });
  });
  afterAll(() => app.close());

  test('recommended: nothing fails; advice on Server, X-XSS-Protection, the theme cookie, Permissions-Policy', () => {
    const findings = audit(headers, ruleContext());
    expect(failing(findings, 'recommended')).toEqual([]);
    expect(idsOf(findings)).toEqual([
      'cookies/httponly-missing:info',
      'cookies/secure-missing:low',
      'deprecated/x-xss-protection:low',
      'disclosure/server-version:low',
      'permissions-policy/missing:info',
    ]);
  });

  test('strict: fails with a finding per OWASP value it misses', () => {
    expect(failing(audit(headers, ruleContext({ level: 'strict' })), 'strict')).toEqual([
      'cache-control/missing:low',
      'cookies/httponly-missing:low',
      'cookies/secure-missing:low',
      'cross-origin/coop-missing:low',
      'cross-origin/corp-missing:low',
      'deprecated/x-xss-protection:low',
      'disclosure/server-version:medium',
      'hsts/max-age-below-two-years:low',
      'permissions-policy/missing:low',
      'referrer-policy/not-strict:low',
      'x-dns-prefetch-control/missing:low',
      'x-frame-options/sameorigin:low',
      'x-permitted-cross-domain-policies/missing:low',
    ]);
  });

  test('without X-Forwarded-Proto Talisman redirects plain http to https', async () => {
    const redirect = await fetchHeaderSet(app.url('/'));
    expect(redirect.status).toBe(302);
    expect(redirect.get('location')).toBe(app.url('/').replace('http://', 'https://'));
  });

  test('detected as flask-talisman 1.0 (it sends X-XSS-Protection: 1; mode=block)', () => {
    expect(detectFramework(headers)).toBe('flask-talisman-1.0');
  });
});

describe('Flask-Talisman 1.1 defaults (no X-XSS-Protection)', () => {
  test('detected as flask-talisman without X-XSS-Protection, and no deprecated finding', async () => {
    const app = await startTalismanApp('v1.1');
    try {
      const headers = await fetchHeaderSet(app.url('/'), { headers: HTTPS_PROXY_HEADERS });
      expect(headers.has('x-xss-protection')).toBe(false);
      expect(detectFramework(headers)).toMatch(/^flask-talisman/);
      expect(idsOf(audit(headers, ruleContext())).filter((id) => id.startsWith('deprecated/'))).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

describe('Flask-Talisman set to the OWASP values', () => {
  test('only the Werkzeug Server header remains at strict', async () => {
    const app = await startTalismanApp('hardened');
    try {
      const headers = await fetchHeaderSet(app.url('/'), { headers: HTTPS_PROXY_HEADERS });
      expect(idsOf(audit(headers, ruleContext()))).toEqual(['disclosure/server-version:low']);
      expect(failing(audit(headers, ruleContext({ level: 'strict' })), 'strict')).toEqual(['disclosure/server-version:medium']);
    } finally {
      await app.close();
    }
  });
});

describe('an app sending no security headers', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startHeaderServer([]);
  });
  afterAll(() => server.close());

  test('one failing finding per missing header (CSP is the CSP rule’s)', async () => {
    const headers = await fetchHeaderSet(server.url());
    expect(failing(audit(headers, ruleContext()), 'recommended')).toEqual([
      'hsts/missing:high',
      'x-content-type-options/missing:medium',
      'x-frame-options/missing:medium',
    ]);
    // Over plain http HSTS does not apply.
    expect(failing(audit(headers, ruleContext({ https: false })), 'recommended')).toEqual(['x-content-type-options/missing:medium', 'x-frame-options/missing:medium']);
    expect(detectFramework(headers)).toBeUndefined();
  });

  test('every id produced is a listed id', async () => {
    const headers = await fetchHeaderSet(server.url());
    for (const level of ['recommended', 'strict'] as const) {
      for (const f of audit(headers, ruleContext({ level, crossOriginIsolation: true }))) expect(FINDING_IDS).toContain(f.id);
    }
  });
});

test('detectFramework recognises nginx and bare Express', async () => {
  const server = await startHeaderServer([], { '/nginx': [['Server', 'nginx/1.25.3']], '/express': [['X-Powered-By', 'Express']], '/werkzeug': [['Server', 'Werkzeug/3.0.1 Python/3.11.7']] });
  try {
    expect(detectFramework(await fetchHeaderSet(server.url('/nginx')))).toBe('nginx');
    expect(detectFramework(await fetchHeaderSet(server.url('/express')))).toBe('helmet');
    // Werkzeug serves Flask: fixes are worded as Talisman options even before Talisman is added.
    expect(detectFramework(await fetchHeaderSet(server.url('/werkzeug')))).toBe('flask-talisman');
  } finally {
    await server.close();
  }
});
