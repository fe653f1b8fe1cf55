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
import { RESULTS } from './results';
import { testHsts } from './strict-transport-security';
import { testSubresourceIntegrity } from './subresource-integrity';
import type { HeaderSet, ObservatoryResult, ObservatoryTest, ObservatoryTestName, ScoreOptions, TestVerdict } from './types';
import { testXContentTypeOptions } from './x-content-type-options';
import { testXFrameOptions } from './x-frame-options';

function graded(name: ObservatoryTestName, verdict: TestVerdict): ObservatoryTest {
  const facts = RESULTS[verdict.result];
  const test: ObservatoryTest = {
    name,
    result: verdict.result,
    modifier: facts.modifier,
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
 * Scores a response as the MDN HTTP Observatory (1.4.x, algorithm version 4)
 * would: ten tests, base 100, bonuses only when penalties leave 90 or more,
 * grade from the score rounded down to a multiple of 5.
 */
export function scoreHeaders(headers: HeaderSet, options?: ScoreOptions): ObservatoryResult {
  const ctx = buildContext(headers, options);
  const csp = testCsp(ctx);
  // The Observatory's order (src/constants.js ALL_TESTS).
  const tests: ObservatoryTest[] = [
    graded('content-security-policy', csp),
    graded('cookies', testCookies(ctx)),
    graded('cross-origin-resource-sharing', testCors(ctx)),
    graded('redirection', testRedirection(ctx)),
    graded('referrer-policy', testReferrerPolicy(ctx)),
    graded('strict-transport-security', testHsts(ctx)),
    graded('subresource-integrity', testSubresourceIntegrity(ctx)),
    graded('x-content-type-options', testXContentTypeOptions(ctx)),
    graded('x-frame-options', testXFrameOptions(ctx, csp)),
    graded('cross-origin-resource-policy', testCrossOriginResourcePolicy(ctx)),
  ];
  const score = totalScore(tests.map((t) => t.modifier));
  return { score, grade: gradeForScore(score), tests };
}
