/**
 * Navigation and document directives (ours): frame-ancestors, form-action,
 * base-uri. None of them falls back to default-src, so leaving them out
 * leaves framing, form targets and <base> unrestricted.
 */
import { finding, type CspFinding } from '../findings';
import type { CheckContext } from './types';
import { stripScheme } from './url-like';
import type { PolicyView } from './view';

/**
 * frame-ancestors takes only 'self', 'none', hosts and schemes. Other
 * keywords, nonces and hashes are ignored by browsers, and in a <meta>
 * policy the whole directive is ignored.
 */
export function checkFrameAncestors(view: PolicyView, context: CheckContext): CspFinding[] {
  const values = view.directives.get('frame-ancestors');
  if (values === undefined) return [];
  const out: CspFinding[] = [];
  if (context.source === 'meta') {
    out.push(
      finding(
        'frame-ancestors-invalid',
        'syntax',
        'frame-ancestors',
        'frame-ancestors is ignored in a <meta> policy. Send it in a Content-Security-Policy response header instead.',
      ),
    );
  }
  if (values.includes("'none'") && values.length > 1) {
    out.push(
      finding(
        'frame-ancestors-invalid',
        'syntax',
        'frame-ancestors',
        `'none' is ignored when other sources are listed (${values.filter((v) => v !== "'none'").join(' ')}). Use 'none' alone to forbid framing, or drop it.`,
        "'none'",
      ),
    );
  }
  for (const value of values) {
    if (value.startsWith("'") && value !== "'self'" && value !== "'none'") {
      out.push(
        finding(
          'frame-ancestors-invalid',
          'syntax',
          'frame-ancestors',
          `${value} means nothing in frame-ancestors (only 'self', 'none', hosts and schemes do) and is ignored. Remove it.`,
          value,
        ),
      );
    } else if (stripScheme(value) === '*' || value === 'https:' || value === 'http:') {
      out.push(
        finding(
          'frame-ancestors-wildcard',
          'medium',
          'frame-ancestors',
          `frame-ancestors ${value} lets any site frame this page, which enables clickjacking. Use 'self' or list the sites allowed to embed it (or 'none').`,
          value,
        ),
      );
    }
  }
  return out;
}

export function checkFormAction(view: PolicyView): CspFinding[] {
  if (view.directives.has('form-action')) return [];
  return [
    finding(
      'form-action-missing',
      'medium-maybe',
      'form-action',
      "No form-action (it does not fall back to default-src): injected <form> can post data, such as autofilled passwords, to any site. Add form-action 'self'.",
    ),
  ];
}

/**
 * base-uri missing in general. (csp-evaluator already reports it as a
 * missing directive when the policy relies on nonces; this is the milder
 * case where it does not.)
 */
export function checkBaseUri(view: PolicyView, alreadyReported: boolean): CspFinding[] {
  if (alreadyReported || view.directives.has('base-uri')) return [];
  return [
    finding(
      'base-uri-missing',
      'info',
      'base-uri',
      "No base-uri (it does not fall back to default-src): an injected <base href> changes where every relative URL on the page points. Add base-uri 'none' (or 'self').",
    ),
  ];
}
