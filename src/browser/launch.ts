import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Hosts Chromium calls on its own at start, whatever the flags: the Gaia
 * cookie check (accounts.google.com/ListAccounts) and the update client
 * (update.googleapis.com/service/update2/json), seen in a net log of
 * Chromium 156 launched by Playwright with the flags below and all of
 * Playwright's own (--disable-background-networking,
 * --disable-component-update, --disable-extensions…); clients2.google.com
 * joins them when Playwright's --disable-features list is replaced, and
 * optimizationguide-pa.googleapis.com while pages load (scripts/hostile-crawl.mjs
 * counted 16 lookups when a --disable-features of ours replaced Playwright's
 * list, OptimizationHints with it; DISABLED_FEATURES now repeats it). No switch
 * stops them, so the host resolver answers "not found" for them: nothing is
 * resolved or sent.
 */
export const CHROMIUM_OWN_HOSTS: readonly string[] = ['accounts.google.com', 'update.googleapis.com', 'clients2.google.com', 'optimizationguide-pa.googleapis.com'];

const HOST_RULES_FLAG = '--host-resolver-rules=';

/** Chromium features switched off: Playwright's list (see CHROMIUM_ARGS) and Local Network Access checks. */
export const DISABLED_FEATURES: readonly string[] = [
  'LocalNetworkAccessChecks',
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
];

/**
 * The V8 old-generation limit of each renderer, in MiB. A page that allocates
 * without end took a crawl's process tree past 5 GB before its timeout
 * (scripts/hostile-crawl.mjs: 5,128 MiB peak with Chromium's own limit of
 * about 4 GiB per renderer); with this limit its renderer dies of it (the
 * page is recorded as a crash) and the tree stays near a gigabyte. Far above
 * what real pages hold. Chromium hands --js-flags to every renderer it
 * starts (test/browser/launch-heap.pw.ts reads the limit in a page).
 */
export const RENDERER_HEAP_MIB = 512;

/** Flags that keep Chromium quiet on a machine whose only network is loopback, and bound a renderer's memory. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Local Network Access asks the user before a page reaches a loopback or private address from a "public" one. A
  // document the crawler fulfils through its route (learnCsp's probe policy) has lost its address, so Chromium counts
  // it as public and refuses what it loads from another loopback origin (a CDN on 127.0.0.1:8081 beside the app on
  // :8080), and a headless browser cannot answer the prompt. The sites crawled are the ones the user names, usually
  // local, and the crawler's own origin list is what confines its requests, so the check only gives false blocks here.
  //
  // Chromium reads only the last --disable-features, and Playwright passes its own list before ours, so ours repeats
  // the features of Playwright's list (chromiumSwitches.ts, Playwright 1.65) that change what a crawl sees or sends:
  // HttpsUpgrades would move http pages to https, OptimizationHints, NetworkTimeServiceQuerying, PreconnectToSearch and
  // AimEnabled call Google, the rest keep loads and frames as Playwright's own tests expect them
  // (test/watch/launch-features.test.ts reads Playwright's list and fails when one is missing).
  `--disable-features=${DISABLED_FEATURES.join(',')}`,
  `${HOST_RULES_FLAG}${CHROMIUM_OWN_HOSTS.map((host) => `MAP ${host} ~NOTFOUND`).join(', ')}`,
  `--js-flags=--max-old-space-size=${RENDERER_HEAP_MIB}`,
];

/**
 * `args` with every --host-resolver-rules flag joined into one. Chromium reads
 * only the last of a repeated switch, so a caller's own rules (MAP *.test
 * 127.0.0.1) appended after CHROMIUM_ARGS would drop the rules that keep
 * Chromium's own lookups in; joined, the first matching rule wins, ours first.
 */
export function mergeHostResolverRules(args: readonly string[]): string[] {
  const rules: string[] = [];
  const rest: string[] = [];
  for (const arg of args) {
    if (arg.startsWith(HOST_RULES_FLAG)) rules.push(arg.slice(HOST_RULES_FLAG.length));
    else rest.push(arg);
  }
  return rules.length === 0 ? rest : [...rest, HOST_RULES_FLAG + rules.filter((r) => r.trim() !== '').join(', ')];
}


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

/** What launchWithoutPrediction needs of Playwright's `chromium` (typed here so this module imports no Playwright). */
export interface PersistentLauncher<B> {
  launchPersistentContext(userDataDir: string, options: object): Promise<{ browser(): B | null; close(): Promise<unknown> }>;
}

/**
 * Launches Chromium for the package's own use (the CLI, a crawl given no
 * browser) with network prediction off. Full Chromium preconnects to a
 * navigation's origin when the navigation starts, before a route can refuse
 * it, so every frame, popup or form post the crawl blocks still opened a bare
 * TCP connection to the other origin (scripts/hostile-crawl.mjs counted one
 * per blocked navigation). The switch is a profile preference
 * (net.network_prediction_options: 2, "do not preload pages"), which only a
 * profile directory can carry: Chromium starts from a temporary one holding
 * it, every context made in that browser inherits it, and the directory is
 * removed when the browser goes.
 */
export async function launchWithoutPrediction<B extends { on(event: 'disconnected', listener: () => void): unknown }>(
  chromium: PersistentLauncher<B>,
  options: { executablePath?: string; args: string[] },
): Promise<B> {
  const dir = mkdtempSync(join(tmpdir(), 'expect-secure-headers-chromium-'));
  // Best effort: Chromium's helpers may still be writing to it as the browser goes (ENOTEMPTY); once more a second later.
  const removeOnce = (): boolean => {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
      return true;
    } catch {
      return false;
    }
  };
  const remove = (): void => {
    if (!removeOnce()) setTimeout(removeOnce, 1000).unref();
  };
  try {
    mkdirSync(join(dir, 'Default'));
    writeFileSync(join(dir, 'Default', 'Preferences'), JSON.stringify({ net: { network_prediction_options: 2 } }));
    const context = await chromium.launchPersistentContext(dir, { ...options, headless: true });
    const browser = context.browser();
    if (!browser) {
      await context.close();
      throw new Error('Chromium started without a browser object (a persistent launch of an unexpected kind)');
    }
    browser.on('disconnected', remove);
    return browser;
  } catch (error) {
    remove();
    throw error;
  }
}
