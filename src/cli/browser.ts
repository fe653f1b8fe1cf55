import type { Browser } from '@playwright/test';
import { existsSync } from 'node:fs';
import { CHROMIUM_ARGS, launchWithoutPrediction, resolveChromiumPath, type PersistentLauncher } from '../browser/launch';
import { CliError } from './errors';

/**
 * Chromium for the CLI, through playwright-core, imported only when a scan
 * needs a browser (headers-only scans never load it).
 */

const HOW_TO_GET_ONE =
  'Install Chromium (Debian/Ubuntu: `apt-get install chromium`; or `npx playwright install chromium`), ' +
  'or set CHROMIUM_PATH to a Chromium or Chrome binary; or scan with --headers-only (no CSP violations then).';

export async function launchChromium(env: NodeJS.ProcessEnv = process.env): Promise<Browser> {
  let chromium: { executablePath(): string } & PersistentLauncher<Browser>;
  try {
    ({ chromium } = (await import('playwright-core')) as unknown as { chromium: typeof chromium });
  } catch (error) {
    throw new CliError(
      `loading a browser needs the playwright-core package, which could not be imported (${(error as Error).message}). ` +
        'Install it (`npm install --save-dev playwright-core`, or @playwright/test which brings it), or scan with --headers-only.',
    );
  }
  const executablePath = resolveChromiumPath(chromium.executablePath(), env);
  if (executablePath && !existsSync(executablePath)) {
    const from = env.CHROMIUM_PATH ? ' (the path CHROMIUM_PATH names)' : '';
    throw new CliError(`no Chromium found at ${executablePath}${from}. ${HOW_TO_GET_ONE}`);
  }
  const options = { ...(executablePath ? { executablePath } : {}), args: [...CHROMIUM_ARGS] };
  try {
    // Network prediction off, so a blocked navigation opens no connection to the other origin (launch.ts).
    return await launchWithoutPrediction(chromium, options);
  } catch (error) {
    const first = (error as Error).message.split('\n')[0] ?? String(error);
    throw new CliError(`Chromium could not be started (${first}). ${HOW_TO_GET_ONE}`);
  }
}
