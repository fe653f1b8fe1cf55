import fc from 'fast-check';
import { parseCsp } from '../../src/csp/parse';
import { serializeCsp } from '../../src/csp/serialize';
import type { Directive, Policy, SourceExpression } from '../../src/csp/types';

/** Fragments a server might send, good and bad, to build CSP-like strings from. */
const fragment = fc.constantFrom(
  'default-src', 'script-src', 'SCRIPT-SRC', 'style-src-elem', 'img-src', 'frame-ancestors', 'report-uri', 'sandbox',
  'upgrade-insecure-requests', "'self'", "'SELF'", "'none'", "'unsafe-inline'", "'strict-dynamic'", "'nonce-abc+/='",
  "'NONCE-x'", "'sha256-AbC_-='", "'sha512-'", 'https:', 'data:', '*', '*.example.com', 'https://cdn.example.com:8443/js/',
  'example.com:*', 'self', "'self", '[::1]', 'bücher.example', ';', ',', ' ', '\t', '\n', '\v', '\u00a0', "'", ':', '/',
  '//', '%2F', '==', 'a_b', '\u0000', '😀',
);
const cspish = fc.array(fc.oneof(fragment, fc.string({ maxLength: 4 })), { maxLength: 30 }).map((parts) => parts.join(''));
const cspishWithSpaces = fc.array(fragment, { maxLength: 30 }).map((parts) => parts.join(' '));

const anyInput = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.string({ unit: 'binary', maxLength: 100 }),
  cspish,
  cspishWithSpaces,
);

/** A directive without the `raw` of its sources, which canonical serialization may re-case. */
function meaning(directive: Directive): unknown {
  return {
    name: directive.name,
    count: directive.values.length,
    sources: directive.sources.map((source: SourceExpression) => {
      const { raw: _raw, ...rest } = source;
      return source.kind === 'unknown' || source.kind === 'host' ? source : rest;
    }),
  };
}

function directivesOf(policy: Policy): unknown[] {
  return policy.directives.map(meaning);
}

describe('parseCsp never throws on any string', () => {
  it('arbitrary strings, unicode and CSP-ish fragments give well-formed policies', () => {
    fc.assert(
      fc.property(anyInput, fc.constantFrom('header' as const, 'meta' as const), fc.constantFrom('enforce' as const, 'report' as const), (value, source, disposition) => {
        const policies = parseCsp(value, { source, disposition });
        expect(policies.length).toBeGreaterThanOrEqual(1);
        for (const policy of policies) {
          expect(policy.source).toBe(source);
          expect(policy.disposition).toBe(disposition);
          const seen = new Set<string>();
          for (const directive of policy.directives) {
            expect(directive.name).toMatch(/^[a-z0-9-]+$/);
            expect(seen.has(directive.name)).toBe(false);
            seen.add(directive.name);
            expect(directive.sources).toHaveLength(directive.values.length);
            for (const token of directive.values) expect(token).toMatch(/^[\x00-\x08\x0b\x0e-\x1f\x21-\x2b\x2d-\x3a\x3c-\x7f]+$/);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('several header values at once', () => {
    fc.assert(
      fc.property(fc.array(anyInput, { maxLength: 5 }), (values) => {
        const policies = parseCsp(values);
        expect(policies.length).toBeGreaterThanOrEqual(values.length);
      }),
      { numRuns: 500 },
    );
  });
});

describe('serializeCsp', () => {
  it('round-trips: parsing the serialized policy gives the same directives', () => {
    fc.assert(
      fc.property(anyInput, (value) => {
        for (const policy of parseCsp(value)) {
          const text = serializeCsp(policy);
          const reparsed = parseCsp(text);
          expect(reparsed).toHaveLength(1);
          expect(directivesOf(reparsed[0]!)).toEqual(directivesOf(policy));
          // Only empty directives survive as issues: duplicates, invalid names and non-ASCII tokens are gone.
          const emptyOnes = (p: Policy) => p.issues.filter((i) => i.kind === 'empty-directive').map((i) => i.directive);
          expect(reparsed[0]!.issues.map((i) => i.directive)).toEqual(emptyOnes(policy));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent: serializing the re-parsed policy gives the same text', () => {
    fc.assert(
      fc.property(anyInput, (value) => {
        for (const policy of parseCsp(value)) {
          const once = serializeCsp(policy);
          expect(serializeCsp(parseCsp(once)[0]!)).toBe(once);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
