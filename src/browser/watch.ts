import { randomBytes } from 'node:crypto';
import type { BrowserContext, Frame, Page, Request, Response } from '@playwright/test';
import { watchWithCdp, type CdpWatch } from './cdp';
import { watchContextWorkers, type WorkerWatch } from './cdp-workers';
import { assertCspEnforced } from './bypass';
import { CspWatchError, describe } from './errors';
import { explainViolation } from './explain';
import { FramedDocuments } from './frame-ancestors';
import type { Observation } from './observation';
import { isFavicon } from './observation';
import { call, INSTALL_VIOLATION_LISTENER, READ_LISTENER_STATE } from './page-script';
import { register } from './registry';
import { fromEvent, fromReportBody, isReportRequest } from './sources';
import { ViolationStore } from './store';
import { CSP_VIOLATION_LOG, type CspViolation, type CspViolationFilter, type CspViolationLog, type CspWatchOptions } from './types';
import { withTimeout } from './timing';
import type { PlaywrightContext, PlaywrightPage } from './handles';

const OPTION_NAMES = new Set(['includeFavicon', 'cdp', 'reports']);

/**
 * Starts catching CSP violations in a page, or in every page of a context,
 * through three channels: the `securitypolicyviolation` DOM event in every
 * frame, Chromium's DevTools issues (workers, and what happened before
 * watching), and the reports the page sends to its report endpoints. Call it
 * before navigating: the DOM event is only heard in documents created after
 * (or open when) watching starts; in Chromium, DevTools replays what happened
 * earlier in the documents shown now (not in documents already left: cdp.ts).
 */
