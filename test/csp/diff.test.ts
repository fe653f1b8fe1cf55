import fc from 'fast-check';
import { cspAllows, type CspRequest } from '../../src/csp/match';
import { cspRequestClass, diffCsp } from '../../src/csp/diff';
import { parseCsp } from '../../src/csp/parse';
import { UsageError } from '../../src/errors';

const ORIGIN = 'https://app.test';

describe('diffCsp: equivalent policies are no change', () => {
  it.each([
    ["default-src 'self'; script-src 'self' https://cdn.a.test", "script-src https://cdn.a.test 'self'; default-src 'self'"],
    ["default-src 'self'", "default-src 'self'; script-src 'self'; img-src 'self'"],
    ["script-src 'nonce-abc' 'strict-dynamic'", "script-src 'nonce-abc' 'strict-dynamic' 'unsafe-inline' https:"],
    ["script-src 'self'", "script-src 'self' 'self' https://app.test"],
    ["img-src https:", "img-src https: https://cdn.a.test"],
    ["img-src *.a.test", "img-src *.a.test https://x.a.test"],
    ["script-src 'self'", "SCRIPT-SRC 'SELF'"],
    ["script-src 'self'", "script-src 'self'; report-uri /csp"],
    // 'unsafe-inline' is ignored next to a nonce, for elements and attributes alike (CSP3).
    ["script-src 'nonce-r4nd'", "script-src 'nonce-r4nd' 'unsafe-inline'"],
  ])('%s ≡ %s', (before, after) => {
    const diff = diffCsp(before, after, { origin: ORIGIN });
    expect(diff.loosened.map((c) => c.text)).toEqual([]);
    expect(diff.tightened.map((c) => c.text)).toEqual([]);
    expect(diff.same).toBe(true);
  });

  it('ignores report-only policies, which block nothing', () => {
    const before = parseCsp("script-src 'self'");
    const after = [...parseCsp("script-src 'self'"), ...parseCsp('script-src *', { disposition: 'report' })];
    expect(diffCsp(before, after).same).toBe(true);
  });
});

