import fc from 'fast-check';
import { auditHeaders } from '../../src/audit';
import { weaknessKey, weaknessProbe } from '../../src/csp/combine';
import { evaluatePolicies } from '../../src/csp/evaluate';
import type { CspFinding } from '../../src/csp/findings';
import { cspAllows, type CspRequest } from '../../src/csp/match';
import { parseCsp } from '../../src/csp/parse';
import type { Policy } from '../../src/csp/types';
import { matchers } from '../../src/matchers';
import type { CspExpectation } from '../../src/matchers/toHaveCsp';
import { fetchHeaderSet } from '../helpers/apps';
import { startHeaderServer } from '../helpers/servers';

expect.extend(matchers);
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      toHaveCsp(expected?: CspExpectation): R;
    }
  }
}

// Several enforced policies: browsers enforce each, so a weakness stands
// while every other policy permits what it is about; a policy that does not
// govern a resource type permits all of it.

const WEAK = "script-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'";
const SECOND = ['', 'upgrade-insecure-requests', 'report-uri /csp', "img-src 'self'"];

const weaknesses = (policies: Policy[]) => evaluatePolicies(policies).filter((f) => weaknessKey(f) !== undefined);
const keys = (policies: Policy[]) => new Set(weaknesses(policies).map((f) => weaknessKey(f) as string));

describe('a second policy that does not govern scripts hides no script weakness', () => {
  it.each(SECOND)('evaluatePolicies with a second policy %j', (second) => {
    expect(keys(parseCsp([WEAK, second]))).toContain("script-unsafe-inline 'unsafe-inline'");
  });

  it.each(SECOND)('auditHeaders and toHaveCsp on a real response with a second header %j', async (second) => {
    const server = await startHeaderServer([
      ['Content-Security-Policy', WEAK],
      ['Content-Security-Policy', second],
    ]);
    try {
      const headers = await fetchHeaderSet(server.url());
      const report = auditHeaders(headers);
      expect(report.pass).toBe(false);
      expect(report.failures.map((f) => f.id)).toContain('csp/script-unsafe-inline');
      expect(headers).not.toHaveCsp();
    } finally {
      await server.close();
    }
  });

  it('a second policy that does restrict scripts removes the weakness', () => {
    const found = keys(parseCsp([WEAK, "script-src 'nonce-r4nd0mN0nc3v4lue'"]));
    expect(found).not.toContain("script-unsafe-inline 'unsafe-inline'");
    // ...but not by fallback for handlers when it only covers <script> elements.
    expect(keys(parseCsp([WEAK, "script-src-elem 'self'"]))).toContain("script-unsafe-inline 'unsafe-inline'");
  });

  it('the weakness is reported once, for the first policy that has it', () => {
    const found = weaknesses(parseCsp([WEAK, "default-src 'unsafe-inline'; object-src 'none'; base-uri 'none'"])).filter((f) => f.type === 'script-unsafe-inline');
    expect(found.map((f) => [f.policyIndex, f.directive])).toEqual([[0, 'script-src']]);
  });

  it('a missing directive in one policy is no weakness when another sets it', () => {
    const found = keys(parseCsp(["img-src 'self'", "script-src 'self'; object-src 'none'"]));
    expect(found).not.toContain('missing-directives object-src');
    expect(found).not.toContain('missing-directives script-src');
  });
});

// ---------------------------------------------------------------------------
// Property tests (seeded): the combined verdict only ever loses permissions.

const SOURCES = [
  "'self'", "'none'", "'unsafe-inline'", "'unsafe-eval'", "'strict-dynamic'", "'nonce-r4nd0mN0nc3v4lue'", "'unsafe-hashes'",
  "'sha256-RFWPLDbv2BY+rCkDzsE+0fr8ylGr2R2faWMhq4lfEQc='", 'https:', 'http:', 'data:', '*', 'https://cdn.example.net',
  'cdn.example.net/js/', '*.example.net', 'attacker.invalid', 'https://*', 'ws:',
];
const DIRECTIVES = [
  'default-src', 'script-src', 'script-src-elem', 'script-src-attr', 'style-src', 'style-src-attr', 'img-src', 'object-src',
  'base-uri', 'form-action', 'frame-ancestors', 'connect-src', 'worker-src',
];
const directiveText = fc
  .tuple(fc.constantFrom(...DIRECTIVES), fc.uniqueArray(fc.constantFrom(...SOURCES), { minLength: 1, maxLength: 4 }))
  .map(([name, sources]) => `${name} ${sources.join(' ')}`);
