import type { BrowserContext, CDPSession, Frame, Page } from '@playwright/test';
import type { Observation } from './observation';
import { locationOf, withoutFragment } from './observation';
import { childMessenger } from './child-messages';
import { call, READ_BUFFERED_REPORTS } from './page-script';
import { fromCdpIssue, fromReportingApiReport } from './sources';
import { withTimeout } from './timing';

/**
 * Chromium's DevTools protocol, where it sees what the DOM event cannot:
 * violations inside dedicated workers (eval, importScripts, fetch there log
 * nothing Playwright passes on), violations in out-of-process (cross-site)
 * iframes before our page script ran, and everything that happened before
 * watching started (`Audits.enable` replays the issues already raised).
 *
 * Child targets (workers, out-of-process iframes) are reached through the
 * page session's own non-flattened auto-attach, so Playwright's sessions are
 * left alone: their messages arrive as `Target.receivedMessageFromTarget`.
 *
 * The replay is not limited to the documents shown now. Chromium keeps a
 * page's issues until the top-level document changes, filed under the frame
 * (RenderFrameHost) that raised them; an iframe that navigates or reloads
 * often keeps its frame, so the issues of its earlier documents are replayed
 * with the current ones, and those of frames since deleted are replayed to
 * the page. A ContentSecurityPolicyIssue names no frame and no loader, so
 * nothing in the issue tells the documents apart (checked in Chromium 156).
 * What does: every document keeps the CSP violation reports it raised (the
 * buffer `ReportingObserver` reads with `buffered: true`), and that buffer
 * goes with the document. Replayed document issues are kept only as far as
 * they match a report buffered in a frame shown now; see keepCurrent.
 *
 * The Reporting API: a policy whose only reporting is `report-to` queues a
 * report that Chromium delivers in batches, a minute or more later, so the
 * delivered report never reaches a test. `Network.enableReportingApi` has
 * DevTools announce each report as it is queued (`reportingApiReportAdded`,
 * then `reportingApiReportUpdated` as its delivery state changes; one id
 * throughout). Measured in Chromium 156: a page's session announces the
 * reports of its main document, an out-of-process iframe's session those of
 * its own document; reports of same-process iframes are announced to neither
 * (their DOM event and Audits issue still are), and worker sessions refuse
 * the command. Enabling announces the reports still queued, including those
 * of documents already left, so those go through keepCurrent like replayed
 * issues.
 */

interface Child {
  scope: 'document' | 'worker';
  url: string;
}

export interface CdpWatch {
  /** Resolves once every message the browser had queued for us has arrived. */
  flush(): Promise<void>;
  /** The page's browser context as DevTools names it (Target.TargetInfo.browserContextId), when it said. */
  browserContextId: string | undefined;
  detach(): Promise<void>;
}

export interface CdpHandlers {
  onObservation(observation: Observation): void;
  /** A DOM-event payload the page script sent through the raw DevTools binding (see page-script.ts), parsed from JSON. */
  onEventPayload(payload: unknown): void;
}

/**
 * `bindingName`: the page script's binding; `${bindingName}_cdp` is added
 * here as a raw DevTools binding in the page and in out-of-process iframes.
 */
