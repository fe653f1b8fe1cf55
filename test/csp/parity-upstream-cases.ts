/**
 * csp-evaluator 1.1.8's own test cases, re-expressed as data (policy, the check
 * under test, and what its test asserts). Extracted from its checks/*_test.ts,
 * parser_test.ts and csp_test.ts (https://github.com/google/csp-evaluator).
 */
import type { CspSeverity } from '../../src/csp/findings';

export interface UpstreamCheckCase {
  file: string;
  name: string;
  policy: string;
  /** Name of the check function (same name in csp-evaluator and in src/csp/checks). */
  check: string;
  /** Set when the upstream test judged the effective policy of this CSP version. */
  version?: 1 | 2 | 3;
  count?: number;
  everySeverity?: CspSeverity;
  at?: Array<{ i: number; field: 'severity' | 'directive' | 'value'; expected: string }>;
}

export const UPSTREAM_CHECK_CASES: UpstreamCheckCase[] = [
  {
    "file": "security_checks_test.ts",
    "name": "CheckScriptUnsafeInlineInScriptSrc",
    "policy": "default-src https:; script-src 'unsafe-inline'; script-src-elem 'unsafe-inline';",
    "check": "checkScriptUnsafeInline",
    "count": 2,
    "at": [
      {
        "i": 0,
        "field": "severity",
        "expected": "high"
      }
    ]
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckScriptUnsafeInlineInDefaultSrc",
    "policy": "default-src 'unsafe-inline'",
    "check": "checkScriptUnsafeInline",
    "count": 1
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckScriptUnsafeHashesInScriptSrc",
    "policy": "script-src 'unsafe-hashes' 'sha256-1DCfk1NYWuHMfoobarfoobar='",
    "check": "checkScriptUnsafeInline",
    "count": 1,
    "at": [
      {
        "i": 0,
        "field": "severity",
        "expected": "medium-maybe"
      }
    ]
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckScriptUnsafeInlineInDefaultSrcAndNotInScriptSrc",
    "policy": "default-src 'unsafe-inline'; script-src https:; script-src-attr https:; script-src-elem https:",
    "check": "checkScriptUnsafeInline",
    "count": 0
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckScriptUnsafeInlineWithNonce (CSP1)",
    "policy": "script-src 'unsafe-inline' 'nonce-foobar'; script-src-elem 'unsafe-inline' 'nonce-foobar';",
    "check": "checkScriptUnsafeInline",
    "count": 1,
    "version": 1,
    "at": [
      {
        "i": 0,
        "field": "severity",
        "expected": "high"
      }
    ]
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckScriptUnsafeInlineWithNonce (CSP3)",
    "policy": "script-src 'unsafe-inline' 'nonce-foobar'; script-src-elem 'unsafe-inline' 'nonce-foobar';",
    "check": "checkScriptUnsafeInline",
    "count": 0,
    "version": 3
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckScriptUnsafeInlineWithMalformedNonce",
    "policy": "script-src 'unsafe-inline' 'nonce-invalid$';",
    "check": "checkScriptUnsafeInline",
    "count": 1,
    "at": [
      {
        "i": 0,
        "field": "severity",
        "expected": "high"
      }
    ],
    "version": 3
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckScriptUnsafeInlineWithMalformedHash",
    "policy": "script-src 'unsafe-inline' 'sha256-invalid$';",
    "check": "checkScriptUnsafeInline",
    "count": 1,
    "at": [
      {
        "i": 0,
        "field": "severity",
        "expected": "high"
      }
    ],
    "version": 3
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckScriptUnsafeEvalInScriptSrc",
    "policy": "default-src https:; script-src 'unsafe-eval'; script-src-attr 'unsafe-eval'; script-src-elem 'unsafe-eval';",
    "check": "checkScriptUnsafeEval",
    "count": 3,
    "everySeverity": "medium-maybe"
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckScriptUnsafeEvalInDefaultSrc",
    "policy": "default-src 'unsafe-eval'",
    "check": "checkScriptUnsafeEval",
    "count": 1
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckPlainUrlSchemesInScriptSrc",
    "policy": "script-src data: http: https: sthInvalid:",
    "check": "checkPlainUrlSchemes",
    "count": 3,
    "everySeverity": "high"
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckPlainUrlSchemesInObjectSrc",
    "policy": "object-src data: http: https: sthInvalid:",
    "check": "checkPlainUrlSchemes",
    "count": 3,
    "everySeverity": "high"
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckPlainUrlSchemesInBaseUri",
    "policy": "base-uri data: http: https: sthInvalid:",
    "check": "checkPlainUrlSchemes",
    "count": 3,
    "everySeverity": "high"
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckPlainUrlSchemesMixed",
    "policy": "default-src https:; object-src data: sthInvalid:",
    "check": "checkPlainUrlSchemes",
    "count": 2,
    "everySeverity": "high",
    "at": [
      {
        "i": 0,
        "field": "directive",
        "expected": "default-src"
      },
      {
        "i": 1,
        "field": "directive",
        "expected": "object-src"
      }
    ]
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckPlainUrlSchemesDangerousDirectivesOK",
    "policy": "default-src https:; object-src 'none'; script-src 'none'; base-uri 'none'",
    "check": "checkPlainUrlSchemes",
    "count": 0
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckWildcardsInScriptSrc",
    "policy": "script-src * http://* //*; script-src-attr * http://* //*; script-src-elem * http://* //*",
    "check": "checkWildcards",
    "count": 9,
    "everySeverity": "high"
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckWildcardsInObjectSrc",
    "policy": "object-src * http://* //*",
    "check": "checkWildcards",
    "count": 3,
    "everySeverity": "high"
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckWildcardsInBaseUri",
    "policy": "base-uri * http://* //*",
    "check": "checkWildcards",
    "count": 3,
    "everySeverity": "high"
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckWildcardsSchemesMixed",
    "policy": "default-src *; object-src * ignore.me.com",
    "check": "checkWildcards",
    "count": 2,
    "everySeverity": "high",
    "at": [
      {
        "i": 0,
        "field": "directive",
        "expected": "default-src"
      },
      {
        "i": 1,
        "field": "directive",
        "expected": "object-src"
      }
    ]
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckWildcardsDangerousDirectivesOK",
    "policy": "default-src *; object-src *.foo.bar; script-src 'none'; base-uri 'none'",
    "check": "checkWildcards",
    "count": 0
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckMissingDirectivesMissingObjectSrc",
    "policy": "script-src 'none'",
    "check": "checkMissingDirectives",
    "count": 1,
    "at": [
      {
        "i": 0,
        "field": "severity",
        "expected": "high"
      }
    ]
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckMissingDirectivesMissingScriptSrc",
    "policy": "object-src 'none'",
    "check": "checkMissingDirectives",
    "count": 1,
    "at": [
      {
        "i": 0,
        "field": "severity",
        "expected": "high"
      }
    ]
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckMissingDirectivesObjectSrcSelf",
    "policy": "object-src 'self'",
    "check": "checkMissingDirectives",
    "count": 1,
    "at": [
      {
        "i": 0,
        "field": "severity",
        "expected": "high"
      }
    ]
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckMissingDirectivesMissingBaseUriInNonceCsp",
    "policy": "script-src 'nonce-123'; object-src 'none'",
    "check": "checkMissingDirectives",
    "count": 1,
    "at": [
      {
        "i": 0,
        "field": "severity",
        "expected": "high"
      }
    ]
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckMissingDirectivesMissingBaseUriInHashWStrictDynamicCsp",
    "policy": "script-src 'sha256-123456' 'strict-dynamic'; object-src 'none'",
    "check": "checkMissingDirectives",
    "count": 1,
    "at": [
      {
        "i": 0,
        "field": "severity",
        "expected": "high"
      }
    ]
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckMissingDirectivesMissingBaseUriInHashCsp",
    "policy": "script-src 'sha256-123456'; object-src 'none'",
    "check": "checkMissingDirectives",
    "count": 0
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckMissingDirectivesScriptAndObjectSrcSet",
    "policy": "script-src 'none'; object-src 'none'",
    "check": "checkMissingDirectives",
    "count": 0
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckMissingDirectivesDefaultSrcSet",
    "policy": "default-src https:;",
    "check": "checkMissingDirectives",
    "count": 0
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckMissingDirectivesDefaultSrcSetToNone",
    "policy": "default-src 'none';",
    "check": "checkMissingDirectives",
    "count": 0
  },
  {
    "file": "security_checks_test.ts",
    "name": "checkScriptAllowlistBypassJSONPBypass",
    "policy": "script-src *.google.com",
    "check": "checkScriptAllowlistBypass",
    "count": 1,
    "at": [
      {
        "i": 0,
        "field": "severity",
        "expected": "high"
      }
    ]
  },
  {
    "file": "security_checks_test.ts",
    "name": "checkScriptAllowlistBypassWithNoneAndJSONPBypass",
    "policy": "script-src *.google.com 'none'; script-src-elem *.google.com 'none'",
    "check": "checkScriptAllowlistBypass",
    "count": 0
  },
  {
    "file": "security_checks_test.ts",
    "name": "checkScriptAllowlistBypassJSONPBypassEvalRequired",
    "policy": "script-src https://googletagmanager.com 'unsafe-eval'; script-src-elem https://googletagmanager.com 'unsafe-eval'",
    "check": "checkScriptAllowlistBypass",
    "count": 2,
    "everySeverity": "high"
  },
  {
    "file": "security_checks_test.ts",
    "name": "checkScriptAllowlistBypassJSONPBypassEvalRequiredNotPresent",
    "policy": "script-src https://googletagmanager.com; script-src-elem https://googletagmanager.com;",
    "check": "checkScriptAllowlistBypass",
    "count": 2,
    "everySeverity": "medium-maybe"
  },
  {
    "file": "security_checks_test.ts",
    "name": "checkScriptAllowlistBypassAngularBypass",
    "policy": "script-src gstatic.com; script-src-elem gstatic.com",
    "check": "checkScriptAllowlistBypass",
    "count": 2,
    "everySeverity": "high"
  },
  {
    "file": "security_checks_test.ts",
    "name": "checkScriptAllowlistBypassNoBypassWarningOnly",
    "policy": "script-src foo.bar; script-src-elem foo.bar",
    "check": "checkScriptAllowlistBypass",
    "count": 2,
    "everySeverity": "medium-maybe"
  },
  {
    "file": "security_checks_test.ts",
    "name": "checkScriptAllowlistBypassNoBypassSelfWarningOnly",
    "policy": "script-src 'self'; script-src-attr 'self'; script-src-elem 'self'",
    "check": "checkScriptAllowlistBypass",
    "count": 2,
    "everySeverity": "medium-maybe"
  },
  {
    "file": "security_checks_test.ts",
    "name": "checkFlashObjectAllowlistBypassFlashBypass",
    "policy": "object-src https://*.googleapis.com",
    "check": "checkFlashObjectAllowlistBypass",
    "count": 1,
    "at": [
      {
        "i": 0,
        "field": "severity",
        "expected": "high"
      }
    ]
  },
  {
    "file": "security_checks_test.ts",
    "name": "checkFlashObjectAllowlistBypassNoFlashBypass",
    "policy": "object-src https://foo.bar",
    "check": "checkFlashObjectAllowlistBypass",
    "count": 1,
    "at": [
      {
        "i": 0,
        "field": "severity",
        "expected": "medium-maybe"
      }
    ]
  },
  {
    "file": "security_checks_test.ts",
    "name": "checkFlashObjectAllowlistBypassSelfAllowed",
    "policy": "object-src 'self'",
    "check": "checkFlashObjectAllowlistBypass",
    "count": 1,
    "at": [
      {
        "i": 0,
        "field": "severity",
        "expected": "medium-maybe"
      }
    ]
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckIpSource",
    "policy": "script-src 8.8.8.8; font-src //127.0.0.1 https://[::1] not.an.ip",
    "check": "checkIpSource",
    "count": 3,
    "everySeverity": "info"
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckDeprecatedDirectiveReportUriWithReportTo",
    "policy": "report-uri foo.bar/csp;report-to abc",
    "check": "checkDeprecatedDirective",
    "count": 0
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckDeprecatedDirectiveWithoutReportUriButWithReportTo",
    "policy": "report-to abc",
    "check": "checkDeprecatedDirective",
    "count": 0
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckDeprecatedDirectiveReflectedXss",
    "policy": "reflected-xss block",
    "check": "checkDeprecatedDirective",
    "count": 1,
    "at": [
      {
        "i": 0,
        "field": "severity",
        "expected": "info"
      }
    ]
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckDeprecatedDirectiveReferrer",
    "policy": "referrer origin",
    "check": "checkDeprecatedDirective",
    "count": 1,
    "at": [
      {
        "i": 0,
        "field": "severity",
        "expected": "info"
      }
    ]
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckDeprecatedDirectivePrefetchSrc",
    "policy": "prefetch-src test",
    "check": "checkDeprecatedDirective",
    "count": 1,
    "at": [
      {
        "i": 0,
        "field": "severity",
        "expected": "info"
      }
    ]
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckNonceLengthWithLongNonce",
    "policy": "script-src 'nonce-veryLongRandomNonce'",
    "check": "checkNonceLength",
    "count": 0
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckNonceLengthWithShortNonce",
    "policy": "script-src 'nonce-short'",
    "check": "checkNonceLength",
    "count": 1,
    "at": [
      {
        "i": 0,
        "field": "severity",
        "expected": "medium"
      }
    ]
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckNonceLengthInvalidCharset",
    "policy": "script-src 'nonce-***notBase64***'",
    "check": "checkNonceLength",
    "count": 1,
    "at": [
      {
        "i": 0,
        "field": "severity",
        "expected": "info"
      }
    ]
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckSrcHttp",
    "policy": "script-src http://foo.bar https://test.com; report-uri http://test.com",
    "check": "checkSrcHttp",
    "count": 2,
    "everySeverity": "medium"
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckHasConfiguredReporting_whenNoReporting",
    "policy": "script-src 'nonce-aaaaaaaaaa'",
    "check": "checkHasConfiguredReporting",
    "count": 1,
    "at": [
      {
        "i": 0,
        "field": "severity",
        "expected": "info"
      },
      {
        "i": 0,
        "field": "directive",
        "expected": "report-uri"
      }
    ]
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckHasConfiguredReporting_whenOnlyReportTo",
    "policy": "script-src 'nonce-aaaaaaaaaa'; report-to name",
    "check": "checkHasConfiguredReporting",
    "count": 1,
    "at": [
      {
        "i": 0,
        "field": "severity",
        "expected": "info"
      },
      {
        "i": 0,
        "field": "directive",
        "expected": "report-to"
      }
    ]
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckHasConfiguredReporting_whenOnlyReportUri",
    "policy": "script-src 'nonce-aaaaaaaaaa'; report-uri url",
    "check": "checkHasConfiguredReporting",
    "count": 0
  },
  {
    "file": "security_checks_test.ts",
    "name": "CheckHasConfiguredReporting_whenReportUriAndReportTo",
    "policy": "script-src 'nonce-aaaaaaaaaa'; report-uri url; report-to name",
    "check": "checkHasConfiguredReporting",
    "count": 0
  },
  {
    "file": "security_checks_test.ts",
    "name": "checkScriptUnsafeInline_notOverriddenForScriptSrcElem",
    "policy": "script-src 'nonce-aaaaaaaaaa' strict-dynamic; script-src-elem 'unsafe-inline';",
    "check": "checkScriptUnsafeInline",
    "count": 1,
    "at": [
      {
        "i": 0,
        "field": "severity",
        "expected": "high"
      }
    ],
    "version": 3
  },
  {
    "file": "parser_checks_test.ts",
    "name": "CheckUnknownDirective",
    "policy": "foobar-src http:",
    "check": "checkUnknownDirective",
    "count": 1,
    "at": [
      {
        "i": 0,
        "field": "severity",
        "expected": "syntax"
      },
      {
        "i": 0,
        "field": "directive",
        "expected": "foobar-src"
      }
    ]
  },
  {
    "file": "parser_checks_test.ts",
    "name": "CheckMissingSemicolon",
    "policy": "default-src foo.bar script-src 'none'",
    "check": "checkMissingSemicolon",
    "count": 1,
    "at": [
      {
        "i": 0,
        "field": "severity",
        "expected": "syntax"
      },
      {
        "i": 0,
        "field": "value",
        "expected": "script-src"
      }
    ]
  },
  {
    "file": "parser_checks_test.ts",
    "name": "CheckInvalidKeywordForgottenSingleTicks",
    "policy": "script-src strict-dynamic nonce-test sha256-asdf",
    "check": "checkInvalidKeyword",
    "count": 3,
    "everySeverity": "syntax"
  },
  {
    "file": "parser_checks_test.ts",
    "name": "CheckInvalidKeywordUnknownKeyword",
    "policy": "script-src 'foo-bar'",
    "check": "checkInvalidKeyword",
    "count": 1,
    "at": [
      {
        "i": 0,
        "field": "severity",
        "expected": "syntax"
      },
      {
        "i": 0,
        "field": "value",
        "expected": "'foo-bar'"
      }
    ]
  },
  {
    "file": "parser_checks_test.ts",
    "name": "CheckInvalidKeywordMalformedNonce",
    "policy": "script-src 'nonce-invalid$'",
    "check": "checkInvalidKeyword",
    "count": 1,
    "at": [
      {
        "i": 0,
        "field": "severity",
        "expected": "syntax"
      },
      {
        "i": 0,
        "field": "value",
        "expected": "'nonce-invalid$'"
      }
    ]
  },
  {
    "file": "parser_checks_test.ts",
    "name": "CheckInvalidKeywordMalformedHash",
    "policy": "script-src 'sha256-invalid$'",
    "check": "checkInvalidKeyword",
    "count": 1,
    "at": [
      {
        "i": 0,
        "field": "severity",
        "expected": "syntax"
      },
      {
        "i": 0,
        "field": "value",
        "expected": "'sha256-invalid$'"
      }
    ]
  },
  {
    "file": "parser_checks_test.ts",
    "name": "CheckInvalidKeywordAllowsRequireTrustedTypesForScript",
    "policy": "require-trusted-types-for 'script'",
    "check": "checkInvalidKeyword",
    "count": 0
  },
  {
    "file": "parser_checks_test.ts",
    "name": "CheckInvalidKeywordAllowsTrustedTypesAllowDuplicateKeyword",
    "policy": "trusted-types 'allow-duplicates' policy1",
    "check": "checkInvalidKeyword",
    "count": 0
  },
  {
    "file": "strictcsp_checks_test.ts",
    "name": "CheckStrictDynamic",
    "policy": "script-src foo.bar",
    "check": "checkStrictDynamic",
    "count": 1,
    "at": [
      {
        "i": 0,
        "field": "severity",
        "expected": "strict-csp"
      }
    ]
  },
  {
    "file": "strictcsp_checks_test.ts",
    "name": "CheckStrictDynamicNotStandalone",
    "policy": "script-src 'strict-dynamic'",
    "check": "checkStrictDynamicNotStandalone",
    "at": [
      {
        "i": 0,
        "field": "severity",
        "expected": "info"
      }
    ]
  },
  {
    "file": "strictcsp_checks_test.ts",
    "name": "CheckStrictDynamicNotStandaloneDoesntFireIfNoncePresent",
    "policy": "script-src 'strict-dynamic' 'nonce-foobar'",
    "check": "checkStrictDynamicNotStandalone",
    "count": 0
  },
  {
    "file": "strictcsp_checks_test.ts",
    "name": "CheckUnsafeInlineFallback",
    "policy": "script-src 'nonce-test'",
    "check": "checkUnsafeInlineFallback",
    "count": 1,
    "at": [
      {
        "i": 0,
        "field": "severity",
        "expected": "strict-csp"
      }
    ]
  },
  {
    "file": "strictcsp_checks_test.ts",
    "name": "CheckUnsafeInlineFallbackDoesntFireIfFallbackPresent",
    "policy": "script-src 'nonce-test' 'unsafe-inline'",
    "check": "checkUnsafeInlineFallback",
    "count": 0
  },
  {
    "file": "strictcsp_checks_test.ts",
    "name": "checkAllowlistFallback",
    "policy": "script-src 'nonce-test' 'strict-dynamic'",
    "check": "checkAllowlistFallback",
    "count": 1,
    "at": [
      {
        "i": 0,
        "field": "severity",
        "expected": "strict-csp"
      }
    ]
  },
  {
    "file": "strictcsp_checks_test.ts",
    "name": "checkAllowlistFallbackDoesntFireIfSchemeFallbackPresent",
    "policy": "script-src 'nonce-test' 'strict-dynamic' https:",
    "check": "checkAllowlistFallback",
    "count": 0
  },
  {
    "file": "strictcsp_checks_test.ts",
    "name": "checkAllowlistFallbackDoesntFireIfURLFallbackPresent",
    "policy": "script-src 'nonce-test' 'strict-dynamic' foo.bar",
    "check": "checkAllowlistFallback",
    "count": 0
  },
  {
    "file": "strictcsp_checks_test.ts",
    "name": "checkAllowlistFallbackDoesntFireInAbsenceOfStrictDynamic",
    "policy": "script-src 'nonce-test'",
    "check": "checkAllowlistFallback",
    "count": 0
  }
];

