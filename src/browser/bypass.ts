import type { BrowserContext } from '@playwright/test';
import { CspWatchError } from './errors';

/**
 * A context made with `bypassCSP: true` switches CSP off in the browser: no
 * violation can happen, so "no violations" there would be a lie. Playwright
 * keeps the options a context was made with on the client object; that is
 * not public API, so when it cannot be read this says nothing (the
 * Playwright fixture also checks its own `bypassCSP` option).
 */
export function bypassesCsp(context: BrowserContext): boolean | undefined {
  const options = (context as unknown as { _options?: unknown })._options;
  if (!options || typeof options !== 'object') return undefined;
  return (options as { bypassCSP?: unknown }).bypassCSP === true;
}

export function bypassCspError(where: string): CspWatchError {
  return new CspWatchError(
    `${where}: this browser context was created with bypassCSP: true, which switches Content-Security-Policy off, ` +
      'so no violation can be seen and a pass would mean nothing. ' +
      'Create the context without bypassCSP (in Playwright Test: test.use({ bypassCSP: false })) to check CSP violations.',
  );
}

export function assertCspEnforced(context: BrowserContext, where = 'watchCspViolations'): void {
  if (bypassesCsp(context)) throw bypassCspError(where);
}