export async function watchWithCdp(context: BrowserContext, page: Page, bindingName: string, handlers: CdpHandlers): Promise<CdpWatch | undefined> {
  const fastName = `${bindingName}_cdp`;
  const { onObservation } = handlers;
  const onBinding = (name: unknown, payload: unknown): void => {
    if (name !== fastName || typeof payload !== 'string') return;
    try {
      handlers.onEventPayload(JSON.parse(payload));
    } catch {
      // not JSON: page code calling the binding; ignore
    }
  };
  let session: CDPSession;
  try {
    session = await context.newCDPSession(page);
  } catch {
    return undefined; // not Chromium, or the page is closing: the DOM event still works
  }
  const children = new Map<string, Child>();
  const messenger = childMessenger(session);
  const sendToChild = messenger.send;
  /**
   * Document issues replayed when watching started: those the page session
   * receives before `Audits.enable` answers, and those of the out-of-process
   * iframes attached while setting up, before theirs answers. Workers are left
   * out: a worker's target is its own and goes with it, so its replay is its own.
   */
  const replayed: Observation[] = [];
  let pageReplaying = true;
  let settingUp = true;
  const childrenReplaying = new Set<string>();
  const childEnables: Array<Promise<void>> = [];
  /** Reporting API report ids already passed on: a report is announced once when added and again at each update. */
  const announced = new Set<string>();
  const reportObservation = (report: unknown): Observation | undefined => {
    const id = (report as { id?: unknown } | null)?.id;
    if (typeof id !== 'string' || announced.has(id)) return undefined;
    announced.add(id);
    return fromReportingApiReport(report, 'reporting-api');
  };
  const onPageReport = (event: { report: unknown }): void => {
    const observation = reportObservation(event.report);
    if (!observation) return;
    if (pageReplaying) replayed.push(observation);
    else onObservation(observation);
  };

  session.on('Audits.issueAdded', (event) => {
    const observation = fromCdpIssue(event.issue, { scope: 'document' });
    if (!observation) return;
    if (pageReplaying) replayed.push(observation);
    else onObservation(observation);
  });
  session.on('Network.reportingApiReportAdded', onPageReport);
  session.on('Network.reportingApiReportUpdated', onPageReport);
  session.on('Runtime.bindingCalled', (event) => onBinding(event.name, event.payload));
  session.on('Target.attachedToTarget', (event) => {
    const { sessionId, targetInfo } = event;
    if (targetInfo.type !== 'worker' && targetInfo.type !== 'iframe') return;
    const scope = targetInfo.type === 'worker' ? 'worker' : 'document';
    children.set(sessionId, { scope, url: targetInfo.url });
    const audits = sendToChild(sessionId, 'Audits.enable');
    // A worker's session answers this with an error; only documents queue reports DevTools announces.
    const reporting = scope === 'document' ? sendToChild(sessionId, 'Network.enableReportingApi', { enable: true }) : Promise.resolve();
    if (settingUp && scope === 'document') {
      childrenReplaying.add(sessionId);
      childEnables.push(Promise.all([audits, reporting]).then(() => void childrenReplaying.delete(sessionId)));
    }
    if (targetInfo.type === 'iframe') {
      void sendToChild(sessionId, 'Runtime.enable');
      void sendToChild(sessionId, 'Runtime.addBinding', { name: fastName });
    }
  });
  session.on('Target.detachedFromTarget', (event) => {
    children.delete(event.sessionId);
  });
  session.on('Target.receivedMessageFromTarget', (event) => {
    let message: { id?: number; method?: string; params?: { issue?: unknown; name?: unknown; payload?: unknown; report?: unknown } };
    try {
      message = JSON.parse(event.message);
    } catch {
      return;
    }
    if (messenger.answered(message)) return;
    if (message.method === 'Runtime.bindingCalled') {
      onBinding(message.params?.name, message.params?.payload);
      return;
    }
    const child = children.get(event.sessionId);
    if (!child) return;
    if (message.method === 'Network.reportingApiReportAdded' || message.method === 'Network.reportingApiReportUpdated') {
      // The report names its document; keepCurrent still decides whether a replayed one is a document shown now.
      const observation = reportObservation(message.params?.report);
      if (!observation) return;
      if (childrenReplaying.has(event.sessionId)) replayed.push(observation);
      else onObservation(observation);
      return;
    }
    if (message.method !== 'Audits.issueAdded') return;
    if (childrenReplaying.has(event.sessionId)) {
      // The target's URL is the document's now; a replayed issue may be an earlier one's, so keepCurrent says whose it is.
      const observation = fromCdpIssue(message.params?.issue, { scope: child.scope });
      if (observation) replayed.push(observation);
      return;
    }
    const observation = fromCdpIssue(message.params?.issue, { scope: child.scope, ...(child.url ? { documentURL: child.url } : {}) });
    if (observation) onObservation(observation);
  });

  let browserContextId: string | undefined;
  try {
    await session.send('Audits.enable');
    // Older Chromium has no such command; the other channels still see what it would have.
    await session.send('Network.enableReportingApi', { enable: true }).catch(() => undefined);
    pageReplaying = false;
    browserContextId = await session
      .send('Target.getTargetInfo')
      .then((answer) => answer.targetInfo.browserContextId)
      .catch(() => undefined);
    // Chromium installs a raw binding only in a session with Runtime enabled.
    await session.send('Runtime.enable');
    await session.send('Runtime.addBinding', { name: fastName });
    // The targets already there are attached (and told to enable Audits) before this answers.
    await session.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    settingUp = false;
    await withTimeout(Promise.all(childEnables), 1000);
  } catch {
    await session.detach().catch(() => undefined);
    return undefined;
  }
  // A child that never answered (it went away) replays nothing more; what it sends from now on is live.
  childrenReplaying.clear();
  if (replayed.length > 0) for (const observation of await keepCurrent(page, replayed.splice(0))) onObservation(observation);

  return {
    browserContextId,
    async flush() {
      // A round trip through each renderer: messages sent before the reply arrive before it.
      await Promise.all([
        session.send('Runtime.evaluate', { expression: '0' }).catch(() => undefined),
        ...[...children.keys()].map((id) => sendToChild(id, 'Runtime.evaluate', { expression: '0' })),
      ]);
    },
    async detach() {
      messenger.releaseAll();
      await session.detach().catch(() => undefined);
    },
  };
}

