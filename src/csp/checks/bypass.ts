/**
 * Allowed hosts that are known to serve JSONP endpoints, AngularJS or Flash,
 * which an attacker can load to run code in spite of the allowlist. The host
 * lists are in ../data; the matching rules (first listed entry wins, `*.`
 * matches subdomains only, a path ending in `/` is a prefix) follow
 * csp-evaluator's allowlist bypass checks.
 */
import { findBypass } from '../data/bypass-index';
import { BYPASS_WITHOUT_EVAL_EXTENDED, JSONP_NEEDS_EVAL } from '../data/jsonp';
import { finding, type CspFinding } from '../findings';
import { parseHostAndPath, prepareForUrl, stripScheme, WILDCARD_PLACEHOLDER } from './url-like';
import type { CheckContext } from './types';
import { effectiveDirective, effectiveDirectives, isUrlScheme, valuesOf, type PolicyView } from './view';

interface SourceTarget {
  host: string;
  wildcard: boolean;
  path: string;
}

const WILDCARD_LABEL = WILDCARD_PLACEHOLDER + '.';

/** Host and path of a source the way the bypass lists are matched; undefined if it cannot be read as a URL. */
function targetOf(value: string): SourceTarget | undefined {
  const parsed = parseHostAndPath(prepareForUrl(stripScheme(value)));
  if (parsed === undefined) return undefined;
  const host = parsed.hostname;
  const wildcard = host.startsWith(WILDCARD_LABEL);
  return { host: wildcard ? host.slice(WILDCARD_LABEL.length) : host, wildcard, path: parsed.pathname };
}

const SCRIPT_BYPASS_NAMES = ['script-src', 'script-src-elem'];

export function checkScriptAllowlistBypass(view: PolicyView, context?: CheckContext): CspFinding[] {
  const out: CspFinding[] = [];
  for (const directive of effectiveDirectives(view, SCRIPT_BYPASS_NAMES)) {
    const values = valuesOf(view, directive);
    // Keywords are their constants (see normalizeValues): identity tests, in one pass.
    let none = false;
    let evalAllowed = false;
    for (const value of values) {
      if (value === "'none'") none = true;
      else if (value === "'unsafe-eval'") evalAllowed = true;
    }
    if (none) continue;
    for (const value of values) {
      if (value === "'self'") {
        out.push(
          finding(
            'script-allowlist-bypass',
            'medium-maybe',
            directive,
            `'self' in ${directive} trusts every script URL on this origin; if it serves JSONP, AngularJS or user uploads, those can be abused. ` +
              "Prefer nonces with 'strict-dynamic', or make sure no such endpoint exists.",
            value,
          ),
        );
        continue;
      }
      // Keywords, nonces and hashes are quoted; bare schemes and dotless names are not hosts worth checking.
      if (value.startsWith("'") || isUrlScheme(value) || !value.includes('.')) continue;
      const target = targetOf(value);
      if (target === undefined) continue;
      let jsonp = findBypass('jsonp', target.host, target.wildcard, target.path);
      // Google Tag Manager needs no eval to be abused; only csp-evaluator's reading (not extended) asks for it.
      const needsEval = jsonp !== undefined && JSONP_NEEDS_EVAL.has(jsonp.host) && !(context?.extended && BYPASS_WITHOUT_EVAL_EXTENDED.has(jsonp.host));
      if (jsonp !== undefined && needsEval && !evalAllowed) jsonp = undefined;
      const angular = findBypass('angular', target.host, target.wildcard, target.path);
      if (jsonp === undefined && angular === undefined) {
        out.push(
          finding(
            'script-allowlist-bypass',
            'medium-maybe',
            directive,
            `${value} is not on our lists of known bypasses, but any JSONP endpoint or AngularJS copy it serves would let an attacker run script. ` +
              "Check it serves neither, or replace host allowlists with nonces and 'strict-dynamic'.",
            value,
          ),
        );
        continue;
      }
      const what = [jsonp && `JSONP endpoints (${jsonp.host}${jsonp.path})`, angular && `AngularJS (${angular.host}${angular.path})`]
        .filter(Boolean)
        .join(' and ');
      out.push(
        finding(
          'script-allowlist-bypass',
          'high',
          directive,
          `${value} serves ${what}, which an attacker can load to run any script despite this allowlist. ` +
            `Remove ${value} from ${directive}; allow the scripts you need by nonce with 'strict-dynamic' instead.`,
          value,
        ),
      );
    }
  }
  return out;
}

export function checkFlashObjectAllowlistBypass(view: PolicyView): CspFinding[] {
  const out: CspFinding[] = [];
  const directive = effectiveDirective(view, 'object-src');
  const pluginTypes = view.directives.get('plugin-types');
  if (pluginTypes !== undefined && !pluginTypes.includes('application/x-shockwave-flash')) return [];
  for (const value of valuesOf(view, directive)) {
    if (value === "'none'") return [];
    // Every listed host has a dot and none starts with a quote: other tokens cannot match.
    const target = value.includes('.') && value.charCodeAt(0) !== 39 ? targetOf(value) : undefined;
    const flash = target && findBypass('flash', target.host, target.wildcard, target.path);
    if (flash !== undefined) {
      out.push(
        finding(
          'object-allowlist-bypass',
          'high',
          directive,
          `${value} serves Flash files (${flash.host}${flash.path}) that can run script in this page. Set object-src 'none'.`,
          value,
        ),
      );
    } else if (directive === 'object-src') {
      out.push(
        finding(
          'object-allowlist-bypass',
          'medium-maybe',
          directive,
          `object-src allows ${value}; any plugin content there runs with this page's rights. Set object-src 'none' unless you truly embed plugins.`,
          value,
        ),
      );
    }
  }
  return out;
}
