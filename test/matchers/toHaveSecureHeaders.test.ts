import express from 'express';
import helmet from 'helmet';
import request from 'supertest';
import { matchers } from '../../src/matchers';
import { auditHeaders } from '../../src/audit';
import { failureOf } from '../helpers/failure';
import { startHeaderServer, type RunningServer } from '../helpers/servers';

expect.extend(matchers);
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      toHaveSecureHeaders(options?: import('../../src/audit').AuditOptions): R;
    }
  }
}


let bare: RunningServer;
let sound: RunningServer;
const SOUND: Array<[string, string]> = [
  ['Content-Security-Policy', "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'; upgrade-insecure-requests"],
  ['Strict-Transport-Security', 'max-age=63072000; includeSubDomains; preload'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Permissions-Policy', 'camera=(), microphone=(), geolocation=()'],
  // On OWASP's add list since July 2026, so the strict preset asks for them.
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
];

beforeAll(async () => {
  bare = await startHeaderServer([]);
  sound = await startHeaderServer(SOUND);
});
afterAll(async () => {
  await bare.close();
  await sound.close();
});

test('an app that sends no security headers fails, one block per missing header', async () => {
  const res = await fetch(bare.url('/'));
  const message = failureOf(() => expect(res).toHaveSecureHeaders({ https: true }));
  expect(message.split('\n')[0]).toContain('toHaveSecureHeaders');
  for (const header of ['content-security-policy', 'strict-transport-security', 'x-content-type-options', 'x-frame-options']) {
    expect(message).toMatch(new RegExp(`✕ ${header}: .*\\n\\s+received: \\(absent\\)\\n\\s+expected: .+\\n\\s+fix: .+`));
  }
  expect(res).not.toHaveSecureHeaders({ https: true });
});

test('a sound response passes both presets; .not says what passed', async () => {
  const res = await fetch(sound.url('/'));
  expect(res).toHaveSecureHeaders({ https: true });
  expect(res).toHaveSecureHeaders({ https: true, preset: 'strict' });
  const message = failureOf(() => expect(res).not.toHaveSecureHeaders({ https: true }));
  expect(message).toMatch(/but it passed/);
  expect(message).toMatch(/✓ strict-transport-security/);
  expect(message).toMatch(/✓ content-security-policy/);
});

test('HSTS over plain http is not applicable unless https is declared', async () => {
  const res = await fetch(bare.url('/'));
  const report = auditHeaders(res);
  expect(report.https).toBe(false);
  expect(report.skipped.map((s) => s.rule)).toContain('hsts');
  expect(report.findings.map((f) => f.id)).not.toContain('hsts/missing');
  expect(auditHeaders(res, { https: true }).findings.map((f) => f.id)).toContain('hsts/missing');
});

test('helmet 8 defaults pass recommended; strict fails and says why', async () => {
  const app = express();
  app.use(helmet());
  app.get('/', (_req, res) => void res.send('ok'));
  const res = await request(app).get('/');
  expect(res).toHaveSecureHeaders({ https: true });
  const message = failureOf(() => expect(res).toHaveSecureHeaders({ https: true, preset: 'strict' }));
  expect(message).toMatch(/strict-transport-security/);
});

test('per-header expectations: exact, RegExp, predicate, absent', async () => {
  const res = await fetch(sound.url('/'));
  expect(res).toHaveSecureHeaders({ https: true, headers: { 'x-frame-options': 'DENY', 'referrer-policy': /referrer/, server: false } });
  const message = failureOf(() =>
    expect(res).toHaveSecureHeaders({ https: true, headers: { 'X-Frame-Options': 'SAMEORIGIN', 'x-content-type-options': false, 'x-custom': true } }),
  );
  expect(message).toMatch(/\[expected-headers\/mismatch, high\]/);
  expect(message).toMatch(/received: "DENY"/);
  expect(message).toMatch(/\[expected-headers\/forbidden, high\]/);
  expect(message).toMatch(/\[expected-headers\/missing, high\]/);
});

test('ignore drops a finding by id or by rule', async () => {
  const res = await fetch(bare.url('/'));
  const all = auditHeaders(res, { https: true }).findings.map((f) => f.id);
  expect(all).toContain('x-content-type-options/missing');
  const ignored = auditHeaders(res, { https: true, ignore: ['x-content-type-options/missing', 'hsts/*'] });
  expect(ignored.findings.map((f) => f.id)).not.toContain('x-content-type-options/missing');
  expect(ignored.findings.some((f) => f.id.startsWith('hsts/'))).toBe(false);
  expect(ignored.ignored.map((f) => f.id)).toEqual(expect.arrayContaining(['x-content-type-options/missing', 'hsts/missing']));
});

test('failOn moves the threshold', async () => {
  const res = await fetch(bare.url('/'));
  expect(auditHeaders(res, { https: true, failOn: 'critical' }).pass).toBe(true);
  expect(auditHeaders(res, { https: true, failOn: 'info' }).pass).toBe(false);
});

test.each([
  [{ preset: 'strcit' }, /preset must be one of "recommended", "strict"; received "strcit". Did you mean "strict"\?/],
  [{ prest: 'strict' }, /unknown option "prest". Did you mean "preset"\?/],
  [{ ignore: ['hsts/mising'] }, /unknown finding id "hsts\/mising". Did you mean "hsts\/missing"\?/],
  [{ ignore: 'hsts/missing' }, /ignore must be an array of strings, received a string/],
  [{ failOn: 'severe' }, /failOn must be one of "critical", "high", "medium", "low", "info"/],
  [{ headers: { 'x-frame-options': 5 } }, /headers\["x-frame-options"\] must be a string .* received number 5/],
  [{ https: 'yes' }, /https must be true or false, received a string/],
  ['strict', /options must be an object, received a string/],
])('bad options %p are a clear error', async (options, pattern) => {
  const res = await fetch(sound.url('/'));
  expect(() => expect(res).toHaveSecureHeaders(options as never)).toThrow(pattern);
});

test('a value that is no response is a clear error, not a pass', () => {
  expect(() => expect(undefined).toHaveSecureHeaders()).toThrow(/cannot read response headers from undefined/);
  expect(() => expect(undefined).not.toHaveSecureHeaders()).toThrow(/cannot read response headers from undefined/);
});

test('the report carries the Observatory score and grade; minGrade fails below it', async () => {
  const good = auditHeaders(await fetch(sound.url('/')), { https: true });
  expect(good.grade).toMatch(/^A/);
  expect(good.score).toBeGreaterThanOrEqual(90);
  expect(good.observatory.tests.find((t) => t.name === 'redirection')?.assumed).toBe(true);
  expect(await fetch(sound.url('/'))).toHaveSecureHeaders({ https: true, minGrade: 'A' });

  const res = await fetch(bare.url('/'));
  // Only the grade can fail here: every rule's findings are below failOn.
  const message = failureOf(() => expect(res).toHaveSecureHeaders({ https: true, failOn: 'critical', minGrade: 'C' }));
  expect(message).toMatch(/the MDN HTTP Observatory grade is D, below C\s+\[grade\/below-minimum, high\]/);
  expect(message).toMatch(/fix:\s+Fix what costs points: content-security-policy -25/);
  expect(() => expect(res).toHaveSecureHeaders({ minGrade: 'A++' as never })).toThrow(/minGrade must be one of "A\+", "A"/);
});
