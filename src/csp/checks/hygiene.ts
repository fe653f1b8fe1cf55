/**
 * Checks of individual tokens in any directive: IP addresses, weak nonces,
 * plain http: sources, deprecated directives. Facts from csp-evaluator.
 */
import { finding, type CspFinding } from '../findings';
import { ipCandidateHostOfValue } from './url-like';
import { everyValue, LOOSE_NONCE, STRICT_NONCE, type PolicyView } from './view';

// One character class (a digit, '[', or any non-ASCII code unit), which the regex engine scans for faster than an alternation.
const MAY_BE_IP = /[0-9[\u0080-\uffff]/;
const IPV4_LIKE = /^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$/;

/** A rough test for an IP host: bracketed (IPv6) or four dotted numbers. */
export function looksLikeIp(host: string): boolean {
  return (host.startsWith('[') && host.endsWith(']')) || IPV4_LIKE.test(host);
}

/** Sources that name an IP address: browsers do not match them the way people expect, and loopback ones are leftovers from development. */
export function checkIpSource(view: PolicyView): CspFinding[] {
  const out: CspFinding[] = [];
  // One flat list of every value (shared by the checks that read them all), not the Map and each list in turn.
  const { directives, values } = everyValue(view);
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as string;
    const directive = directives[i] as string;
    // Cheap pre-filter: a host that reads as an IP has a digit or a bracket, or
    // non-ASCII that IDNA may map to digits (full-width digits).
    // A quoted token's host would start with a quote: never an IP (the URL parser rejects such numbers).
    if (value.charCodeAt(0) === 39 || !MAY_BE_IP.test(value)) continue;
    const host = ipCandidateHostOfValue(value);
    if (host === undefined || !looksLikeIp(host)) continue;
    out.push(
      host === '127.0.0.1'
        ? finding(
            'ip-source',
            'info',
            directive,
            `${directive} allows ${value}, the local machine; it only works on a developer's computer. Remove it from production policies.`,
            value,
          )
        : finding(
            'ip-source',
            'info',
            directive,
            `${directive} allows the IP address ${host} (${value}); pages are reached by host name, so this is likely wrong or a leftover. Use the host name instead.`,
            value,
          ),
    );
  }
  return out;
}

/** Nonces shorter than 8 characters can be guessed; nonces outside base64 are malformed. */
export function checkNonceLength(view: PolicyView): CspFinding[] {
  const out: CspFinding[] = [];
  const { directives, values } = everyValue(view);
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as string;
    const directive = directives[i] as string;
    // Most quoted tokens are keywords: a prefix test spares them the regex.
    if (value.charCodeAt(1) !== 110 /* n */ || !value.startsWith("'nonce-")) continue;
    const match = LOOSE_NONCE.exec(value);
    if (match === null) continue;
    if ((match[1] ?? '').length < 8) {
      out.push(
        finding(
          'nonce-length',
          'medium',
          directive,
          `The nonce ${value} is too short to be unguessable. Use at least 128 random bits per response, base64 encoded (e.g. crypto.randomBytes(16).toString('base64')).`,
          value,
        ),
      );
    }
    if (!STRICT_NONCE.test(value)) {
      out.push(
        finding(
          'nonce-charset',
          'info',
          directive,
          `The nonce ${value} has characters outside base64 (A-Z a-z 0-9 + / - _ and trailing =). Encode the random bytes as base64.`,
          value,
        ),
      );
    }
  }
  return out;
}

/** Sources (and report URLs) over plain http://, which an attacker on the network can replace. */
export function checkSrcHttp(view: PolicyView): CspFinding[] {
  const out: CspFinding[] = [];
  const { directives, values } = everyValue(view);
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as string;
    const directive = directives[i] as string;
    if (value.charCodeAt(0) !== 104 /* h */ || !value.startsWith('http://')) continue;
    out.push(
      finding(
        'src-http',
        'medium',
        directive,
        directive === 'report-uri'
          ? `Reports go to ${value} unencrypted, where anyone on the path can read or drop them. Use an https:// report URL.`
          : `${value} is fetched over plain HTTP, so anyone on the network can swap the content. Use https:// instead.`,
        value,
      ),
    );
  }
  return out;
}

const DEPRECATED: ReadonlyArray<readonly [string, string]> = [
  ['reflected-xss', 'reflected-xss was dropped after CSP1 and does nothing. Remove it; the XSS auditor it drove is gone too (send X-XSS-Protection: 0).'],
  ['referrer', 'referrer was dropped from CSP and does nothing. Remove it and send a Referrer-Policy header instead.'],
  ['disown-opener', 'disown-opener never shipped and does nothing. Remove it and send Cross-Origin-Opener-Policy: same-origin instead.'],
  ['prefetch-src', 'prefetch-src is deprecated and browsers are dropping it. Remove it; prefetches are governed by the other fetch directives.'],
];

export function checkDeprecatedDirective(view: PolicyView): CspFinding[] {
  const out: CspFinding[] = [];
  for (const [name, description] of DEPRECATED) {
    if (view.directives.has(name)) out.push(finding('deprecated-directive', 'info', name, description));
  }
  return out;
}