describe('diffCsp: what got weaker, and what got stronger', () => {
  it('a new host in script-src', () => {
    const diff = diffCsp("script-src 'self'", "script-src 'self' https://cdn.example", { origin: ORIGIN });
    expect(diff.weaker).toBe(true);
    expect(diff.stronger).toBe(false);
    expect(diff.loosened).toHaveLength(1);
    expect(diff.loosened[0]).toMatchObject({ directive: 'script-src', kind: 'url', allowedBy: ['https://cdn.example'] });
    expect(diff.loosened[0]!.text).toMatch(/^script-src \(for script-src-elem, worker-src\) now also allows https:\/\/cdn\.example\/ through https:\/\/cdn\.example; it did not$/);
  });

  it("'unsafe-inline' added to script-src", () => {
    const diff = diffCsp("script-src 'self'", "script-src 'self' 'unsafe-inline'");
    expect(diff.loosened).toHaveLength(1);
    expect(diff.loosened[0]!.allowedBy).toEqual(["'unsafe-inline'"]);
    expect(diff.loosened[0]!.effectiveDirectives.sort()).toEqual(['script-src-attr', 'script-src-elem']);
  });

  it('default-src fallback: a directive of its own that allows more', () => {
    const diff = diffCsp("default-src 'self'", "default-src 'self'; img-src *", { origin: ORIGIN });
    expect(diff.loosened.map((c) => c.directive)).toEqual(['img-src']);
    expect(diff.tightened).toEqual([]);
  });

  it('dropping a directive falls back to default-src: other things allowed', () => {
    const diff = diffCsp("default-src 'self'; connect-src https://api.test", "default-src 'self'", { origin: ORIGIN });
    expect(diff.tightened.map((c) => c.text)).toEqual(['connect-src no longer allows https://api.test/ (it did through https://api.test)']);
    expect(diff.loosened.map((c) => c.text)).toEqual(["default-src (for connect-src) now also allows https://app.test/ through 'self'; it did not"]);
  });

  it("'unsafe-eval' and 'wasm-unsafe-eval'", () => {
    const diff = diffCsp("script-src 'self'", "script-src 'self' 'unsafe-eval'");
    expect(diff.loosened.map((c) => c.kind).sort()).toEqual(['eval', 'wasm-eval']);
    const wasm = diffCsp("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'");
    expect(wasm.loosened.map((c) => c.kind)).toEqual(['wasm-eval']);
  });

  it("'strict-dynamic' added: scripts added by script, from anywhere", () => {
    const diff = diffCsp("script-src 'nonce-abc'", "script-src 'nonce-abc' 'strict-dynamic'");
    expect(diff.loosened.some((c) => c.allowedBy.includes("'strict-dynamic'"))).toBe(true);
  });

  it('a second policy only tightens', () => {
    const diff = diffCsp("script-src 'self' https://cdn.test", "script-src 'self' https://cdn.test, script-src 'self'", { origin: ORIGIN });
    expect(diff.weaker).toBe(false);
    expect(diff.tightened.map((c) => c.allowedBy)).toEqual([['https://cdn.test']]);
  });

  it("'self' vs the site's own origin named as a host: 'self' also covers wss:", () => {
    const diff = diffCsp("connect-src 'self'", 'connect-src https://app.test', { origin: ORIGIN });
    expect(diff.weaker).toBe(false);
    expect(diff.tightened.flatMap((c) => c.examples.map((e) => e.url))).toEqual(['wss://app.test/']);
    expect(diffCsp("connect-src 'self'", "connect-src https://app.test wss://app.test", { origin: ORIGIN }).same).toBe(true);
  });

  it('sandbox and upgrade-insecure-requests, by token', () => {
    expect(diffCsp("default-src 'self'; sandbox", "default-src 'self'; sandbox allow-scripts").loosened.map((c) => c.text)).toEqual(['sandbox now also has allow-scripts']);
    expect(diffCsp("default-src 'self'; upgrade-insecure-requests", "default-src 'self'").loosened.map((c) => c.directive)).toEqual(['upgrade-insecure-requests']);
  });

  it('explains bad input', () => {
    expect(() => diffCsp(42 as never, "script-src 'self'")).toThrow(/diffCsp: before is not a policy \(received number 42\)/);
    expect(() => diffCsp(42 as never, "script-src 'self'")).toThrow(UsageError);
    expect(() => diffCsp("script-src 'self'", [null] as never)).toThrow(UsageError);
    expect(() => diffCsp("script-src 'self'", "script-src 'self'", null as never)).toThrow(UsageError);
    expect(() => diffCsp("script-src 'self'", "script-src 'self'", { origin: 'app.test' })).toThrow(/options.origin must be an absolute URL/);
  });
});

// ---------------------------------------------------------------------------
// Property: for generated requests, "after allows and before blocks" exactly
// when the request's class is one the diff lists as loosened (and the reverse
// for tightened). The request generator is independent of the probes diffCsp
// builds: other hosts, ports and paths, drawn at random.

const SOURCES = [
  "'self'", '*', 'https:', 'http:', 'data:', 'blob:', 'wss:', 'https://a.test', 'a.test', '*.a.test', 'https://a.test:8443',
  'https://a.test/js/', 'https://a.test/js/app.js', 'http://b.test', 'b.test:*', 'http://b.test:80', "'nonce-abc'", "'nonce-xyz'",
  "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='", "'sha384-OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb'",
  "'unsafe-inline'", "'unsafe-eval'", "'wasm-unsafe-eval'", "'strict-dynamic'", "'unsafe-hashes'", "'none'",
];
const DIRECTIVES = ['default-src', 'script-src', 'script-src-elem', 'script-src-attr', 'style-src', 'style-src-attr', 'img-src', 'connect-src', 'worker-src', 'child-src', 'frame-src', 'object-src', 'base-uri', 'form-action', 'frame-ancestors'];

const directive = fc.tuple(fc.constantFrom(...DIRECTIVES), fc.uniqueArray(fc.constantFrom(...SOURCES), { maxLength: 4 })).map(([name, sources]) => `${name} ${sources.join(' ')}`);
const policy = fc.array(directive, { minLength: 1, maxLength: 4 }).map((ds) => ds.join('; '));
const policies = fc.array(policy, { minLength: 1, maxLength: 2 }).map((ps) => ps.join(', '));

