// One Playwright test per page of the site: headers, CSP, and nothing blocked.
// The page list is discovered once (the `discover` job) and shared by every shard.
import { siteTests } from 'expect-secure-headers/playwright';

siteTests({ pages: process.env.PAGES_FILE ?? 'pages.json', audit: { preset: 'strict' } });
