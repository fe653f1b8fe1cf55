import type { PageReport } from './types';

/**
 * The not-found probe: one request per origin for a path no site serves, so
 * the error response is judged like any page. Servers often send their
 * headers only on 2xx/3xx responses (nginx's `add_header` without `always`
 * drops them on 404 and 500); that mistake shows only on an error page,
 * which no link may lead to. The path is fixed (a baseline keys pages by
 * path, so every run probes the same page) and says what it is, so the
 * request is recognisable in the server's logs as in our reports.
 */

export const NOT_FOUND_PROBE_PATH = '/expect-secure-headers-not-found-probe';

/** One probe URL per origin of `urls`, in their order: on the same origin only. */
export function notFoundProbeUrls(urls: readonly string[]): string[] {
  return [...new Set(urls.map((url) => new URL(url).origin))].map((origin) => origin + NOT_FOUND_PROBE_PATH);
}

/**
 * Marks a visited probe. Its 4xx/5xx status is what it asked for, not a page
 * that could not be checked: the http-error is dropped and the response is
 * judged on its headers. Any other error (no answer, a timeout) stays.
 */
export function markNotFoundProbe(report: PageReport): PageReport {
  report.probe = 'not-found';
  if (report.error?.kind === 'http-error') delete report.error;
  return report;
}
