/** Every check function by name, for callers (and tests) that pick checks by name. */
export { checkFlashObjectAllowlistBypass, checkScriptAllowlistBypass } from './bypass';
export { checkHashLength } from './hash';
export { checkDeprecatedDirective, checkIpSource, checkNonceLength, checkSrcHttp, looksLikeIp } from './hygiene';
export { checkMissingBaseUri, checkMissingDirectives, checkMissingObjectSrc, checkMissingScriptSrc } from './missing';
export { checkBaseUri, checkFormAction, checkFrameAncestors } from './navigation';
export { checkHasConfiguredReporting } from './reporting';
export { checkPlainUrlSchemes, checkScriptUnsafeEval, checkScriptUnsafeInline, checkWildcards } from './script';
export {
  checkAllowlistFallback,
  checkRequiresTrustedTypesForScripts,
  checkStrictDynamic,
  checkStrictDynamicNotStandalone,
  checkUnsafeInlineFallback,
} from './strict';
export { checkStyleSources } from './style';
export { checkInvalidKeyword, checkMissingSemicolon, checkUnknownDirective } from './syntax';
