/**
 * Hash sources whose digest has the wrong length for its algorithm (ours):
 * a truncated or mistyped hash never matches, so the script it was meant to
 * allow is blocked, and it hints the hash was not computed by a tool.
 */
import { finding, type CspFinding } from '../findings';
import type { PolicyView } from './view';

const DIGEST_BYTES: Readonly<Record<string, number>> = { sha256: 32, sha384: 48, sha512: 64 };
const HASH_TOKEN = /^'(sha256|sha384|sha512)-([A-Za-z0-9+/_-]*)(={0,2})'$/i;

export function checkHashLength(view: PolicyView): CspFinding[] {
  const out: CspFinding[] = [];
  for (const [directive, values] of view.directives) {
    for (const value of values) {
      const m = HASH_TOKEN.exec(value);
      if (m === null) continue;
      const algorithm = (m[1] ?? '').toLowerCase();
      const expected = DIGEST_BYTES[algorithm] ?? 0;
      const chars = (m[2] ?? '').length;
      const padding = (m[3] ?? '').length;
      // base64: 4 characters carry 3 bytes; a digest of n bytes is ceil(n/3)*4 characters with padding.
      const paddedLength = Math.ceil(expected / 3) * 4;
      const unpaddedLength = Math.ceil((expected * 8) / 6);
      const ok = chars === unpaddedLength && (padding === 0 || chars + padding === paddedLength);
      if (ok) continue;
      out.push(
        finding(
          'hash-length',
          'syntax',
          directive,
          `${value} does not hold a ${algorithm} digest: that takes ${paddedLength} base64 characters (${expected} bytes), this has ${chars + padding}. ` +
            `Recompute it, e.g. openssl dgst -${algorithm} -binary file.js | openssl base64 -A.`,
          value,
        ),
      );
    }
  }
  return out;
}
