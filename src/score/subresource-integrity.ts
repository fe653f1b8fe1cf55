/**
 * Observatory test "subresource-integrity". Facts from
 * @mdn/mdn-http-observatory 1.4.8, src/analyzer/tests/subresource-integrity.js:
 * only HTML responses (Content-Type exactly text/html or
 * application/xhtml+xml before any ";") are judged; a script is external when
 * it is protocol-relative or on another registrable domain; external scripts
 * need https and an integrity attribute; same-site scripts with integrity
 * earn the bonus too.
 *
 * Registrable domains: the Observatory asks the Public Suffix List (tldts).
 * Shipping that list is out of proportion here, so `siteOf` takes the last two
 * labels, or three under common two-level suffixes (co.uk, com.au, ...).
 * Hosts under other multi-label suffixes may be misjudged.
 */
import { findStartTags } from './html';
import type { ObservatoryResultId, ScoreContext, TestVerdict } from './types';

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const SECOND_LEVEL = new Set(['co', 'com', 'net', 'org', 'gov', 'edu', 'ac', 'or', 'ne', 'go']);

/** Worst last. */
const ORDER: readonly ObservatoryResultId[] = [
  'sri-implemented-and-all-scripts-loaded-securely',
  'sri-implemented-and-external-scripts-loaded-securely',
  'sri-implemented-but-external-scripts-not-loaded-securely',
  'sri-not-implemented-but-external-scripts-loaded-securely',
  'sri-not-implemented-and-external-scripts-not-loaded-securely',
  'sri-not-implemented-response-not-html',
];

const PASSING: readonly ObservatoryResultId[] = [
  'sri-implemented-and-all-scripts-loaded-securely',
  'sri-implemented-and-external-scripts-loaded-securely',
  'sri-not-implemented-response-not-html',
  'sri-not-implemented-but-all-scripts-loaded-from-secure-origin',
  'sri-not-implemented-but-no-scripts-loaded',
];

/** The registrable domain of a host, approximately; undefined for IP addresses and single labels. */
export function siteOf(host: string): string | undefined {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(h) || h.includes(':') || h.startsWith('[')) return undefined;
  const labels = h.split('.');
  if (labels.length < 2) return undefined;
  const tld = labels[labels.length - 1]!;
  const sld = labels[labels.length - 2]!;
  const take = tld.length === 2 && SECOND_LEVEL.has(sld) ? 3 : 2;
  if (labels.length < take) return undefined;
  return labels.slice(-take).join('.');
}

/** What a DOM's `script.src` gives for a document without a base URL: the absolute URL normalized, else the attribute as written. */
function reflectedSrc(value: string): string {
  try {
    return new URL(value).href;
  } catch {
    return value;
  }
}

export function isHtmlResponse(ctx: ScoreContext): boolean {
  const type = (ctx.headers.get('content-type') ?? '').split(';')[0]!;
  return HTML_TYPES.has(type);
}

export function testSubresourceIntegrity(ctx: ScoreContext): TestVerdict {
  if (!isHtmlResponse(ctx)) return { result: 'sri-not-implemented-response-not-html', pass: true };
  if (ctx.html === undefined) return { result: 'sri-not-implemented-but-no-scripts-loaded', pass: true, notTested: true };

  const scripts = findStartTags(ctx.html, new Set(['script']));
  if (scripts.length === 0) return { result: 'sri-not-implemented-but-no-scripts-loaded', pass: true };
  const pageSite = siteOf(ctx.host);
  let result: ObservatoryResultId | undefined;
  const worse = (r: ObservatoryResultId) => {
    if (result === undefined || ORDER.indexOf(r) > ORDER.indexOf(result)) result = r;
  };
  let anyExternal = false;
  for (const script of scripts) {
    const raw = script.attributes.get('src');
    if (!raw) continue;
    const src = reflectedSrc(raw);
    if (!src) continue;
    const integrity = Boolean(script.attributes.get('integrity'));
    const protocolRelative = /^\/\/[^/]/.test(src);
    const absolute = /^https?:\/\//.test(src);
    const relative = !protocolRelative && !absolute;
    const sameSite = protocolRelative || relative || siteOf(new URL(src).hostname) === pageSite;
    const external = !(relative || (sameSite && !protocolRelative));
    const secureScheme = absolute ? new URL(src).protocol === 'https:' : relative && ctx.https;
    if (external) {
      anyExternal = true;
      if (integrity && !secureScheme) worse('sri-implemented-but-external-scripts-not-loaded-securely');
      else if (!integrity && secureScheme) worse('sri-not-implemented-but-external-scripts-loaded-securely');
      else if (!integrity) worse('sri-not-implemented-and-external-scripts-not-loaded-securely');
    } else if (integrity && secureScheme && result === undefined) {
      result = 'sri-implemented-and-all-scripts-loaded-securely';
    }
  }
  result ??= anyExternal
    ? 'sri-implemented-and-external-scripts-loaded-securely'
    : 'sri-not-implemented-but-all-scripts-loaded-from-secure-origin';
  return { result, pass: PASSING.includes(result) };
}
