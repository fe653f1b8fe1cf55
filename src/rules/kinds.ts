import { KIND_NAMES } from '../response/kind';
import type { ResponseKind, RuleName } from '../types';
import type { RuleContext } from './types';

/**
 * Which rules do not apply to which kinds of response, and why. A header
 * that only a page uses (a script policy, framing, a permissions policy) is
 * not asked of a stylesheet or an image: OWASP's REST Security Cheat Sheet
 * lists the headers an API response needs (HSTS, nosniff, frame-ancestors
 * 'none' or X-Frame-Options DENY, Cache-Control: no-store) apart from those
 * that only matter when a response is rendered as HTML. Rules not named
 * here (HSTS, nosniff, cookies, CORS, disclosure, deprecated headers, CORP)
 * apply to every kind.
 */
const NOT_FOR: Partial<Record<RuleName, Partial<Record<ResponseKind, string>>>> = {
  csp: {
    script: 'a script runs under the policy of the page that loads it (its own policy counts only when it is loaded as a worker)',
    style: 'a stylesheet is applied under the policy of the page that loads it',
    media: 'no script runs in an image, font or media file',
    other: 'it is not rendered as a page, so no script runs in it',
  },
  'x-frame-options': {
    script: 'a script is not shown in a frame of its own, so there is nothing to trick a click on',
    style: 'a stylesheet is not shown in a frame of its own, so there is nothing to trick a click on',
    media: 'an image, font or media file has nothing to trick a click on',
  },
  'permissions-policy': {
    script: 'Permissions-Policy governs documents and the frames they embed',
    style: 'Permissions-Policy governs documents and the frames they embed',
    media: 'Permissions-Policy governs documents and the frames they embed',
  },
  'referrer-policy': {
    media: 'an image, font or media file makes no requests of its own',
  },
  'integrity-policy': {
    api: 'Integrity-Policy governs the scripts and stylesheets a page loads',
    script: 'Integrity-Policy governs the scripts and stylesheets a page loads',
    style: 'Integrity-Policy governs the scripts and stylesheets a page loads',
    media: 'Integrity-Policy governs the scripts and stylesheets a page loads',
    other: 'Integrity-Policy governs the scripts and stylesheets a page loads',
  },
  'x-dns-prefetch-control': {
    api: 'DNS prefetching is for the links of a rendered page',
    script: 'DNS prefetching is for the links of a rendered page',
    style: 'DNS prefetching is for the links of a rendered page',
    media: 'DNS prefetching is for the links of a rendered page',
    other: 'DNS prefetching is for the links of a rendered page',
  },
};

/** Why `rule` does not apply to this response's kind, or undefined when it does. */
export function notForKind(rule: RuleName, context: RuleContext): string | undefined {
  const why = NOT_FOR[rule]?.[context.kind];
  return why === undefined ? undefined : `not judged for ${KIND_NAMES[context.kind]} (${context.kindReason}): ${why}`;
}