/** A CSP violation report as a document's own buffer holds it (the fields keepCurrent compares). */
export interface BufferedReport {
  documentURL: string;
  directive: string;
  blockedURL: string;
  disposition: string;
  file: string | null;
  line: number | null;
  column: number | null;
  policy: string;
  sample: string;
}

/**
 * How many `csp-violation` reports Chromium keeps per document (measured in
 * Chromium 156: of 120 violations, the last 100 are there). A buffer this
 * full may have lost its oldest reports.
 */
export const REPORT_BUFFER_SIZE = 100;

/**
 * Of the document issues Chromium replayed, those that happened in the
 * documents `page` shows now, each with its document's URL: a replayed issue
 * is kept when it matches a report buffered in one of those documents, each
 * report standing for one issue (so an iframe's reload, which replays the
 * same issue once per load, keeps one). The buffers are read only when there
 * is something to judge: one evaluate per frame, once, at attach. A kept
 * issue takes its document, policy and sample from the report.
 *
 * When a buffer cannot be read, or is full (it may have lost reports), an
 * issue without a match cannot be judged: it is kept, as before, unattributed.
 */
async function keepCurrent(page: Page, replayed: Observation[]): Promise<Observation[]> {
  const buffers = page.isClosed() ? [] : await Promise.all(page.frames().map((frame) => readFrame(frame)));
  return matchReplayed(replayed, buffers);
}

async function readFrame(frame: Frame): Promise<BufferedReport[] | null> {
  try {
    return (await withTimeout(frame.evaluate<BufferedReport[] | null>(call(READ_BUFFERED_REPORTS)), 1000)) ?? null;
  } catch {
    return null; // detached or navigating
  }
}

/** Pure: `buffers` holds each frame's reports, or null for a frame whose buffer could not be read. */
export function matchReplayed(replayed: Observation[], buffers: Array<BufferedReport[] | null>): Observation[] {
  const complete = buffers.every((reports) => reports !== null && reports.length < REPORT_BUFFER_SIZE);
  // Each channel claims buffered reports on its own: an Audits issue and a queued Reporting API report of one violation both stand for it.
  const unclaimedBySource = new Map<Observation['source'], Map<string, BufferedReport[]>>();
  const unclaimedFor = (source: Observation['source']): Map<string, BufferedReport[]> => {
    let unclaimed = unclaimedBySource.get(source);
    if (unclaimed) return unclaimed;
    unclaimed = new Map();
    for (const reports of buffers) {
      for (const report of reports ?? []) {
        const key = keyOf(report.directive, report.blockedURL, report.disposition);
        const list = unclaimed.get(key);
        if (list) list.push(report);
        else unclaimed.set(key, [report]);
      }
    }
    unclaimedBySource.set(source, unclaimed);
    return unclaimed;
  };
  const kept: Observation[] = [];
  for (const observation of replayed) {
    const candidates = unclaimedFor(observation.source).get(keyOf(observation.directive, observation.blockedURI, observation.disposition)) ?? [];
    const at = candidates.findIndex((report) => sameLocation(observation, report));
    if (at !== -1) {
      const [report] = candidates.splice(at, 1);
      kept.push(report ? withReport(observation, report) : observation);
    } else if (!complete) {
      kept.push(observation);
    }
  }
  return kept;
}

/** What the document's report adds to the DevTools issue: the document, the policy (so the violation can be explained), the sample. */
function withReport(observation: Observation, report: BufferedReport): Observation {
  const out = { ...observation };
  if (report.documentURL) out.documentURL = report.documentURL;
  if (report.policy) out.policy = report.policy;
  if (report.sample) out.sample = report.sample;
  return out;
}

function keyOf(directive: string, blocked: string, disposition: string): string {
  return `${directive} ${withoutFragment(blocked)} ${disposition === 'report' ? 'report' : 'enforce'}`;
}

/** A location either side does not know matches any, as the store merges sightings. */
function sameLocation(observation: Observation, report: BufferedReport): boolean {
  const a = observation.location;
  const b = locationOf(report.file, report.line, report.column);
  return !a || !b || (a.file === b.file && a.line === b.line && a.column === b.column);
}
