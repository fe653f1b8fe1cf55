/**
 * Never a TypeError from inside: every public entry point, given anything
 * (seeded fast-check), either answers or throws a UsageError that names
 * what it received. Header values from hostile characters are always
 * answered. A Promise is named as a missing `await`.
 */
import fc from 'fast-check';
import {
  auditHeaders,
  cspAllows,
  createHeaderSet,
  diffCsp,
  evaluateCsp,
  evaluatePolicies,
  findStaticNonces,
  matchers,
  parseCsp,
  scoreHeaders,
  serializeCsp,
  toHeaderSet,
  UsageError,
} from '../../src';
import { anything, duckResponse, headerObject, headerValue } from './inputs';

const SEED = 20261201;
const RUNS = 400;

/** Calls `fn`; a thrown error must be a UsageError, in our words. */
function answersOrUsageError(fn: () => unknown): void {
  try {
    const result = fn();
    if (result instanceof Promise) result.catch(() => undefined);
  } catch (error) {
    if (!(error instanceof UsageError)) throw new Error(`not a UsageError: ${String(error)}\n${(error as Error).stack ?? ''}`);
    // It says what was wrong in our words, not the engine's.
    expect((error as Error).message).not.toMatch(/Cannot read prop|is not a function|is not iterable|Maximum call stack|undefined \(reading/);
  }
}

async function answersOrUsageErrorAsync(fn: () => unknown): Promise<void> {
  try {
    await fn();
  } catch (error) {
    if (!(error instanceof UsageError)) throw new Error(`not a UsageError: ${String(error)}\n${(error as Error).stack ?? ''}`);
  }
}

const context = { isNot: false, utils: undefined };

describe('anything in, an answer or a UsageError out', () => {
  const entries: Array<[string, (a: unknown, b: unknown) => unknown]> = [
    ['auditHeaders', (a, b) => auditHeaders(a, b as never)],
    ['toHeaderSet', (a) => toHeaderSet(a)],
    ['parseCsp', (a, b) => parseCsp(a as never, b as never)],
    ['serializeCsp', (a) => serializeCsp(a as never)],
    ['serializeCsp(directives)', (a) => serializeCsp({ directives: [a] } as never)],
    ['evaluateCsp', (a, b) => evaluateCsp(a as never, b as never)],
    ['evaluatePolicies', (a, b) => evaluatePolicies(a as never, b as never)],
    ['findStaticNonces', (a) => findStaticNonces(a as never)],
    ['cspAllows', (a, b) => cspAllows(a as never, b as never)],
    ['diffCsp', (a, b) => diffCsp(a as never, b as never)],
    ['scoreHeaders', (a, b) => scoreHeaders(a as never, b as never)],
    ['toHaveSecureHeaders', (a, b) => matchers.toHaveSecureHeaders.call(context, a, b as never)],
    ['toHaveCsp', (a, b) => matchers.toHaveCsp.call(context, a, b as never)],
  ];
  it.each(entries)('%s', (_name, call) => {
    fc.assert(fc.property(anything, fc.oneof(fc.constant(undefined), anything), (a, b) => answersOrUsageError(() => call(a, b))), { seed: SEED, numRuns: RUNS });
  });

  it('toHaveNoCspViolations', async () => {
    await fc.assert(
      fc.asyncProperty(anything, (a) => answersOrUsageErrorAsync(() => matchers.toHaveNoCspViolations.call(context, a))),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe('what a server sends is always judged', () => {
  it('any header object: auditHeaders and its score answer', () => {
    fc.assert(
      fc.property(headerObject, (headers) => {
        const report = auditHeaders(headers);
        expect(typeof report.score).toBe('number');
        expect(typeof report.grade).toBe('string');
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('any CSP value: parse, serialize, evaluate (both modes), match', () => {
    fc.assert(
      fc.property(headerValue, (value) => {
        const policies = parseCsp(value);
        policies.forEach((p) => expect(typeof serializeCsp(p)).toBe('string'));
        evaluateCsp(value);
        evaluateCsp(value, { strict: true });
        evaluatePolicies(policies, { strict: true });
        cspAllows(value, { directive: 'script-src', url: 'https://a.example/x.js', origin: 'https://self.example' });
      }),
      { seed: SEED, numRuns: RUNS * 2 },
    );
  });
});

describe('the duck-typed cases the issue lists are UsageErrors naming what was received', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['rawHeaders holding null', { rawHeaders: ['server', null], statusCode: 200 }, /rawHeaders\[0\].*null.*strings/],
    ['rawHeaders holding a number', { rawHeaders: [1, 'x'], statusCode: 200 }, /header name that is number 1/],
    ['headersArray() holding null', { headersArray: () => [null], url: () => 'http://h/', status: () => 200 }, /headersArray\(\)\[0\] is null/],
    ['a Headers-like forEach giving a non-string name', { get() {}, has() {}, append() {}, forEach: (fn: (v: unknown, n: unknown) => void) => fn('v', 7) }, /forEach.*number 7/],
    ['a header set whose get() returns a number', { names: () => ['server'], getAll: () => ['x'], get: () => 5, has: () => true }, /get\("server"\) returned number 5/],
    ['a header set whose url is a number', { ...createHeaderSet([['server', 'x']]), url: 5 }, /url is number 5/],
  ];
  it.each(cases)('%s', (_label, received, message) => {
    expect(() => auditHeaders(received)).toThrow(UsageError);
    expect(() => auditHeaders(received)).toThrow(message);
  });

  it('parseCsp(value, null) and serializeCsp({ directives: [null] })', () => {
    expect(() => parseCsp("default-src 'self'", null as never)).toThrow(UsageError);
    expect(() => parseCsp("default-src 'self'", null as never)).toThrow(/options must be an object.*received null/);
    expect(() => serializeCsp({ directives: [null] } as never)).toThrow(UsageError);
    expect(() => serializeCsp({ directives: [null] } as never)).toThrow(/directives\[0\] is null/);
  });

  it('a Promise passed to any matcher is named as a missing await', async () => {
    const promise = Promise.resolve({ headers: {} });
    expect(() => matchers.toHaveSecureHeaders.call(context, promise)).toThrow(/Promise \(an `await` is missing/);
    expect(() => matchers.toHaveCsp.call(context, promise)).toThrow(/Promise \(an `await` is missing/);
    await expect(matchers.toHaveNoCspViolations.call(context, promise)).rejects.toThrow(/Promise \(an `await` is missing/);
  });

  it('duck-typed responses never leak an internal error', () => {
    fc.assert(fc.property(duckResponse, (r) => answersOrUsageError(() => auditHeaders(r))), { seed: SEED, numRuns: RUNS * 2 });
  });
});
