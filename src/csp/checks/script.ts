/**
 * Checks of what a policy lets scripts do: inline code, eval, whole schemes,
 * the lone wildcard. Facts from csp-evaluator's security checks.
 */
import { finding, type CspFinding } from '../findings';
import { stripScheme } from './url-like';
import { scriptDirectives, valuesOf, xssDirectives, type PolicyView } from './view';

const XSS_SCHEMES = ['data:', 'http:', 'https:'];

/** 'unsafe-inline' (not neutralised by a nonce or hash) and 'unsafe-hashes' where scripts are governed. Judge the effective view. */
export function checkScriptUnsafeInline(view: PolicyView): CspFinding[] {
  const out: CspFinding[] = [];
  for (const directive of scriptDirectives(view)) {
    const values = valuesOf(view, directive);
    if (values.includes("'unsafe-inline'")) {
      out.push(
        finding(
          'script-unsafe-inline',
          'high',
          directive,
          `'unsafe-inline' in ${directive} lets any injected <script> block or on* handler run. ` +
            `Remove it and allow your scripts by nonce ('nonce-<random per response>') or hash ('sha256-...'), ideally with 'strict-dynamic'.`,
          "'unsafe-inline'",
        ),
      );
    }
    if (values.includes("'unsafe-hashes'")) {
      out.push(
        finding(
          'script-unsafe-hashes',
          'medium-maybe',
          directive,
          `'unsafe-hashes' in ${directive} lets inline event handlers and javascript: URLs run when their hash is listed. ` +
            'Move those handlers into script files (addEventListener) and drop the keyword.',
          "'unsafe-hashes'",
        ),
      );
    }
  }
  return out;
}

/** 'unsafe-eval' where scripts are governed. */
export function checkScriptUnsafeEval(view: PolicyView): CspFinding[] {
  const out: CspFinding[] = [];
  for (const directive of scriptDirectives(view)) {
    if (valuesOf(view, directive).includes("'unsafe-eval'")) {
      out.push(
        finding(
          'script-unsafe-eval',
          'medium-maybe',
          directive,
          `'unsafe-eval' in ${directive} lets strings reaching eval(), new Function() or setTimeout("...") run as code. ` +
            `Remove it and replace string-to-code calls; for WebAssembly only, use 'wasm-unsafe-eval'.`,
          "'unsafe-eval'",
        ),
      );
    }
  }
  return out;
}

/** `https:`, `http:` or `data:` alone in a script-governing directive: any site (or inline data) may supply script. */
export function checkPlainUrlSchemes(view: PolicyView): CspFinding[] {
  const out: CspFinding[] = [];
  for (const directive of xssDirectives(view)) {
    for (const value of valuesOf(view, directive)) {
      // Only a token ending in ':' can be a bare scheme.
      if (value.charCodeAt(value.length - 1) === 58 && XSS_SCHEMES.includes(value)) {
        out.push(
          finding(
            'plain-url-schemes',
            'high',
            directive,
            `${value} in ${directive} allows content from any ${value === 'data:' ? 'data: URL' : `${value} origin`}, so an attacker can load their own script. ` +
              `List the exact origins you need, or use nonces with 'strict-dynamic'.`,
            value,
          ),
        );
      }
    }
  }
  return out;
}

/** `*` (with or without a scheme) in a script-governing directive. */
export function checkWildcards(view: PolicyView): CspFinding[] {
  const out: CspFinding[] = [];
  for (const directive of xssDirectives(view)) {
    for (const value of valuesOf(view, directive)) {
      // Only a token ending in '*' can be the lone wildcard.
      if (value.charCodeAt(value.length - 1) === 42 && stripScheme(value) === '*') {
        out.push(
          finding(
            'plain-wildcard',
            'high',
            directive,
            `${value} in ${directive} allows any host, so an attacker can load their own file. ` +
              `Replace it with the exact origins you need${directive === 'object-src' ? ", or 'none'" : ''}.`,
            value,
          ),
        );
      }
    }
  }
  return out;
}

