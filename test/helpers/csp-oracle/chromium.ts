/**
 * Runs one oracle page in real Chromium and reads its verdicts: every
 * `securitypolicyviolation` event (which policy, by its text, and
 * disposition) and every CSP console message (which directive decided),
 * each attributed to the case that caused it. A case a policy does not
 * report is one that policy allowed. The page's own harness runs through
 * DevTools (page.evaluate), which the page's CSP does not govern; what it
 * creates (elements, fetches, workers, eval after a task) is governed.
 */
import type { BrowserContext } from 'playwright-core';
import type { OracleCase, OraclePage } from './generate';

export interface SeenViolation {
  target: string;
  disposition: string;
  effectiveDirective: string;
  blockedURI: string;
  originalPolicy: string;
}

export interface PageObservation {
  violations: SeenViolation[];
  console: string[];
  /** The URL each blob: case was given in the page. */
  blobUrls: Record<string, string>;
}

/** Installed before the page's own HTML runs. */
const INIT = `
window.__ran = [];
window.__v = [];
document.addEventListener('securitypolicyviolation', (e) => {
  const t = e.target;
  window.__v.push({
    target: t && t.id ? t.id : '',
    disposition: e.disposition,
    effectiveDirective: e.effectiveDirective,
    blockedURI: e.blockedURI,
    originalPolicy: e.originalPolicy,
  });
}, true);
`;

interface DynamicCase {
  id: string;
  how: OracleCase['how'];
  url?: string;
  nonce?: string;
  content?: string;
}

/** Runs in the page: make each request that is not in the HTML, wait for all of them to settle. */
async function runInPage(cases: DynamicCase[]): Promise<{ violations: SeenViolation[]; blobUrls: Record<string, string>; timedOut: string[] }> {
  const timedOut: string[] = [];
  // CSP is checked when a request starts, not when it ends: only requests checked later (frames and
  // workers in the browser process, media after a task) are waited for, and each only briefly.
  const settle = (target: EventTarget, events: string[], ms = 1200) =>
    new Promise<void>((resolve) => {
      const done = () => resolve();
      for (const e of events) target.addEventListener(e, done, { once: true });
      setTimeout(() => {
        timedOut.push(events.join('/'));
        resolve();
      }, ms);
    });
  const capped = (promise: Promise<unknown>, what: string) =>
    Promise.race([promise, new Promise((resolve) => setTimeout(() => resolve(timedOut.push(what)), 1200))]);
  // eval is checked against the page's CSP only outside DevTools' own task.
  await new Promise((resolve) => setTimeout(resolve, 0));
  const blobUrls: Record<string, string> = {};
  const waits: Array<Promise<unknown>> = [];
  for (const c of cases) {
    const id = `e-${c.id}`;
    try {
      switch (c.how) {
        case 'eval':
          try {
            eval('1');
          } catch {
            /* blocked */
          }
          break;
        case 'wasm':
          waits.push(capped(WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).catch(() => undefined), 'wasm'));
          break;
        case 'img': {
          const img = new Image();
          img.id = id;
          img.src = c.url as string;
          document.body.append(img);
          break;
        }
        case 'script':
        case 'inline-script': {
          const script = document.createElement('script');
          script.id = id;
          if (c.nonce !== undefined) script.setAttribute('nonce', c.nonce);
          if (c.how === 'script') {
            script.src = c.url as string;
          } else {
            script.textContent = c.content as string;
          }
          document.body.append(script);
          break;
        }
        case 'link': {
          const link = document.createElement('link');
          link.id = id;
          link.rel = 'stylesheet';
          if (c.nonce !== undefined) link.setAttribute('nonce', c.nonce);
          link.href = c.url as string;
          document.head.append(link);
          break;
        }
        case 'fetch':
          fetch(c.url as string, { mode: 'no-cors' }).catch(() => undefined);
          break;
        case 'websocket': {
          new WebSocket(c.url as string);
          break;
        }
        case 'font':
          new FontFace(`f${c.id}`, `url("${c.url}")`).load().catch(() => undefined);
          break;
        case 'audio': {
          const audio = document.createElement('audio');
          audio.id = id;
          audio.preload = 'auto';
          waits.push(settle(audio, ['error', 'loadeddata', 'canplay'], 1500));
          audio.src = c.url as string;
          document.body.append(audio);
          break;
        }
        case 'object': {
          const object = document.createElement('object');
          object.id = id;
          object.type = 'image/gif';
          object.data = c.url as string;
          document.body.append(object);
          break;
        }
        case 'iframe': {
          const frame = document.createElement('iframe');
          frame.id = id;
          waits.push(settle(frame, ['load']));
          frame.src = c.url as string;
          document.body.append(frame);
          break;
        }
        case 'worker': {
          let url = c.url as string;
          if (url === 'blob:') {
            url = URL.createObjectURL(new Blob(['postMessage(1)'], { type: 'text/javascript' }));
            blobUrls[c.id] = url;
          }
          const worker = new Worker(url);
          waits.push(settle(worker, ['message', 'error'], 2000).then(() => worker.terminate()));
          break;
        }
        case 'handler':
          (document.getElementById(id) as HTMLElement | null)?.click();
          break;
        default:
          break;
      }
    } catch {
      // A constructor that throws (a URL the browser refuses) still reports its violation first.
    }
  }
  await Promise.all(waits);
  // Violation events are queued tasks (a frame's comes from the browser process): wait until none has come for a while.
  const seen = () => (window as unknown as { __v: unknown[] }).__v.length;
  for (let last = seen(), quiet = 0; quiet < 4; ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = seen();
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
  return { violations: (window as unknown as { __v: SeenViolation[] }).__v, blobUrls, timedOut };
}

/** Cases the page makes by script (the rest are in its HTML). Clicking handlers, eval and wasm are always by script. */
function dynamicCases(page: OraclePage): DynamicCase[] {
  return page.cases
    .filter((c) => !c.parserInserted || c.how === 'handler')
    .map((c) => ({ id: c.id, how: c.how, url: c.url, nonce: c.nonce, content: c.content }));
}

export async function observePage(context: BrowserContext, page: OraclePage): Promise<PageObservation> {
  const tab = await context.newPage();
  const console: string[] = [];
  tab.on('console', (message) => console.push(message.text()));
  try {
    await tab.addInitScript(INIT);
    const t0 = Date.now();
    await tab.goto(`${page.origin}/page/${page.id}`, { waitUntil: 'domcontentloaded', timeout: 20_000 });
    const t1 = Date.now();
    const result = await tab.evaluate(runInPage, dynamicCases(page));
    const t2 = Date.now();
    if (process.env.CSP_ORACLE_DEBUG) process.stderr.write(`page ${page.id}: load ${t1 - t0} ms, run ${t2 - t1} ms, timed out: ${result.timedOut.join(' ')}\n`);
    // Console messages travel over DevTools: let the last ones in.
    await tab.waitForTimeout(100);
    return { violations: result.violations, console, blobUrls: result.blobUrls };
  } finally {
    await tab.close();
  }
}
