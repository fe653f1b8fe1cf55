/**
 * The Playwright objects the public API takes, described by the members that
 * tell them apart. The core's declarations must name no runner or browser
 * package: a Jest, Vitest or `expect` user without Playwright, checking with
 * `skipLibCheck: false`, would get TS2307 for '@playwright/test'. Playwright's
 * Page, BrowserContext and Browser (from @playwright/test or playwright-core)
 * fit these; the code inside uses them as Playwright's own types
 * (cast after the shape checks at the entry points).
 */
import type { BrowserContext, Page } from '@playwright/test';

/** A Playwright `Page`. */
export interface PlaywrightPage {
  mainFrame(): unknown;
  context(): unknown;
  url(): string;
  goto(url: string, options?: object): Promise<unknown>;
}

/** A Playwright `BrowserContext`. */
export interface PlaywrightContext {
  newPage(): Promise<unknown>;
  pages(): unknown[];
  browser(): unknown;
}

/** A Playwright `Browser`. */
export interface PlaywrightBrowser {
  newContext(options?: object): Promise<unknown>;
  contexts(): unknown[];
  version(): string;
}

/** A watched target as Playwright's type (a log's target is one of the two). */
export const asTarget = (target: PlaywrightPage | PlaywrightContext): Page | BrowserContext => target as unknown as Page | BrowserContext;
