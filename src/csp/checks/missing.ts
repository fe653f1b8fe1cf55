/**
 * Directives whose absence leaves an XSS door open: object-src, script-src,
 * and base-uri when scripts are allowed by nonce (or by hash with
 * 'strict-dynamic'). Facts from csp-evaluator's missing-directive checks.
 */
import { finding, type CspFinding } from '../findings';
import { hasScriptHashes, hasScriptNonces, hasStrictDynamic, type PolicyView } from './view';

export function checkMissingObjectSrc(view: PolicyView): CspFinding[] {
  const d = view.directives;
  const governing = d.get('object-src') ?? d.get('default-src');
  if (governing !== undefined && governing.length > 0) return [];
  return [
    finding(
      'missing-directives',
      'high',
      'object-src',
      "No object-src (nor a default-src with sources) restricts plugins, so injected <object>/<embed> can run script. Add object-src 'none'.",
    ),
  ];
}

export function checkMissingScriptSrc(view: PolicyView): CspFinding[] {
  if (view.directives.has('script-src') || view.directives.has('default-src')) return [];
  return [
    finding(
      'missing-directives',
      'high',
      'script-src',
      "Neither script-src nor default-src is set, so scripts from anywhere (and inline) may run. Add script-src with nonces and 'strict-dynamic', e.g. script-src 'nonce-<random>' 'strict-dynamic'.",
    ),
  ];
}

/** A <base> tag can redirect relative script URLs; it matters once scripts are allowed by nonce or by hash with 'strict-dynamic'. */
export function baseUriNeeded(view: PolicyView): boolean {
  return hasScriptNonces(view) || (hasScriptHashes(view) && hasStrictDynamic(view));
}

export function checkMissingBaseUri(view: PolicyView): CspFinding[] {
  if (!baseUriNeeded(view) || view.directives.has('base-uri')) return [];
  return [
    finding(
      'missing-directives',
      'high',
      'base-uri',
      "No base-uri: an injected <base href> can point this page's relative script URLs at an attacker's host, defeating the nonce. Add base-uri 'none' (or 'self').",
    ),
  ];
}

export function checkMissingDirectives(view: PolicyView): CspFinding[] {
  return [...checkMissingObjectSrc(view), ...checkMissingScriptSrc(view), ...checkMissingBaseUri(view)];
}
