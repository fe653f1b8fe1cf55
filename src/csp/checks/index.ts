/**
 * The check sets: csp-evaluator's default and strict sets (same checks, same
 * order of concern) and our extended checks.
 */
import { checkFlashObjectAllowlistBypass, checkScriptAllowlistBypass } from './bypass';
import { checkHashLength } from './hash';
import { checkDeprecatedDirective, checkIpSource, checkNonceLength, checkSrcHttp } from './hygiene';
import { checkMissingDirectives } from './missing';
import { checkFormAction, checkFrameAncestors } from './navigation';
import { checkHasConfiguredReporting } from './reporting';
import { checkPlainUrlSchemes, checkScriptUnsafeEval, checkScriptUnsafeInline, checkWildcards } from './script';
import {
  checkAllowlistFallback,
  checkRequiresTrustedTypesForScripts,
  checkStrictDynamic,
  checkStrictDynamicNotStandalone,
  checkUnsafeInlineFallback,
} from './strict';
import { checkStyleSources } from './style';
import { checkInvalidKeyword, checkMissingSemicolon, checkUnknownDirective } from './syntax';
import type { CspCheck } from './types';

/** Run on the effective policy (what a browser of the chosen CSP version applies). */
export const DEFAULT_CHECKS: readonly CspCheck[] = [
  checkScriptUnsafeInline,
  checkScriptUnsafeEval,
  checkPlainUrlSchemes,
  checkWildcards,
  checkMissingDirectives,
  checkScriptAllowlistBypass,
  checkFlashObjectAllowlistBypass,
  checkIpSource,
  checkNonceLength,
  checkSrcHttp,
  checkDeprecatedDirective,
  checkUnknownDirective,
  checkMissingSemicolon,
  checkInvalidKeyword,
];

/** Run on the policy as written, on top of the default checks, when `strict` is asked for. */
export const STRICT_CHECKS: readonly CspCheck[] = [
  checkStrictDynamic,
  checkStrictDynamicNotStandalone,
  checkUnsafeInlineFallback,
  checkAllowlistFallback,
  checkRequiresTrustedTypesForScripts,
];

/** Ours, run on the policy as written, in extended mode only. */
export const EXTENDED_CHECKS: readonly CspCheck[] = [checkStyleSources, checkFrameAncestors, checkFormAction, checkHashLength];

/** Extended mode with `strict`: also ask for a reporting destination. */
export const EXTENDED_STRICT_CHECKS: readonly CspCheck[] = [checkHasConfiguredReporting];

export type { CheckContext, CspCheck } from './types';
