import helmet from 'helmet';
import { matchers } from '../../src/matchers';
import { UsageError } from '../../src/matchers/context';
import { validateCspExpectation } from '../../src/matchers/toHaveCsp';

// toHaveCsp's option checks, as strict as helmet's where both take the same
// thing (a directive's source list): helmet itself is the oracle for which
// values must be quoted.

expect.extend(matchers);
const POLICY = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'";

const usageError = (run: () => unknown): UsageError => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('expected a UsageError');
};
const helmetRejects = (value: string): boolean => {
  try {
    helmet.contentSecurityPolicy({ directives: { 'script-src': [value] } });
    return false;
  } catch {
    return true;
  }
};

test.each(['self', 'none', 'unsafe-inline', 'unsafe-eval', 'strict-dynamic', 'unsafe-hashes', 'report-sample', 'nonce-abc123', 'sha256-AbC='])(
  'directives: unquoted %s is an error that shows the quoted form (helmet rejects it too)',
  (value) => {
    expect(helmetRejects(value)).toBe(true);
    const error = usageError(() => validateCspExpectation({ directives: { 'script-src': [value] } }));
    expect(error.message).toBe(`toHaveCsp options: directives["script-src"]: "${value}" must be quoted: write "'${value}'" (unquoted, it names a host).`);
  },
);

test.each(["'self'", 'https://cdn.example', "'nonce-abc123'", 'data:', '*.example.com'])('directives: %s is accepted (helmet accepts it too)', (value) => {
  expect(helmetRejects(value)).toBe(false);
  expect(() => validateCspExpectation({ directives: { 'script-src': [value] } })).not.toThrow();
});

test('directives: two expressions in one string, or not strings, are errors', () => {
  expect(usageError(() => validateCspExpectation({ directives: { 'script-src': ["'self' https://a.example"] } })).message).toContain('is not one source expression');
  expect(usageError(() => validateCspExpectation({ directives: { 'script-src': "'self'" } as never })).message).toContain('must be an array of source expressions');
});

test("ignore: an unknown finding type is an error naming it, with a near one", () => {
  const error = usageError(() => expect(POLICY).toHaveCsp({ ignore: ['not-a-type'] as never }));
  expect(error.message).toContain('toHaveCsp options: ignore names an unknown finding type "not-a-type".');
  expect(usageError(() => validateCspExpectation({ ignore: ['script-unsafe-inlin'] })).message).toContain('Did you mean "script-unsafe-inline"?');
  expect(usageError(() => validateCspExpectation({ ignore: ['csp/script-unsafe-inline'] })).message).toContain('without the "csp/"');
  expect(() => expect(POLICY).toHaveCsp({ ignore: ['script-allowlist-bypass'] })).not.toThrow();
});

test.each(['allows', 'blocks'] as const)('%s: a bad directive names the option it came from', (key) => {
  const error = usageError(() => validateCspExpectation({ [key]: [{ directive: 'img-src', url: '/a.png' }, { directive: 'scrip-src-elem', url: '/a.js' }] } as never));
  expect(error.message).toContain(`toHaveCsp options: ${key}[1].directive "scrip-src-elem" is not a directive a request is judged by. Did you mean "script-src-elem"?`);
});