const policyText = fc.oneof(
  { weight: 6, arbitrary: fc.array(directiveText, { minLength: 1, maxLength: 5 }).map((ds) => ds.join('; ')) },
  { weight: 1, arbitrary: fc.constantFrom(...SECOND) },
);
const policyList = fc.array(policyText, { minLength: 1, maxLength: 3 });

const PAGE = 'https://protected.invalid';
const REQUESTS: CspRequest[] = [
  { directive: 'script-src-elem', inline: true, origin: PAGE },
  { directive: 'script-src-attr', inline: true, origin: PAGE },
  { directive: 'style-src-elem', inline: true, origin: PAGE },
  { directive: 'script-src', eval: true, origin: PAGE },
  { directive: 'script-src-elem', url: 'https://attacker.invalid/x.js', origin: PAGE },
  { directive: 'script-src-elem', url: 'https://cdn.example.net/js/a.js', origin: PAGE },
  { directive: 'script-src-elem', url: 'https://protected.invalid/a.js', origin: PAGE, nonce: 'r4nd0mN0nc3v4lue' },
  { directive: 'object-src', url: 'https://attacker.invalid/x.swf', origin: PAGE },
  { directive: 'img-src', url: 'data:image/png,x', origin: PAGE },
  { directive: 'connect-src', url: 'wss://attacker.invalid/s', origin: PAGE },
  { directive: 'base-uri', url: 'https://attacker.invalid/', origin: PAGE },
];

/** The probes of weakness `f` that its own policy allows, with how they combine; undefined when there are none. */
function ownProbes(f: CspFinding, policy: Policy) {
  const probe = weaknessProbe(f, policy);
  if (probe === undefined) return undefined;
  const requests = probe.requests.filter((r) => allowedBy([policy], r));
  return requests.length === 0 ? undefined : { mode: probe.mode, requests };
}

function allowedBy(policies: Policy[], request: Omit<CspRequest, 'origin'>): boolean {
  return cspAllows(policies, { ...request, origin: PAGE } as CspRequest).allowed;
}

/** Does every one of `policies` permit what weakness `f` (of `policy`) is about? */
function permitted(f: CspFinding, policy: Policy, policies: Policy[]): boolean | undefined {
  const probe = ownProbes(f, policy);
  if (probe === undefined) return undefined;
  return probe.mode === 'any' ? probe.requests.some((r) => allowedBy(policies, r)) : probe.requests.every((r) => allowedBy(policies, r));
}

const RUNS = { seed: 20261201, numRuns: 150 };

describe('properties of several enforced policies', () => {
  it('adding a policy only takes permissions away: a request allowed with it was allowed without it', () => {
    fc.assert(
      fc.property(policyList, policyText, (texts, extra) => {
        const before = parseCsp(texts);
        const after = [...before, ...parseCsp(extra)];
        for (const request of REQUESTS) {
          const was = cspAllows(before, request).allowed;
          const is = cspAllows(after, request).allowed;
          expect(is).toBe(was && cspAllows(parseCsp(extra), request).allowed);
        }
      }),
      RUNS,
    );
  });

  it('adding a policy only takes weaknesses away: every weakness reported with it is permitted without it', () => {
    fc.assert(
      fc.property(policyList, policyText, (texts, extra) => {
        const before = parseCsp(texts);
        const after = [...before, ...parseCsp(extra)];
        const beforeKeys = keys(before);
        for (const f of weaknesses(after)) {
          const own = after[f.policyIndex ?? 0] as Policy;
          // A weakness of one of the first policies was already reported; one of the new policy was already permitted.
          if ((f.policyIndex ?? 0) < before.length) expect(beforeKeys).toContain(weaknessKey(f));
          else expect(permitted(f, own, before) ?? true).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('a weakness that every policy still permits never disappears', () => {
    fc.assert(
      fc.property(policyList, policyText, (texts, extra) => {
        const before = parseCsp(texts);
        const after = [...before, ...parseCsp(extra)];
        const afterKeys = keys(after);
        for (const f of weaknesses(before)) {
          const own = before[f.policyIndex ?? 0] as Policy;
          if (permitted(f, own, after)) expect(afterKeys).toContain(weaknessKey(f));
        }
      }),
      RUNS,
    );
  });

  it('a policy repeated changes no weakness', () => {
    fc.assert(
      fc.property(policyList, (texts) => {
        const policies = parseCsp(texts);
        expect(keys([...policies, ...parseCsp(texts[0] as string)])).toEqual(keys(policies));
      }),
      RUNS,
    );
  });
});
