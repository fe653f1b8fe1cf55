import type { BrowserContext, CDPSession, Page } from '@playwright/test';
import type { Observation } from './observation';
import { fromCdpIssue } from './sources';

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
 */

interface Child {
  scope: 'document' | 'worker';
  url: string;
}

export interface CdpWatch {
  /** Resolves once every message the browser had queued for us has arrived. */
  flush(): Promise<void>;
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
  const pending = new Map<number, () => void>();
  let nextId = 1;

  const sendToChild = (sessionId: string, method: string, params: Record<string, unknown> = {}): Promise<void> => {
    const id = nextId++;
    return new Promise<void>((resolve) => {
      pending.set(id, resolve);
      session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(() => {
        pending.delete(id);
        resolve();
      });
    });
  };

  session.on('Audits.issueAdded', (event) => {
    const observation = fromCdpIssue(event.issue, { scope: 'document' });
    if (observation) onObservation(observation);
  });
  session.on('Runtime.bindingCalled', (event) => onBinding(event.name, event.payload));
  session.on('Target.attachedToTarget', (event) => {
    const { sessionId, targetInfo } = event;
    if (targetInfo.type !== 'worker' && targetInfo.type !== 'iframe') return;
    children.set(sessionId, { scope: targetInfo.type === 'worker' ? 'worker' : 'document', url: targetInfo.url });
    void sendToChild(sessionId, 'Audits.enable');
    if (targetInfo.type === 'iframe') {
      void sendToChild(sessionId, 'Runtime.enable');
      void sendToChild(sessionId, 'Runtime.addBinding', { name: fastName });
    }
  });
  session.on('Target.detachedFromTarget', (event) => {
    children.delete(event.sessionId);
  });
  session.on('Target.receivedMessageFromTarget', (event) => {
    let message: { id?: number; method?: string; params?: { issue?: unknown; name?: unknown; payload?: unknown } };
    try {
      message = JSON.parse(event.message);
    } catch {
      return;
    }
    if (typeof message.id === 'number') {
      pending.get(message.id)?.();
      pending.delete(message.id);
      return;
    }
    if (message.method === 'Runtime.bindingCalled') {
      onBinding(message.params?.name, message.params?.payload);
      return;
    }
    const child = children.get(event.sessionId);
    if (message.method !== 'Audits.issueAdded' || !child) return;
    const observation = fromCdpIssue(message.params?.issue, { scope: child.scope, ...(child.url ? { documentURL: child.url } : {}) });
    if (observation) onObservation(observation);
  });

  try {
    await session.send('Audits.enable');
    // Chromium installs a raw binding only in a session with Runtime enabled.
    await session.send('Runtime.enable');
    await session.send('Runtime.addBinding', { name: fastName });
    await session.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  } catch {
    await session.detach().catch(() => undefined);
    return undefined;
  }

  return {
    async flush() {
      // A round trip through each renderer: messages sent before the reply arrive before it.
      await Promise.all([
        session.send('Runtime.evaluate', { expression: '0' }).catch(() => undefined),
        ...[...children.keys()].map((id) => sendToChild(id, 'Runtime.evaluate', { expression: '0' })),
      ]);
    },
    async detach() {
      for (const resolve of pending.values()) resolve();
      pending.clear();
      await session.detach().catch(() => undefined);
    },
  };
}
