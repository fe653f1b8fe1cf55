import type { CspFinding, CspFindingType } from '../csp/findings';
import { fixText } from './fix';
import type { Framework } from './types';

/**
 * Fixes for CSP findings in the framework's own words. The evaluator's
 * description says what is wrong in CSP terms; here the common fixes become
 * the Talisman or helmet option that makes them, or the header line.
 */

interface DirectiveFix {
  directive: string;
  /** The value to set, in CSP syntax; `{nonce}` stands for the per-response nonce. */
  value: string;
}

/** The script-src a strict policy uses: a nonce, and scripts those load are trusted too. */
const STRICT_SCRIPT: DirectiveFix = { directive: 'script-src', value: "'nonce-{nonce}' 'strict-dynamic'" };

const FIXES: Partial<Record<CspFindingType, DirectiveFix>> = {
  'script-unsafe-inline': STRICT_SCRIPT,
  'script-unsafe-eval': STRICT_SCRIPT,
  'script-allowlist-bypass': STRICT_SCRIPT,
  'plain-url-schemes': STRICT_SCRIPT,
  'plain-wildcard': STRICT_SCRIPT,
  'strict-dynamic': STRICT_SCRIPT,
  'object-allowlist-bypass': { directive: 'object-src', value: "'none'" },
  'base-uri-missing': { directive: 'base-uri', value: "'none'" },
  'form-action-missing': { directive: 'form-action', value: "'self'" },
  'frame-ancestors-wildcard': { directive: 'frame-ancestors', value: "'self'" },
  'style-unsafe-inline': { directive: 'style-src', value: "'self' 'nonce-{nonce}'" },
};

/** `missing-directives` names what is missing in its directive. */
function fixOf(finding: CspFinding): DirectiveFix | undefined {
  if (finding.type === 'missing-directives') {
    if (finding.directive === 'object-src' || finding.directive === 'base-uri') return { directive: finding.directive, value: "'none'" };
    if (finding.directive === 'script-src') return STRICT_SCRIPT;
    return undefined;
  }
  return FIXES[finding.type];
}

/** The fix line for a CSP finding; undefined when the finding has no one-line fix (its description then says what to do). */
export function cspFindingFix(finding: CspFinding, framework: Framework | undefined): string | undefined {
  const fix = fixOf(finding);
  if (!fix) return undefined;
  const usesNonce = fix.value.includes('{nonce}');
  const header = `Content-Security-Policy: … ${fix.directive} ${fix.value.replace('{nonce}', '{random per response}')}`;
  const pyValue = fix.value.replace(/'nonce-\{nonce\}'\s*/, '').trim();
  const talisman =
    `Talisman(app, content_security_policy={…, '${fix.directive}': "${pyValue}"}` +
    (usesNonce ? `, content_security_policy_nonce_in=['${fix.directive}']) and nonce="{{ csp_nonce() }}" on each <script>` : ')');
  const helmetValues = fix.value
    .split(' ')
    .map((token) => (token === "'nonce-{nonce}'" ? '(req, res) => `\'nonce-${res.locals.cspNonce}\'`' : JSON.stringify(token)))
    .join(', ');
  const helmet = `helmet({ contentSecurityPolicy: { directives: { ${camelCase(fix.directive)}: [${helmetValues}] } } })${usesNonce ? ' with res.locals.cspNonce set per request' : ''}`;
  const nginx = `add_header Content-Security-Policy "… ${fix.directive} ${fix.value.replace('{nonce}', '$request_id')}" always;`;
  return fixText({ action: 'text', text: header, talisman, helmet, nginx }, framework);
}

function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** What a sound policy has instead, for the finding's `expected`. */
export function cspFindingExpected(finding: CspFinding): string {
  const fix = fixOf(finding);
  if (fix) return `${fix.directive} ${fix.value.replace('{nonce}', '{random per response}')}`;
  return finding.value ? `no ${finding.value} in ${finding.directive}` : `a sound ${finding.directive}`;
}
