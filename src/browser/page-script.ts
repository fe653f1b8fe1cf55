/**
 * The code put into every document (through an init script, and into the
 * documents already open when watching starts). It listens for
 * `securitypolicyviolation` on the window in the capture phase, so page code
 * that stops the event's propagation cannot hide it, and hands the fields to
 * the watcher through one of two bindings with random names:
 * - `${name}_cdp`, a raw DevTools binding (Runtime.addBinding) the watcher
 *   adds in Chromium: one message per event, several times cheaper than
 * - `${name}`, Playwright's exposeBinding, which works in every browser and
 *   is there from the first script of every document.
 *
 * It runs in the page: it must be self-contained (Playwright serialises it)
 * and must never throw into the page.
 */
export function installViolationListener(bindingName: string): void {
  const w = window as unknown as Record<string, unknown>;
  const flag = `${bindingName}_installed`;
  if (w[flag]) return;
  Object.defineProperty(w, flag, { value: true, enumerable: false });
  // How many events this document has sent, so the watcher can wait for all of them to arrive.
  const state = { doc: Math.random().toString(36).slice(2), sent: 0 };
  Object.defineProperty(w, `${bindingName}_state`, { get: () => ({ doc: state.doc, sent: state.sent }), enumerable: false });
  // Taken when first found, so page code that later overwrites the globals cannot cut us off.
  let fast: unknown;
  let send: unknown;
  window.addEventListener(
    'securitypolicyviolation',
    (event: SecurityPolicyViolationEvent) => {
      if (typeof fast !== 'function') fast = w[`${bindingName}_cdp`];
      if (typeof send !== 'function') send = w[bindingName];
      if (typeof fast !== 'function' && typeof send !== 'function') return;
      const payload = {
        blockedURI: event.blockedURI,
        effectiveDirective: event.effectiveDirective,
        violatedDirective: event.violatedDirective,
        disposition: event.disposition,
        sourceFile: event.sourceFile,
        lineNumber: event.lineNumber,
        columnNumber: event.columnNumber,
        sample: event.sample,
        documentURI: event.documentURI,
        originalPolicy: event.originalPolicy,
        doc: state.doc,
      };
      state.sent += 1;
      try {
        if (typeof fast === 'function') {
          (fast as (payload: string) => void)(JSON.stringify(payload));
          return;
        }
        const result = (send as (payload: unknown) => unknown)(payload);
        if (result && typeof (result as Promise<unknown>).catch === 'function') (result as Promise<unknown>).catch(() => undefined);
      } catch {
        // The page is going away; nothing to report to.
      }
    },
    true,
  );
}

/** What the listener sends; every field is checked on arrival, since page code could call the binding too. */
export interface EventPayload {
  blockedURI?: unknown;
  effectiveDirective?: unknown;
  violatedDirective?: unknown;
  disposition?: unknown;
  sourceFile?: unknown;
  lineNumber?: unknown;
  columnNumber?: unknown;
  sample?: unknown;
  documentURI?: unknown;
  originalPolicy?: unknown;
  /** The sending document's random id, for settling. */
  doc?: unknown;
}

/** Runs in a frame: what the listener there has sent so far, after letting queued tasks (and so queued events) run. */
export function readListenerState(bindingName: string): Promise<{ doc: string; sent: number } | null> {
  return new Promise((resolve) =>
    setTimeout(() => {
      const state = (window as unknown as Record<string, unknown>)[`${bindingName}_state`] as { doc: string; sent: number } | undefined;
      resolve(state ?? null);
    }, 0),
  );
}
