// `npx playwright merge-reports --config merge.config.ts ./all-blob-reports`:
// Playwright's own HTML report per page, and our site report for the whole site.
export default {
  testDir: '.',
  reporter: [
    ['html', { open: 'never' }],
    [
      'expect-secure-headers/reporter',
      {
        outputs: { html: 'site-report.html', json: 'site-report.json', sarif: 'site-report.sarif' },
        baseline: 'security-baseline.json',
      },
    ],
  ],
};