export async function watchCspViolations(target: PlaywrightPage | PlaywrightContext, options: CspWatchOptions = {}): Promise<CspViolationLog> {
  const kind = targetKind(target);
  checkOptions(options);
  const page = kind === 'page' ? (target as unknown as Page) : undefined;
  const context = page ? page.context() : (target as unknown as BrowserContext);
  assertCspEnforced(context);

  const bindingName = `__esh_csp_${randomBytes(12).toString('hex')}`;
  const store = new ViolationStore();
  const waiters = new Set<(violation: CspViolation, seenIn: Page | undefined) => void>();
  /** Per document id: events received, to match against the count the page says it sent. */
  const received = new Map<string, number>();
  const cdpWatches = new Map<Page, Promise<CdpWatch | undefined>>();
  let stopped = false;
  // frame-ancestors sightings wait to be given to the framed document (frame-ancestors.ts).
  const framed = new FramedDocuments();
  const attributing = new Set<Promise<void>>();

  const record = (observation: Observation, seenIn: Page | undefined): void => {
    if (stopped) return;
    if (!options.includeFavicon && isFavicon(observation.blockedURI)) return;
    const pageUrl = seenIn ? safeUrl(seenIn) : (observation.documentURL ?? '');
    if (observation.directive === 'frame-ancestors') {
      const attributed = framed
        .attribute(observation, seenIn, pageUrl)
        .then((given) => store.add(given, { page: seenIn, pageUrl }))
        .then(({ violation, isNew }) => added(violation, isNew, seenIn))
        .finally(() => attributing.delete(attributed));
      attributing.add(attributed);
      return;
    }
    const { violation, isNew } = store.add(observation, { page: seenIn, pageUrl });
    added(violation, isNew, seenIn);
  };
  const added = (violation: CspViolation, isNew: boolean, seenIn: Page | undefined): void => {
    // The DevTools issue carries no policy; the first channel that does gets it explained.
    if (violation.policy && violation.explanation === undefined) {
      const explanation = explainViolation(violation);
      if (explanation) violation.explanation = explanation;
    }
    if (isNew) for (const waiter of waiters) waiter(violation, seenIn);
  };

  const onEventPayload = (payload: unknown, seenIn: Page | undefined): void => {
    const doc = (payload as { doc?: unknown } | null)?.doc;
    if (typeof doc === 'string') received.set(doc, (received.get(doc) ?? 0) + 1);
    const observation = fromEvent(payload);
    if (observation) record(observation, seenIn);
  };
  const binding = await (page ?? context).exposeBinding(bindingName, (source, payload: unknown) => onEventPayload(payload, source.page ?? page));
  const initScript = await (page ?? context).addInitScript(call(INSTALL_VIOLATION_LISTENER, bindingName));

  const watchedPages = (): Page[] => (page ? [page] : context.pages()).filter((p) => !p.isClosed());

  // Documents already open get the listener now; their earlier violations come from DevTools.
  await Promise.all(
    watchedPages().flatMap((p) => p.frames().map((frame) => frame.evaluate(call(INSTALL_VIOLATION_LISTENER, bindingName)).catch(() => undefined))),
  );

  const useCdp = options.cdp !== false;
  // Service and shared workers are the context's; a page watch takes those of the page's origin.
  let workerWatch: Promise<WorkerWatch | undefined> | undefined;
  const recordWorker = (observation: Observation): void => {
    if (!page) return record(observation, undefined);
    if (originOf(observation.documentURL ?? '') === originOf(safeUrl(page))) record(observation, page);
  };
  const watchWorkers = (watch: CdpWatch | undefined): void => {
    if (workerWatch || stopped || !watch?.browserContextId) return;
    workerWatch = watchContextWorkers(context, watch.browserContextId, recordWorker);
  };
  const attachCdp = (p: Page): void => {
    if (!useCdp || cdpWatches.has(p)) return;
    const watching = watchWithCdp(context, p, bindingName, {
      onObservation: (observation) => record(withDocumentGuess(observation, p), p),
      onEventPayload: (payload) => onEventPayload(payload, p),
    });
    // The first page session says which browser context is watched; the workers watch starts from it.
    cdpWatches.set(
      p,
      watching.then(async (watch) => {
        watchWorkers(watch);
        await workerWatch;
        return watch;
      }),
    );
    p.once('close', () => {
      void cdpWatches.get(p)?.then((w) => w?.detach());
      cdpWatches.delete(p);
    });
  };
  for (const p of watchedPages()) attachCdp(p);
  const onPage = (p: Page): void => attachCdp(p);
  if (!page) context.on('page', onPage);

  const onRequest = (request: Request): void => {
    if (!isReportRequest(request.method(), request.headers()['content-type'])) return;
    const seenIn = page ?? pageOf(request);
    for (const observation of fromReportBody(request.postData())) record(observation, seenIn);
  };
  if (options.reports !== false) (page ?? context).on('request', onRequest);
  const onResponse = (response: Response): void => framed.onResponse(response, isMainFrameResponse);
  (page ?? context).on('response', onResponse);

  await Promise.all(cdpWatches.values());

  const settle = async (): Promise<void> => {
    if (stopped) return;
    const pages = watchedPages();
    await Promise.all([
      ...pages.map((p) => settleEvents(p.frames(), bindingName, received)),
      ...pages.map((p) => cdpWatches.get(p)?.then((w) => w && withTimeout(w.flush(), 1000))),
      workerWatch?.then((w) => w && withTimeout(w.flush(), 1000)),
    ]);
    await framed.settled();
    await Promise.all(attributing);
  };

  const log: CspViolationLog = {
    [CSP_VIOLATION_LOG]: true,
    target,
    get stopped() {
      return stopped;
    },
    violations(filter?: CspViolationFilter) {
      return store.list(filter?.page);
    },
    settle,
    async waitForIdle(quietMs = 250, maxMs = 5000) {
      const deadline = Date.now() + maxMs;
      await settle();
      let last = store.size;
      while (Date.now() < deadline) {
        await sleep(Math.min(quietMs, Math.max(0, deadline - Date.now())));
        await settle();
        if (store.size === last) break;
        last = store.size;
      }
      return store.list();
    },
    async waitForViolation(timeoutMs, accept = () => true, filter) {
      const matches = (v: CspViolation, seenIn: Page | undefined): boolean =>
        accept(v) && (filter?.page === undefined || seenIn === undefined || seenIn === filter.page);
      await settle();
      if (store.list(filter?.page).some(accept)) return true;
      if (stopped || timeoutMs <= 0) return false;
      const seen = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => done(false), timeoutMs);
        const waiter = (v: CspViolation, seenIn: Page | undefined): void => {
          if (matches(v, seenIn)) done(true);
        };
        const done = (result: boolean): void => {
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(result);
        };
        waiters.add(waiter);
      });
      if (seen) return true;
      // Whatever was in flight at the deadline still counts.
      await settle();
      return store.list(filter?.page).some(accept);
    },
    async stop() {
      if (stopped) return;
      await settle().catch(() => undefined);
      stopped = true;
      if (!page) context.off('page', onPage);
      (page ?? context).off('request', onRequest);
      (page ?? context).off('response', onResponse);
      const watches = await Promise.all(cdpWatches.values());
      cdpWatches.clear();
      const workers = await workerWatch;
      await Promise.all([
        ...watches.map((w) => w?.detach()),
        workers?.detach(),
        binding.dispose().catch(() => undefined),
        initScript.dispose().catch(() => undefined),
      ]);
    },
  };
  register(target, log);
  return log;
}