const FETCH_DIRECTIVES = ['script-src-elem', 'style-src-elem', 'img-src', 'connect-src', 'worker-src', 'frame-src', 'object-src', 'font-src', 'media-src', 'manifest-src', 'base-uri', 'form-action', 'frame-ancestors'];
const url = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('http', 'https', 'ws', 'wss'),
      fc.constantFrom('a.test', 'x.a.test', 'q.r.a.test', 'b.test', 'c.test', 'app.test', 'ba.test'),
      fc.constantFrom('', ':80', ':443', ':8443', ':9000'),
      fc.constantFrom('/', '/js/', '/js/app.js', '/js/app.jsx', '/js/deep/x.js', '/jsx', '/other', '/js'),
    )
    .map(([s, h, p, path]) => `${s}://${h}${p}${path}`),
  fc.constantFrom('data:image/png;base64,AAAA', 'blob:https://app.test/1234', 'javascript:alert(1)'),
);
const nonce = fc.option(fc.constantFrom('abc', 'xyz', 'nope'), { nil: undefined });
const hash = fc.option(
  fc.constantFrom('sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=', 'sha256-47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU=', 'sha256-zzzzpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=', 'sha384-OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb'),
  { nil: undefined },
);
const request: fc.Arbitrary<CspRequest> = fc.oneof(
  fc.record({ directive: fc.constantFrom(...FETCH_DIRECTIVES), url, nonce, hash, parserInserted: fc.boolean(), redirected: fc.boolean() }).map((r) => {
    const out: CspRequest = { directive: r.directive, url: r.url, origin: ORIGIN, redirected: r.redirected };
    if (r.directive === 'script-src-elem' || r.directive === 'style-src-elem') if (r.nonce) out.nonce = r.nonce;
    if (r.directive === 'script-src-elem') {
      if (r.hash) out.hash = r.hash;
      out.parserInserted = r.parserInserted;
    }
    return out;
  }),
  fc.record({ directive: fc.constantFrom('script-src-elem', 'style-src-elem', 'script-src-attr', 'style-src-attr'), nonce, hash, parserInserted: fc.boolean() }).map((r) => {
    const out: CspRequest = { directive: r.directive, origin: ORIGIN, inline: true };
    if (r.nonce && r.directive.endsWith('-elem')) out.nonce = r.nonce;
    if (r.hash) out.hash = r.hash;
    if (r.directive === 'script-src-elem') out.parserInserted = r.parserInserted;
    return out;
  }),
  fc.constantFrom<CspRequest>({ directive: 'script-src', origin: ORIGIN, eval: true }, { directive: 'script-src', origin: ORIGIN, wasmEval: true }),
);

describe('diffCsp agrees with the source matcher (property, seeded)', () => {
  it('a request is newly allowed exactly when its class is listed as loosened, newly blocked exactly when tightened', () => {
    fc.assert(
      fc.property(policies, policies, fc.array(request, { minLength: 20, maxLength: 20 }), (before, after, requests) => {
        const diff = diffCsp(before, after, { origin: ORIGIN });
        for (const r of requests) {
          const was = cspAllows(before, r).allowed;
          const now = cspAllows(after, r).allowed;
          const listed = diff.classes[cspRequestClass(before, after, r, { origin: ORIGIN })];
          const expected = was === now ? undefined : now ? 'loosened' : 'tightened';
          if (listed !== expected) {
            throw new Error(`${JSON.stringify(r)}: matcher says ${expected ?? 'same'}, diff says ${listed ?? 'same'}`);
          }
        }
        expect(diff.weaker).toBe(Object.values(diff.classes).includes('loosened') || diff.loosened.some((c) => c.kind === 'directive'));
      }),
      { seed: 20261201, numRuns: 200 },
    );
  });

  it('diffing a policy with itself, or a shuffled copy, is no change', () => {
    fc.assert(
      fc.property(fc.array(directive, { minLength: 1, maxLength: 5 }), fc.infiniteStream(fc.nat()), (directives, picks) => {
        const original = directives.join('; ');
        // Reorder the sources within each directive; keep the directive order (a duplicate directive name keeps the first).
        const shuffled = directives
          .map((d) => {
            const [name, ...sources] = d.split(' ');
            const it = picks[Symbol.iterator]();
            return [name, ...sources.map((s) => [it.next().value as number, s] as const).sort((a, b) => a[0] - b[0]).map(([, s]) => s)].join(' ');
          })
          .join('; ');
        expect(diffCsp(original, shuffled, { origin: ORIGIN }).same).toBe(true);
      }),
      { seed: 7, numRuns: 100 },
    );
  });
});
