/**
 * The code that runs inside pages, as source text.
 *
 * Why text and not functions: Playwright serialises a function with
 * `toString()`, so a page function would run as the bundler wrote it. The
 * CommonJS build lowers `??` and `?.` into calls to helpers
 * (`_nullishCoalesce`) that exist in our module, not in the page: the call
 * threw there and every watched test waited out a timeout. Text is copied
 * through every build as written. test/browser/page-script.test.ts checks
 * each script for names the page does not have (free identifiers, with the
 * DOM and ES2022 libraries only) and for syntax.
 *
 * Each script is a plain function expression; `call(script, ...args)` makes
 * the expression Playwright evaluates, the arguments inlined as JSON. Keep
 * them plain ES2022 with no dependency on anything outside the function.
 */

/**
 * Put into every document (an init script, and into the documents already
 * open when watching starts). It listens for `securitypolicyviolation` on the
 * window in the capture phase, so page code that stops the event's
 * propagation cannot hide it, and hands the fields to the watcher through one
 * of two bindings with random names:
 * - `${name}_cdp`, a raw DevTools binding (Runtime.addBinding) the watcher
 *   adds in Chromium: one message per event, several times cheaper than
 * - `${name}`, Playwright's exposeBinding, which works in every browser and
 *   is there from the first script of every document.
 * It must never throw into the page.
 */
export const INSTALL_VIOLATION_LISTENER = `function installViolationListener(bindingName) {
  var w = window;
  var flag = bindingName + '_installed';
  if (w[flag]) return;
  Object.defineProperty(w, flag, { value: true, enumerable: false });
  // How many events this document has sent, so the watcher can wait for all of them to arrive.
  var state = { doc: Math.random().toString(36).slice(2), sent: 0 };
  Object.defineProperty(w, bindingName + '_state', {
    get: function () { return { doc: state.doc, sent: state.sent }; },
    enumerable: false,
  });
  // Taken when first found, so page code that later overwrites the globals cannot cut us off.
  var fast;
  var send;
  window.addEventListener('securitypolicyviolation', function (event) {
    if (typeof fast !== 'function') fast = w[bindingName + '_cdp'];
    if (typeof send !== 'function') send = w[bindingName];
    if (typeof fast !== 'function' && typeof send !== 'function') return;
    var payload = {
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
        fast(JSON.stringify(payload));
        return;
      }
      var result = send(payload);
      if (result && typeof result.catch === 'function') result.catch(function () {});
    } catch (error) {
      // The page is going away; nothing to report to.
    }
  }, true);
}`;

/** Runs in a frame: what the listener there has sent so far (`{ doc, sent }` or null), after letting queued tasks (and so queued events) run. */
export const READ_LISTENER_STATE = `function readListenerState(bindingName) {
  return new Promise(function (resolve) {
    setTimeout(function () {
      var state = window[bindingName + '_state'];
      resolve(state === undefined ? null : state);
    }, 0);
  });
}`;

/**
 * Runs in a frame: the CSP violation reports this document has raised
 * (BufferedReport[] in cdp.ts), read from its report buffer with a
 * ReportingObserver that is disconnected at once; null when that cannot be
 * done (no ReportingObserver, or page code replaced it).
 */
export const READ_BUFFERED_REPORTS = `function readBufferedReports() {
  try {
    var Observer = window.ReportingObserver;
    if (typeof Observer !== 'function' || Function.prototype.toString.call(Observer).indexOf('[native code]') === -1) return null;
    var observer = new Observer(function () {}, { types: ['csp-violation'], buffered: true });
    observer.observe();
    var reports = observer.takeRecords();
    observer.disconnect();
    var str = function (value) { return typeof value === 'string' ? value : ''; };
    var num = function (value) { return typeof value === 'number' ? value : null; };
    return reports.map(function (report) {
      var body = report.body;
      return {
        documentURL: str(body.documentURL),
        directive: str(body.effectiveDirective),
        blockedURL: str(body.blockedURL),
        disposition: str(body.disposition),
        file: typeof body.sourceFile === 'string' ? body.sourceFile : null,
        line: num(body.lineNumber),
        column: num(body.columnNumber),
        policy: str(body.originalPolicy),
        sample: str(body.sample),
      };
    });
  } catch (error) {
    return null;
  }
}`;

/** Runs in a document: the URLs its links, GET forms and iframes lead to (string[]). POST forms are never followed. */
export const COLLECT_LINKS = `function collectLinks() {
  var urls = [];
  document.querySelectorAll('a[href], area[href]').forEach(function (a) { urls.push(a.href); });
  document.querySelectorAll('form').forEach(function (form) {
    // form.method is "get" unless the attribute says otherwise.
    if (form.method === 'get') urls.push(form.action);
  });
  document.querySelectorAll('iframe[src]').forEach(function (frame) { urls.push(frame.src); });
  return urls;
}`;

/** Every page script, by name (the free-identifier test walks them). */
export const PAGE_SCRIPTS = {
  installViolationListener: INSTALL_VIOLATION_LISTENER,
  readListenerState: READ_LISTENER_STATE,
  readBufferedReports: READ_BUFFERED_REPORTS,
  collectLinks: COLLECT_LINKS,
} as const;

/** The expression that calls `script` with `args` (each JSON-serialisable), for frame.evaluate and addInitScript. */
export function call(script: string, ...args: Array<string | number | boolean | null>): string {
  return `(${script})(${args.map((arg) => JSON.stringify(arg)).join(', ')})`;
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
