import { expect, test } from '@playwright/test';
import { formatViolations } from '../../src/browser/format';
import { watchCspViolations } from '../../src/browser/watch';
import { startServer, type RunningServer } from '../helpers/servers';

/**
 * A frame-ancestors violation belongs to the framed document whose policy
 * refused the embedding page, with that policy, whether Chromium told it
 * through DevTools only (no report endpoint) or through a report too.
 */

const NONE = "default-src 'self'; frame-ancestors 'none'";
const RO = "frame-ancestors 'none'; report-uri /csp";
const SELF = "frame-ancestors 'self'";

let site: RunningServer;
let other: RunningServer;
test.beforeAll(async () => {
  other = await startServer((_req, res) => {
    res.setHeader('content-security-policy', SELF);
    res.setHeader('content-type', 'text/html');
    res.end('<p>other origin, frameable by itself only</p>');
  });
  site = await startServer((req, res) => {
    const policies: Record<string, [string, string]> = {
      '/framed': ['content-security-policy', NONE],
      '/framed-ro': ['content-security-policy-report-only', RO],
      '/framed-self': ['content-security-policy', SELF],
    };
    const policy = policies[req.url ?? ''];
    if (req.url === '/csp') {
      req.resume();
      res.statusCode = 204;
      return res.end();
    }
    res.setHeader('content-type', 'text/html');
    if (policy) {
      res.setHeader(...policy);
      return res.end(`<p>${req.url}</p>`);
    }
    res.end(`<iframe src="/framed"></iframe><iframe src="/framed-ro"></iframe><iframe src="/framed-self"></iframe><iframe src="${other.url('/widget')}"></iframe>`);
  });
});
test.afterAll(async () => {
  await site?.close();
  await other?.close();
});

test('each refused frame is its own violation, under the framed document, with its policy', async ({ page }) => {
  const log = await watchCspViolations(page);
  await page.goto(site.url('/'));
  const violations = (await log.waitForIdle(300)).filter((v) => v.directive === 'frame-ancestors');
  const shown = violations.map((v) => ({ url: v.url, frameUrl: v.frameUrl, disposition: v.disposition, policy: v.policy })).sort((a, b) => a.frameUrl.localeCompare(b.frameUrl));
  expect(shown).toEqual(
    [
      { url: site.url('/'), frameUrl: site.url('/framed'), disposition: 'enforce', policy: NONE },
      { url: site.url('/'), frameUrl: site.url('/framed-ro'), disposition: 'report', policy: RO },
      { url: site.url('/'), frameUrl: other.url('/widget'), disposition: 'enforce', policy: SELF },
    ].sort((a, b) => a.frameUrl.localeCompare(b.frameUrl)),
  );
  // The report and the DevTools issue of the report-only frame are one violation.
  expect(violations.find((v) => v.disposition === 'report')!.seenBy.sort()).toEqual(['cdp', 'report']);
  for (const v of violations) expect(v.explanation).toMatch(/frame-ancestors/);
  const text = formatViolations(violations);
  expect(text).toContain(`frame-ancestors: being framed by ${site.url('/')} — blocked (enforced)`);
  expect(text).toContain(`frame:    ${site.url('/framed')}`);
  expect(text).toContain(`policy:   ${NONE}`);
  await log.stop();
});
