/**
 * Style checks (ours; csp-evaluator only judges scripts). Injected CSS can
 * read page content through attribute selectors and redraw the page for
 * phishing, so loose style sources matter even where scripts are locked down.
 */
import { finding, type CspFinding } from '../findings';
import { stripScheme } from './url-like';
import { effectiveDirectives, STRICT_HASH, STRICT_NONCE, valuesOf, type PolicyView } from './view';

const STYLE_DIRECTIVES = ['style-src', 'style-src-elem', 'style-src-attr'];

export function checkStyleSources(view: PolicyView): CspFinding[] {
  const out: CspFinding[] = [];
  for (const directive of effectiveDirectives(view, STYLE_DIRECTIVES)) {
    if (!view.directives.has(directive)) continue;
    const values = valuesOf(view, directive);
    // Browsers ignore 'unsafe-inline' next to a nonce or hash (CSP2+).
    const hasNonceOrHash = values.some((v) => STRICT_NONCE.test(v) || STRICT_HASH.test(v));
    for (const value of values) {
      if (value === "'unsafe-inline'" && !hasNonceOrHash) {
        out.push(
          finding(
            'style-unsafe-inline',
            'medium-maybe',
            directive,
            `'unsafe-inline' in ${directive} lets injected <style> and style="" apply, which can leak page data through CSS selectors. ` +
              'Move styles to files, or allow inline ones by nonce or hash, and remove the keyword.',
            value,
          ),
        );
      } else if (stripScheme(value) === '*' || value === 'https:' || value === 'http:') {
        out.push(
          finding(
            'style-wildcard',
            'medium-maybe',
            directive,
            `${value} in ${directive} lets stylesheets load from any host. List the origins that serve your CSS instead.`,
            value,
          ),
        );
      } else if (value === 'data:') {
        out.push(
          finding(
            'style-data-uri',
            'medium-maybe',
            directive,
            `data: in ${directive} lets injected markup bring its own stylesheet inline. Serve stylesheets from your origin and remove data:.`,
            value,
          ),
        );
      }
    }
  }
  return out;
}
