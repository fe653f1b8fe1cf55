/**
 * "Strict CSP" advice: move from host allowlists to nonces/hashes with
 * 'strict-dynamic', keep fallbacks for older browsers, require Trusted Types.
 * Facts from csp-evaluator's strict CSP checks. These judge the policy as
 * written, not the effective view.
 */
import { finding, type CspFinding } from '../findings';
import { hasScriptHashes, hasScriptNonces, scriptFacts, valuesOf, type PolicyView } from './view';

function scriptDirective(view: PolicyView): [string, string[]] {
  const { directive, values } = scriptFacts(view);
  return [directive, values];
}

export function checkStrictDynamic(view: PolicyView): CspFinding[] {
  const [directive, values] = scriptDirective(view);
  if (!values.some((v) => !v.startsWith("'")) || values.includes("'strict-dynamic'")) return [];
  return [
    finding(
      'strict-dynamic',
      'strict-csp',
      directive,
      `${directive} relies on a host or scheme allowlist, which is often bypassable. Allow scripts by nonce or hash and add 'strict-dynamic' so the allowlist is no longer what protects you.`,
    ),
  ];
}

export function checkStrictDynamicNotStandalone(view: PolicyView): CspFinding[] {
  const [directive, values] = scriptDirective(view);
  if (!values.includes("'strict-dynamic'") || hasScriptNonces(view) || hasScriptHashes(view)) return [];
  return [
    finding(
      'strict-dynamic-not-standalone',
      'info',
      directive,
      `'strict-dynamic' without a nonce or hash in ${directive} blocks every script in CSP3 browsers. Add 'nonce-<random>' to the policy and to your <script> tags.`,
    ),
  ];
}

export function checkUnsafeInlineFallback(view: PolicyView): CspFinding[] {
  if (!hasScriptNonces(view) && !hasScriptHashes(view)) return [];
  const [directive, values] = scriptDirective(view);
  if (values.includes("'unsafe-inline'")) return [];
  return [
    finding(
      'unsafe-inline-fallback',
      'strict-csp',
      directive,
      `Browsers without nonce/hash support will block your inline scripts. Add 'unsafe-inline' to ${directive}: browsers that know nonces ignore it, so it costs nothing.`,
    ),
  ];
}

export function checkAllowlistFallback(view: PolicyView): CspFinding[] {
  const [directive, values] = scriptDirective(view);
  if (!values.includes("'strict-dynamic'")) return [];
  if (values.some((v) => v === 'http:' || v === 'https:' || v === '*' || v.includes('.'))) return [];
  return [
    finding(
      'allowlist-fallback',
      'strict-csp',
      directive,
      `Browsers without 'strict-dynamic' will block your loaded scripts. Add https: (and http: if needed) to ${directive}: browsers that know 'strict-dynamic' ignore them.`,
    ),
  ];
}

export function checkRequiresTrustedTypesForScripts(view: PolicyView): CspFinding[] {
  if (valuesOf(view, 'require-trusted-types-for').includes("'script'")) return [];
  return [
    finding(
      'require-trusted-types-for-scripts',
      'info',
      'require-trusted-types-for',
      "DOM XSS sinks (innerHTML, eval, script.src) accept plain strings. Add require-trusted-types-for 'script' to make them demand Trusted Types.",
    ),
  ];
}
