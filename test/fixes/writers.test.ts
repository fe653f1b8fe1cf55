import { auditHeaders } from '../../src/audit';
import { createHeaderSet } from '../../src/response/header-set';
import { detectFramework, writeFix, type FixGoal } from '../../src/fixes';
import { UsageError } from '../../src/matchers/context';

/**
 * What the real-app proofs (talisman, node, django, nginx tests) cannot run
 * here: Flask-Talisman 1.1 and Django 6.0 are not what Debian ships (1.0 and
 * 3.2), so their wording is checked against their source and documentation
 * (Talisman 1.1's x_xss_protection=False default and browsing-topics
 * Permissions-Policy; Django 6.0's SECURE_CSP dict, django.utils.csp.CSP
 * constants, ContentSecurityPolicyMiddleware and the csp context processor).
 */
const script: FixGoal = {
  kind: 'csp-directive',
  directive: 'script-src',
  values: ["'nonce'", "'strict-dynamic'"],
  also: [['base-uri', ["'none'"]]],
  nonceIn: [],
  policy: [
    ['default-src', ["'self'"]],
    ['script-src', ["'nonce'", "'strict-dynamic'"]],
    ['base-uri', ["'none'"]],
  ],
};

test('Django 6 words CSP in its own settings', () => {
  expect(writeFix(script, 'django-6')).toBe(
    `settings.py: from django.utils.csp import CSP; SECURE_CSP = {…, 'script-src': [CSP.NONCE, CSP.STRICT_DYNAMIC], 'base-uri': [CSP.NONE]} and nonce="{{ csp_nonce }}" on each <script> (context processor django.template.context_processors.csp)`,
  );
  expect(writeFix({ kind: 'csp-policy', reportOnly: false, directives: [['default-src', ["'self'"]]], api: false }, 'django-6')).toBe(
    `settings.py: from django.utils.csp import CSP; MIDDLEWARE += ['django.middleware.csp.ContentSecurityPolicyMiddleware']; SECURE_CSP = {'default-src': [CSP.SELF]}  (Django 6.0+)`,
  );
  // django-csp 3.7 (Debian's) for the same goal.
  expect(writeFix(script, 'django')).toBe(
    `settings.py: CSP_SCRIPT_SRC = ("'strict-dynamic'",); CSP_BASE_URI = ("'none'",); CSP_INCLUDE_NONCE_IN = ('script-src',) and nonce="{{ request.csp_nonce }}" on each <script>  (django-csp adds the nonce only to responses whose template reads request.csp_nonce)`,
  );
});

test('Django words a directive without values as a boolean setting (django-csp 3.x and Django 6)', () => {
  const uir: FixGoal = { kind: 'csp-directive', directive: 'upgrade-insecure-requests', values: [], also: [], nonceIn: [], policy: [['default-src', ["'self'"]], ['upgrade-insecure-requests', []]] };
  expect(writeFix(uir, 'django')).toMatch(/^settings\.py: CSP_UPGRADE_INSECURE_REQUESTS = True {2}\(/);
  expect(writeFix(uir, 'django-6')).toContain(`SECURE_CSP = {…, 'upgrade-insecure-requests': True}`);
});

test('Flask-Talisman 1.0 and 1.1 told apart on X-XSS-Protection', () => {
  const xss: FixGoal = { kind: 'xss-filter-off', received: '1; mode=block' };
  expect(writeFix(xss, 'flask-talisman-1.0')).toBe('Talisman(app, …, x_xss_protection=False)');
  expect(writeFix(xss, 'flask-talisman-1.1')).toBe('Talisman(app, …) and drop x_xss_protection=True  (Flask-Talisman 1.1 sends no X-XSS-Protection by default)');
  const server = ['Server', 'Werkzeug/3.0.1 Python/3.11.2'] as [string, string];
  expect(detectFramework(createHeaderSet([server, ['X-XSS-Protection', '1; mode=block']]))).toBe('flask-talisman-1.0');
  expect(detectFramework(createHeaderSet([server, ['Permissions-Policy', 'browsing-topics=()']]))).toBe('flask-talisman-1.1');
  expect(detectFramework(createHeaderSet([server]))).toBe('flask-talisman');
});

test('detection: Django by its cookies or runserver defaults, nginx by Server; helmet wins over the proxy', () => {
  expect(detectFramework(createHeaderSet([['Set-Cookie', 'csrftoken=x; Path=/; SameSite=Lax']]))).toBe('django');
  expect(detectFramework(createHeaderSet([['Server', 'WSGIServer/0.2 CPython/3.11.2'], ['X-Frame-Options', 'DENY'], ['Referrer-Policy', 'same-origin']]))).toBe('django');
  expect(detectFramework(createHeaderSet([['Server', 'WSGIServer/0.2 CPython/3.11.2']]))).toBeUndefined();
  expect(detectFramework(createHeaderSet([['Server', 'nginx/1.22.1']]))).toBe('nginx');
  expect(detectFramework(createHeaderSet([['Server', 'nginx'], ['X-Powered-By', 'Express']]))).toBe('helmet');
});

test('a fix never proposes what the response already has', () => {
  const hsts: FixGoal = { kind: 'hsts', maxAge: 63072000, includeSubDomains: true, preload: false, has: { maxAge: 31536000, includeSubDomains: true, preload: false } };
  expect(writeFix(hsts, 'helmet')).toBe('helmet({ strictTransportSecurity: { maxAge: 63072000 } })');
  expect(writeFix(hsts, 'flask-talisman')).toBe('Talisman(app, …, strict_transport_security_max_age=63072000)');
  expect(writeFix(hsts, 'django')).toBe('settings.py: SECURE_HSTS_SECONDS = 63072000');
  // frame-ancestors governs: change it; X-Frame-Options already says DENY.
  const framing: FixGoal = { kind: 'framing', value: 'DENY', frameAncestors: "'self'", xfo: 'DENY', policy: [['frame-ancestors', ["'none'"]]] };
  expect(writeFix(framing, 'helmet')).toBe(`helmet({ contentSecurityPolicy: { directives: { frameAncestors: ["'none'"] } } })`);
  expect(writeFix(framing, 'koa-helmet')).toBe(`app.use(helmet({ contentSecurityPolicy: { directives: { frameAncestors: ["'none'"] } } }))`);
});

test('the framework option is validated, with a did-you-mean for the names people use', () => {
  const attempt = (framework: unknown) => () => auditHeaders({}, { framework } as never);
  expect(attempt('fastify')).toThrow(UsageError);
  expect(attempt('fastify')).toThrow('received "fastify". Did you mean "fastify-helmet"?');
  expect(attempt('Express')).toThrow('Did you mean "helmet"?');
  expect(attempt('ngnix')).toThrow('Did you mean "nginx"?');
  expect(attempt(3)).toThrow('framework must be one of "header", "helmet", "fastify-helmet", "koa-helmet", "flask-talisman", "flask-talisman-1.0", "flask-talisman-1.1", "django", "django-6", "nginx"; received number 3.');
  expect(() => auditHeaders({}, { framework: 'django-6' })).not.toThrow();
});
