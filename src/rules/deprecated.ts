import type { Finding, HeaderSet } from '../types';
import { fixFor } from './fix';
import type { Rule, RuleContext } from './types';
import { finding } from './util';

/**
 * Headers browsers dropped. X-XSS-Protection's filter is gone from all
 * current browsers and in old ones `1` (even with mode=block) could be used
 * to leak data or switch off page scripts, so OWASP says send `0` or nothing
 * (helmet sends 0; Flask-Talisman 1.0 sends `1; mode=block`). Expect-CT and
 * HPKP are retired (Certificate Transparency is enforced anyway; pins can
 * lock users out). Feature-Policy became Permissions-Policy.
 */
export const DEPRECATED_FINDING_IDS = [
  'deprecated/x-xss-protection',
  'deprecated/expect-ct',
  'deprecated/public-key-pins',
  'deprecated/feature-policy',
] as const;

export function checkDeprecated(headers: HeaderSet, context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const xss = headers.get('x-xss-protection');
  if (xss !== undefined && xss.trim() !== '0') {
    findings.push(
      finding({
        id: 'deprecated/x-xss-protection',
        severity: 'low',
        header: 'x-xss-protection',
        received: xss,
        expected: '0 or absent',
        fix: fixFor({ kind: 'xss-filter-off', received: xss }, context),
        message: `X-XSS-Protection ${xss} turns on a filter that current browsers removed and old ones could be abused with; send 0 and rely on CSP`,
      }),
    );
  }
  for (const header of ['expect-ct', 'public-key-pins', 'public-key-pins-report-only'] as const) {
    const received = headers.get(header);
    if (received === undefined) continue;
    const isPins = header !== 'expect-ct';
    findings.push(
      finding({
        id: isPins ? 'deprecated/public-key-pins' : 'deprecated/expect-ct',
        severity: 'low',
        header,
        received,
        expected: 'absent',
        fix: fixFor({ kind: 'remove', header: header === 'expect-ct' ? 'Expect-CT' : header === 'public-key-pins' ? 'Public-Key-Pins' : 'Public-Key-Pins-Report-Only', received }, context),
        message: isPins ? 'HTTP Public Key Pinning is removed from browsers and risks locking users out; stop sending it' : 'Expect-CT is obsolete: browsers enforce Certificate Transparency anyway',
      }),
    );
  }
  const featurePolicy = headers.get('feature-policy');
  if (featurePolicy !== undefined) {
    const alsoPp = headers.has('permissions-policy');
    findings.push(
      finding({
        id: 'deprecated/feature-policy',
        severity: 'low',
        header: 'feature-policy',
        received: featurePolicy,
        expected: 'Permissions-Policy instead',
        fix: fixFor({ kind: 'remove', header: 'Feature-Policy', received: featurePolicy }, context),
        message: alsoPp ? 'Feature-Policy is deprecated and ignored where Permissions-Policy is supported; drop it' : 'Feature-Policy is deprecated; send the same policy as Permissions-Policy (different syntax: camera=())',
      }),
    );
  }
  return findings;
}

export const deprecatedRule: Rule = {
  name: 'deprecated',
  header: 'x-xss-protection, expect-ct, public-key-pins, feature-policy',
  summary: 'no deprecated security headers that do harm or nothing',
  check: checkDeprecated,
};
