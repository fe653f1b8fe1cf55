import type { CspSourceLocation, CspViolation } from './types';

/**
 * The text that lists violations, shared by the matcher and the Playwright
 * fixture so a failing test reads the same either way. Colours are passed in
 * (the runner's own utils); without them the text is plain.
 */

type Paint = (text: string) => string;

export interface ViolationPalette {
  received: Paint;
  dim: Paint;
}

const plain: ViolationPalette = { received: (t) => t, dim: (t) => t };

export function describeBlocked(v: CspViolation): string {
  // The browser names the framed document's origin as blocked; what its policy refused is being framed by the page.
  if (v.directive === 'frame-ancestors') return `being framed by ${v.url}`;
  switch (v.kind) {
    case 'inline':
      return v.directive.endsWith('-attr') ? 'an inline attribute (style="" or on…="")' : 'inline code';
    case 'eval':
      return 'eval / new Function (string-to-code)';
    case 'wasm-eval':
      return 'WebAssembly compilation';
    case 'trusted-types':
      return describeTrustedTypes(v);
    default:
      return v.blockedURI || '(no URI given)';
  }
}

/**
 * The browser's sample for a Trusted Types violation is `sink|value`
 * (`Element innerHTML|<b>…`) for a sink given a plain string, and the
 * policy's name for a policy that `trusted-types` does not allow.
 */
function describeTrustedTypes(v: CspViolation): string {
  const bar = v.sample?.indexOf('|') ?? -1;
  if (v.blockedURI === 'trusted-types-sink') {
    return bar > 0 ? `a plain string given to the Trusted Types sink ${v.sample!.slice(0, bar)}` : 'a plain string given to a Trusted Types sink';
  }
  if (v.blockedURI === 'trusted-types-policy') {
    return v.sample ? `creating the Trusted Types policy ${JSON.stringify(v.sample)}, which trusted-types does not allow` : 'creating a Trusted Types policy trusted-types does not allow';
  }
  return `a Trusted Types check (${v.blockedURI})`;
}

/**
 * Where in the code, in words: `file:line:column` at the end of a line is what
 * runners take for a stack frame (and rewrite, or drop as an internal frame).
 */
export function describeLocation(source: CspSourceLocation): string {
  return `${source.file}, line ${source.line}, column ${source.column}`;
}

export function formatViolation(v: CspViolation, colours: ViolationPalette = plain): string {
  const outcome = v.disposition === 'enforce' ? 'blocked (enforced)' : 'reported only (report-only policy, not blocked)';
  const lines = [`  ✕ ${v.directive}: ${colours.received(describeBlocked(v))} — ${outcome}${v.count > 1 ? ` ×${v.count}` : ''}`];
  lines.push(`      page:     ${v.url}`);
  if (v.frameUrl !== v.url) lines.push(`      ${v.scope === 'worker' ? 'worker:  ' : 'frame:   '} ${v.frameUrl}`);
  if (v.source) lines.push(`      source:   ${describeLocation(v.source)}`);
  if (v.sample) lines.push(`      sample:   ${JSON.stringify(v.sample)}`);
  if (v.policy) lines.push(`      policy:   ${colours.dim(v.policy.length > 200 ? `${v.policy.slice(0, 200)}…` : v.policy)}`);
  if (v.explanation) lines.push(`      why:      ${v.explanation}`);
  lines.push(colours.dim(`      seen by:  ${v.seenBy.join(', ')}`));
  return lines.join('\n');
}

export function formatViolations(violations: readonly CspViolation[], colours: ViolationPalette = plain): string {
  const n = violations.length;
  const enforced = violations.filter((v) => v.disposition === 'enforce').length;
  const head = `${n} Content-Security-Policy violation${n === 1 ? '' : 's'} (${enforced} enforced, ${n - enforced} report-only):`;
  return [head, ...violations.map((v) => formatViolation(v, colours))].join('\n');
}