/** Policies from its parser and Csp tests, used for whole-evaluation parity. */
export const UPSTREAM_POLICIES: string[] = [
  "default-src 'none';script-src 'nonce-unsafefoobar' 'unsafe-eval' 'unsafe-hashes'  'unsafe-inline' \nhttps://example.com/foo.js foo.bar     'sha256-1DCfk1NYWuHMfoobarfoobar=';script-src-elem 'self' 'unsafe-inline' https://apis.google.com https://www.googletagmanager.com https://www.google-analytics.com https://wchat.freshchat.com;object-src 'none';img-src 'self' https: data: blob:;style-src 'self' 'unsafe-inline' 'sha256-1DCfk1NYWuHMfoobarfoobar=';style-src-elem 'self' 'unsafe-inline' https://fonts.googleapis.com https://fonts.gstatic.com;font-src *;child-src *.example.com:9090;upgrade-insecure-requests;\nreport-uri /csp/test",
  "DEFAULT-src 'NONE';img-src 'sElf' HTTPS: Example.com/CaseSensitive;",
  "default-src 'none';default-src foo.bar;object-src 'none';OBJECT-src foo.bar;",
  "default-src 'unsafe-inline' 'strict-dynamic' 'nonce-123' 'sha256-foobar' 'self'; report-to foo.bar; worker-src *; manifest-src *; script-src-attr 'self'; script-src-elem 'self'; style-src-attr 'self'; style-src-elem 'self';",
  "default-src https:; script-src foo.bar",
  "default-src https:; style-src-elem foo.bar",
  "default-src https:; script-src foo.bar; script-src-elem bar.baz; style-src foo.bar; style-src-elem bar.baz",
  "default-src https:; script-src 'nonce-test123'",
  "default-src https: 'nonce-ignored'; script-src nonce-invalid",
  "default-src https:; script-src 'sha256-asdfASDF'",
  "default-src https: 'nonce-ignored'; script-src sha256-invalid",
  "default-src https:; script-src 'strict-dynamic'",
  "default-src https 'strict-dynamic'",
  "default-src 'strict-dynamic'; script-src foo.bar",
  "navigate-to 'self'; script-src 'nonce-foo'",
  "web-rtc 'allow'; script-src 'nonce-foo'"
];
