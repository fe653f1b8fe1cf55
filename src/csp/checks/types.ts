import type { CspFinding } from '../findings';
import type { PolicySource } from '../types';
import type { PolicyView } from './view';

/** What a check may need to know besides the policy. */
export interface CheckContext {
  /**
   * Extended mode: also accept CSP3 names csp-evaluator 1.1.8 does not know
   * (fenced-frame-src, 'trusted-types-eval', 'report-sha256', ...).
   */
  extended: boolean;
  /** Where the policy came from; some directives do nothing in a <meta> policy. */
  source?: PolicySource;
}

/** A check: a plain function from a policy view to findings (unordered). */
export type CspCheck = (view: PolicyView, context: CheckContext) => CspFinding[];