/** Waits until every event each frame's listener has sent was received (bounded: a frame may be navigating away). */
async function settleEvents(frames: Frame[], bindingName: string, received: Map<string, number>): Promise<void> {
  const states = await Promise.all(frames.map((frame) => withTimeout(frame.evaluate<{ doc: string; sent: number } | null>(call(READ_LISTENER_STATE, bindingName)), 1000).catch(() => null)));
  const deadline = Date.now() + 1000;
  for (const state of states) {
    if (!state) continue;
    while ((received.get(state.doc) ?? 0) < state.sent && Date.now() < deadline) await sleep(5);
  }
}

function targetKind(target: unknown): 'page' | 'context' {
  const t = target as Record<string, unknown> | null;
  if (t && typeof t === 'object' && typeof t.mainFrame === 'function' && typeof t.context === 'function') return 'page';
  if (t && typeof t === 'object' && typeof t.newPage === 'function' && typeof t.pages === 'function') return 'context';
  throw new CspWatchError(
    `watchCspViolations(target) needs a Playwright Page or BrowserContext; received ${describe(target)}. ` +
      'Pass the `page` (or `context`) fixture, or the result of browser.newContext() / context.newPage().',
  );
}

function checkOptions(options: unknown): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new CspWatchError(`watchCspViolations(target, options): options must be an object such as { includeFavicon: true }; received ${describe(options)}.`);
  }
  const unknown = Object.keys(options).filter((key) => !OPTION_NAMES.has(key));
  if (unknown.length > 0) {
    throw new CspWatchError(
      `watchCspViolations(target, options): unknown option${unknown.length === 1 ? '' : 's'} ${unknown.map((k) => `"${k}"`).join(', ')}. ` +
        `Known options: ${[...OPTION_NAMES].join(', ')}.`,
    );
  }
}

/**
 * The page-level DevTools issue does not say which document it came from.
 * When its source location is a frame's own document (markup: an <img>, an
 * inline script), that frame is the document; otherwise (code in a script
 * file) it stays unknown and shows as the page.
 */
function withDocumentGuess(observation: Observation, page: Page): Observation {
  if (observation.documentURL || !observation.location || page.isClosed()) return observation;
  const file = observation.location.file;
  const frame = page.frames().find((f) => f.url() === file);
  return frame ? { ...observation, documentURL: file } : observation;
}

function isMainFrameResponse(response: Response): boolean {
  try {
    return response.frame().parentFrame() === null;
  } catch {
    return true; // no frame (a service worker's): not a framed document
  }
}

/** The page that sent a report; requests from workers or service workers may have no frame. */
function pageOf(request: Request): Page | undefined {
  try {
    return request.frame().page();
  } catch {
    return undefined;
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}

function safeUrl(page: Page): string {
  try {
    return page.url();
  } catch {
    return '';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
