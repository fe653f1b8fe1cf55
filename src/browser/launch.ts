import { existsSync } from 'node:fs';

/** Flags that keep Chromium quiet on a machine whose only network is loopback. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * Which Chromium to launch, in this order: $CHROMIUM_PATH; Playwright's own
 * download when it is installed (returned as undefined: Playwright finds it
 * itself); Debian's /usr/bin/chromium. `playwrightOwn` is
 * `chromium.executablePath()` of the Playwright in use.
 */
export function resolveChromiumPath(playwrightOwn?: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROMIUM_PATH) return env.CHROMIUM_PATH;
  if (playwrightOwn && existsSync(playwrightOwn)) return undefined;
  return DEBIAN_CHROMIUM;
}

/** Launch options for `chromium.launch()`; throws a message that says how to get a browser when none is found. */
export function chromiumLaunchOptions(playwrightOwn?: string): { executablePath?: string; args: string[] } {
  const executablePath = resolveChromiumPath(playwrightOwn);
  if (executablePath && !existsSync(executablePath)) {
    throw new Error(
      `expect-secure-headers: no Chromium found at ${executablePath}. ` +
        'Install one (Debian/Ubuntu: `apt-get install chromium`; or `npx playwright install chromium`), ' +
        'or point CHROMIUM_PATH at a Chromium or Chrome binary.',
    );
  }
  return executablePath ? { executablePath, args: [...CHROMIUM_ARGS] } : { args: [...CHROMIUM_ARGS] };
}
