/**
 * scoreHeaders: the MDN HTTP Observatory's score and grade for one response,
 * computed offline from its headers (and body, when given).
 */
import { testCookies } from './cookies';
import { testCors } from './cors';
import { buildContext } from './context';
import { testCrossOriginResourcePolicy } from './cross-origin-resource-policy';
import { testCsp } from './csp';
import { gradeForScore, totalScore } from './grade';
import { testRedirection } from './redirection';
import { testReferrerPolicy } from './referrer-policy';
import { modifierOf, RESULTS } from './results';
import { testHsts } from './strict-transport-security';
import { testSubresourceIntegrity } from './subresource-integrity';
import type { HeaderSet, ObservatoryAlgorithm, ObservatoryResult, ObservatoryTest, ObservatoryTestName, ScoreContext, ScoreOptions, TestVerdict } from './types';
import { testXContentTypeOptions } from './x-content-type-options';
import { testXFrameOptions } from './x-frame-options';

/** The Observatory releases each algorithm stands for. */
export const ALGORITHM_RELEASES: Readonly<Record<ObservatoryAlgorithm, string>> = {
  4: '@mdn/mdn-http-observatory 1.4.x (checked against 1.4.8)',
  5: '@mdn/mdn-http-observatory 1.5.0 to 1.6.x (from their published changes)',
};

export const OBSERVATORY_ALGORITHMS: readonly ObservatoryAlgorithm[] = [4, 5];

function graded(name: ObservatoryTestName, verdict: TestVerdict, algorithm: ObservatoryAlgorithm): ObservatoryTest {
  const facts = RESULTS[verdict.result];
  const test: ObservatoryTest = {
    name,
    result: verdict.result,
    modifier: modifierOf(verdict.result, algorithm),
    pass: verdict.pass,
    description: facts.description,
  };
  if (verdict.assumed) {
    test.assumed = true;
    test.description += ' (Assumed: https was declared and no redirect chain was given.)';
  }
  if (verdict.notTested) {
    test.notTested = true;
    test.description = 'Not tested: pass the HTML body (options.html) to check the scripts it loads.';
  }
  return test;
}

/**
 * What the live scanner judges that one response cannot show, with its cost:
 * the certificate always (the scanner connects over TLS itself), the
 * redirect chain when it was not given.
 */
function notJudged(ctx: ScoreContext): string[] {
  const out: string[] = [];
  if (ctx.https) {
    out.push(
      'certificate: the scanner checks the TLS certificate itself; an invalid one makes the redirection and HSTS tests fail (hsts-invalid-cert -20, redirection-invalid-cert -20) and costs 40 points in all; offline it is assumed valid',
    );
    if (!ctx.redirects) out.push('redirect chain: not given (pass redirects, the chain seen from the http:// URL); the redirection test assumed http → https on the same host');
  }
  return out;
}

/**
 * Scores a response as the MDN HTTP Observatory would: ten tests, base 100,
 * bonuses only when penalties leave 90 or more, grade from the score rounded
 * down to a multiple of 5. Algorithm 4 (1.4.x) unless `algorithm: 5`.
 */
export function scoreHeaders(headers: HeaderSet, options?: ScoreOptions): ObservatoryResult {
  const ctx = buildContext(headers, options);
  const algorithm = ctx.algorithm;
  const csp = testCsp(ctx);
  // The Observatory's order (src/constants.js ALL_TESTS).
  const tests: ObservatoryTest[] = [
    graded('content-security-policy', csp, algorithm),
    graded('cookies', testCookies(ctx), algorithm),
    graded('cross-origin-resource-sharing', testCors(ctx), algorithm),
    graded('redirection', testRedirection(ctx), algorithm),
    graded('referrer-policy', testReferrerPolicy(ctx), algorithm),
    graded('strict-transport-security', testHsts(ctx), algorithm),
    graded('subresource-integrity', testSubresourceIntegrity(ctx), algorithm),
    graded('x-content-type-options', testXContentTypeOptions(ctx), algorithm),
    graded('x-frame-options', testXFrameOptions(ctx, csp), algorithm),
    graded('cross-origin-resource-policy', testCrossOriginResourcePolicy(ctx), algorithm),
  ];
  const score = totalScore(tests.map((t) => t.modifier));
  return { score, grade: gradeForScore(score), algorithm: { version: algorithm, observatory: ALGORITHM_RELEASES[algorithm] }, tests, notJudged: notJudged(ctx) };
}
