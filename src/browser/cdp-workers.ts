import type { BrowserContext, CDPSession } from '@playwright/test';
import { childMessenger } from './child-messages';
import type { Observation } from './observation';
import { fromCdpIssue } from './sources';
import { withTimeout } from './timing';

/**
 * Service workers and shared workers belong to the browser context, not to a
 * page: a page's DevTools session never attaches to them, and no page script
 * runs in them. Their policy is the one sent with their own script. Chromium's
 * browser-level DevTools session sees their targets: each one of the
 * watched context is attached (not flattened, so Playwright's own sessions
 * are left alone) and its Audits issues are read. `Audits.enable` replays
 * what the worker raised before it was attached, and that replay is its own
 * (the target goes with the worker), so nothing of another worker is in it.
 */

export interface WorkerWatch {
  /** A round trip through each worker: what it raised before arrives before this resolves. */
  flush(): Promise<void>;
  detach(): Promise<void>;
}

const WORKER_TYPES = new Set(['service_worker', 'shared_worker']);

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
  browserContextId?: string;
}

/** Undefined when there is no browser-level session to be had (not Chromium, a persistent context without a Browser, a closing browser). */
export async function watchContextWorkers(
  context: BrowserContext,
  browserContextId: string,
  onObservation: (observation: Observation) => void,
): Promise<WorkerWatch | undefined> {
  const browser = context.browser();
  if (!browser || typeof browser.newBrowserCDPSession !== 'function') return undefined;
  let session: CDPSession;
  try {
    session = await browser.newBrowserCDPSession();
  } catch {
    return undefined;
  }
  /** sessionId → the worker's URL. */
  const workers = new Map<string, string>();
  const attaching = new Set<string>();
  const starting: Array<Promise<void>> = [];
  const messenger = childMessenger(session);
  const sendToWorker = messenger.send;

  const attach = async (info: TargetInfo): Promise<void> => {
    if (!WORKER_TYPES.has(info.type) || info.browserContextId !== browserContextId || attaching.has(info.targetId)) return;
    attaching.add(info.targetId);
    try {
      const { sessionId } = await session.send('Target.attachToTarget', { targetId: info.targetId, flatten: false });
      workers.set(sessionId, info.url);
      await sendToWorker(sessionId, 'Audits.enable');
    } catch {
      // The worker ended before it could be attached.
    }
  };

  session.on('Target.targetCreated', (event) => {
    const started = attach(event.targetInfo);
    starting.push(started);
  });
  session.on('Target.targetDestroyed', (event) => void attaching.delete(event.targetId));
  session.on('Target.detachedFromTarget', (event) => void workers.delete(event.sessionId));
  session.on('Target.receivedMessageFromTarget', (event) => {
    let message: { id?: number; method?: string; params?: { issue?: unknown } };
    try {
      message = JSON.parse(event.message);
    } catch {
      return;
    }
    if (messenger.answered(message)) return;
    const url = workers.get(event.sessionId);
    if (message.method !== 'Audits.issueAdded' || url === undefined) return;
    const observation = fromCdpIssue(message.params?.issue, { scope: 'worker', ...(url ? { documentURL: url } : {}) });
    if (observation) onObservation(observation);
  });

  try {
    // Announces the targets already there (targetCreated) before it answers.
    await session.send('Target.setDiscoverTargets', { discover: true });
  } catch {
    await session.detach().catch(() => undefined);
    return undefined;
  }
  // The workers already running are attached and have replayed their issues before watching starts.
  await withTimeout(Promise.all(starting.splice(0)), 1000);

  return {
    async flush() {
      await withTimeout(Promise.all(starting.splice(0)), 1000);
      await Promise.all([...workers.keys()].map((id) => sendToWorker(id, 'Runtime.evaluate', { expression: '0' })));
    },
    async detach() {
      messenger.releaseAll();
      await session.detach().catch(() => undefined);
    },
  };
}
