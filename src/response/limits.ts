import type { Finding, HeaderSet } from '../types';

/**
 * What the audit reads of a response. A header (all its fields together)
 * longer than this is not judged: the audit reports it as too long instead
 * of cutting it, because a verdict on a cut policy would be a verdict on
 * something the server did not send. 64 KiB is four times Node's default
 * limit for all headers together and far past any real policy (the longest
 * in the project's real-world corpus is 6 KB); Chromium allows 256 KiB for
 * all of them.
 */
export const MAX_HEADER_LENGTH = 64 * 1024;

export const TOO_LONG_FINDING_ID = 'headers/too-long';

/**
 * What a crawl reads of a response body, decoded (gzip, deflate, br): 10 MiB.
 * At the limit the connection is closed, so a huge body or a compression bomb
 * costs no more memory or time than that. A document that was longer gets
 * BODY_TOO_LONG_FINDING_ID instead of a verdict on the part that was read;
 * a browser crawl does not load it.
 */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export const BODY_TOO_LONG_FINDING_ID = 'body/too-long';

/** The finding for a document body longer than MAX_BODY_BYTES, saying what of the page was not judged in this crawl mode. */
export function bodyTooLongFinding(mode: 'browser' | 'headers-only'): Finding {
  const limit = `${MAX_BODY_BYTES / 1024 / 1024} MiB`;
  const notJudged =
    mode === 'browser'
      ? 'It was not loaded in the browser, so its CSP violations and its HTML (meta policies, SRI) were not judged'
      : `Links were read from its first ${limit}; its HTML (meta policies, SRI) was not judged`;
  return {
    id: BODY_TOO_LONG_FINDING_ID,
    severity: 'high',
    header: 'body',
    received: `more than ${MAX_BODY_BYTES} bytes (decoded)`,
    expected: `at most ${MAX_BODY_BYTES} bytes`,
    fix: `Serve a smaller document, or leave this page out of the crawl (exclude). ${notJudged}: the crawl reads at most ${limit} of a body (MAX_BODY_BYTES), and a verdict on part of it would be a verdict on something the server did not send.`,
    message: `the document body is longer than ${limit}, too long to judge`,
  };
}

/** The header set without the headers too long to judge, and a finding for each of them. */
export function withoutOversized(headers: HeaderSet): { judged: HeaderSet; tooLong: Finding[] } {
  const tooLong: Finding[] = [];
  const dropped = new Set<string>();
  for (const name of headers.names()) {
    let length = 0;
    for (const value of headers.getAll(name)) length += value.length;
    if (length <= MAX_HEADER_LENGTH) continue;
    dropped.add(name.toLowerCase());
    tooLong.push(tooLongFinding(name, length, headers.getAll(name)[0] ?? ''));
  }
  if (dropped.size === 0) return { judged: headers, tooLong };
  const keep = (name: string) => !dropped.has(name.toLowerCase());
  const judged: HeaderSet = {
    url: headers.url,
    status: headers.status,
    getAll: (name) => (keep(name) ? headers.getAll(name) : []),
    get: (name) => (keep(name) ? headers.get(name) : undefined),
    has: (name) => keep(name) && headers.has(name),
    names: () => headers.names().filter(keep),
  };
  return { judged, tooLong };
}

function tooLongFinding(name: string, length: number, first: string): Finding {
  return {
    id: TOO_LONG_FINDING_ID,
    severity: 'high',
    header: name.toLowerCase(),
    received: `${length} characters, beginning ${JSON.stringify(first.slice(0, 80))}…`,
    expected: `at most ${MAX_HEADER_LENGTH} characters`,
    fix: `Send a shorter ${name} header. It was not judged: the audit reads at most ${MAX_HEADER_LENGTH} characters of one header (MAX_HEADER_LENGTH), and a verdict on part of it would be a verdict on something the server did not send.`,
    message: `${name} is ${length} characters long, too long to judge`,
  };
}
