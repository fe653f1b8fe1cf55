/**
 * Chromium's verdicts for an oracle page, read from what it reported, set
 * against `cspAllows` for the same policies and requests: per case and per
 * policy, allowed or blocked, and (where Chromium names it) the directive
 * that decided.
 */
import { cspAllows, type CspRequest } from '../../../src/csp/match';
import { parseCsp } from '../../../src/csp/parse';
import type { Policy } from '../../../src/csp/types';
import type { OracleCase, OraclePage } from './generate';
import type { PageObservation, SeenViolation } from './chromium';

export interface PolicyVerdict {
  allowed: boolean;
  directive?: string;
}

export interface Disagreement {
  page: number;
  origin: string;
  policies: OraclePage['policies'];
  case: OracleCase;
  request: CspRequest;
  policyIndex: number;
  chromium: PolicyVerdict;
  ours: PolicyVerdict;
  reason: string;
}

export interface PageComparison {
  cases: number;
  /** Case × policy verdicts compared. */
  verdicts: number;
  /** Blocked verdicts whose deciding directive Chromium named, and that were compared. */
  directivesCompared: number;
  disagreements: Disagreement[];
  /** Reports that could not be tied to a case (should be none but the favicon). */
  unattributed: string[];
}

/** The page's policies in header order: enforced ones first, then report-only, as the server sends them. */
export function parsedPolicies(page: OraclePage): Policy[] {
  const enforced = page.policies.filter((p) => p.disposition === 'enforce');
  const reports = page.policies.filter((p) => p.disposition === 'report');
  return [...parseCsp(enforced.map((p) => p.text)), ...(reports.length > 0 ? parseCsp(reports.map((p) => p.text), { disposition: 'report' }) : [])];
}

export function requestOf(page: OraclePage, c: OracleCase, blobUrls: Record<string, string>): CspRequest {
  const origin = page.origin;
  switch (c.how) {
    case 'eval':
      return { directive: 'script-src', eval: true, origin };
    case 'wasm':
      return { directive: 'script-src', wasmEval: true, origin };
    case 'inline-script':
    case 'inline-style':
      return { directive: c.directive, inline: true, hash: `sha256-${c.hash}`, origin, parserInserted: c.parserInserted, ...(c.nonce ? { nonce: c.nonce } : {}) };
    case 'style-attr':
    case 'handler':
      return { directive: c.directive, inline: true, hash: `sha256-${c.hash}`, origin };
    default: {
      const url = c.url === 'blob:' ? (blobUrls[c.id] ?? `blob:${origin}/unknown`) : (c.url as string);
      const request: CspRequest = { directive: c.directive, url, origin };
      if (c.nonce !== undefined) request.nonce = c.nonce;
      if (c.how === 'script') request.parserInserted = c.parserInserted;
      return request;
    }
  }
}

const normalise = (text: string) => text.trim().split(/[\t\n\f\r ]+/).join(' ');

/** The case a violation event is about. */
function caseOfViolation(page: OraclePage, v: SeenViolation): OracleCase | undefined {
  if (v.target.startsWith('e-')) {
    const byTarget = page.cases.find((c) => `e-${c.id}` === v.target);
    if (byTarget) return byTarget;
  }
  if (v.blockedURI === 'eval') return page.cases.find((c) => c.how === 'eval');
  if (v.blockedURI === 'wasm-eval') return page.cases.find((c) => c.how === 'wasm');
  if (v.blockedURI === 'inline') return undefined;
  return caseOfUrl(page, v.blockedURI, v.effectiveDirective);
}

/** The case a reported URL is about: its c= parameter, a frame's origin, or a data:/blob: case of that directive. */
function caseOfUrl(page: OraclePage, reported: string, directive: string | undefined): OracleCase | undefined {
  // The console gives a data: URL whole, the event only its scheme.
  if (reported.startsWith('data:')) return page.cases.find((c) => c.url === reported);
  if (reported === 'data' || reported === 'blob' || reported.startsWith('blob:')) {
    const scheme = reported.startsWith('data') ? 'data:' : 'blob:';
    return page.cases.find((c) => c.url?.startsWith(scheme) && (directive === undefined || c.directive === directive));
  }
  if (!URL.canParse(reported)) return undefined;
  const url = new URL(reported);
  const id = url.searchParams.get('c');
  if (id !== null) return page.cases.find((c) => c.id === id);
  // Frames and objects are reported by origin alone (another URL with no c=, the favicon, is no case);
  // each such case of a page has its own host and port as written, so an upgraded frame
  // (http://b.test reported as https://b.test, :PORT kept) still names its case.
  if (url.pathname !== '/' || url.search !== '') return undefined;
  return page.cases.find((c) => {
    if ((c.how !== 'iframe' && c.how !== 'object') || c.url === undefined) return false;
    const frame = new URL(c.url);
    return frame.hostname === url.hostname && frame.port === url.port;
  });
}

interface ConsoleReport {
  cases: OracleCase[];
  directiveText: string;
  reportOnly: boolean;
}

const DIRECTIVE_IN_MESSAGE = /Content Security Policy directive(?::)? (?:"([^"]*)"|'(.*?)'(?:\.|\s))/;

/** A CSP console message: which case, which directive (as written in the policy), enforced or report-only. */
function readConsole(page: OraclePage, text: string): ConsoleReport | undefined | 'not-csp' {
  const directive = DIRECTIVE_IN_MESSAGE.exec(text);
  if (directive === null || !text.includes('violates')) return 'not-csp';
  const directiveText = directive[1] ?? directive[2] ?? '';
  const reportOnly = /report-only/.test(text);
  // Chromium names no hash for event handlers; every handler of a page falls back the same way, so the message speaks for each.
  if (text.startsWith('Executing inline event handler')) return { cases: page.cases.filter((c) => c.how === 'handler'), directiveText, reportOnly };
  let found: OracleCase | undefined;
  const hash = /a hash \('sha256-([A-Za-z0-9+/=]+)'\)/.exec(text);
  if (hash) found = page.cases.find((c) => c.hash === hash[1]);
  // Without a hash (it says 'unsafe-inline' was ignored) an inline message names no case: it is not used.
  else if (/^(Executing inline script|Applying inline style)/.test(text)) return 'not-csp';
  else if (/^(Evaluating a string|.*'unsafe-eval' is not an allowed source)/.test(text)) found = page.cases.find((c) => c.how === 'eval');
  else if (/WebAssembly/.test(text)) found = page.cases.find((c) => c.how === 'wasm');
  else {
    const url = /'((?:https?|wss?|data|blob):[^']*)'/.exec(text);
    if (url) found = caseOfUrl(page, url[1] ?? '', undefined);
  }
  return found === undefined ? undefined : { cases: [found], directiveText, reportOnly };
}

export function comparePage(page: OraclePage, seen: PageObservation): PageComparison {
  const policies = parsedPolicies(page);
  const texts = policies.map((p) => normalise(p.raw));
  const blocked = new Map<string, Set<number>>();
  const unattributed: string[] = [];
  for (const v of seen.violations) {
    const c = caseOfViolation(page, v);
    const index = texts.findIndex((t, i) => t === normalise(v.originalPolicy) && policies[i]?.disposition === v.disposition);
    if (c === undefined || index === -1) {
      if (!v.blockedURI.endsWith('/favicon.ico')) unattributed.push(`event ${v.effectiveDirective} ${v.blockedURI} (${v.disposition}) target=${v.target} policy="${v.originalPolicy}"`);
      continue;
    }
    (blocked.get(c.id) ?? blocked.set(c.id, new Set()).get(c.id))?.add(index);
  }
  const directives = new Map<string, Array<{ text: string; reportOnly: boolean }>>();
  for (const text of seen.console) {
    const report = readConsole(page, text);
    if (report === 'not-csp') continue;
    if (report === undefined) {
      if (!text.includes('/favicon.ico')) unattributed.push(`console ${text}`);
      continue;
    }
    for (const c of report.cases) {
      (directives.get(c.id) ?? directives.set(c.id, []).get(c.id))?.push({ text: normalise(report.directiveText), reportOnly: report.reportOnly });
    }
  }

  const out: PageComparison = { cases: page.cases.length, verdicts: 0, directivesCompared: 0, disagreements: [], unattributed };
  for (const c of page.cases) {
    const request = requestOf(page, c, seen.blobUrls);
    const decision = cspAllows(policies, request);
    policies.forEach((policy, index) => {
      const ours = decision.decidedBy[index];
      if (ours === undefined) return;
      out.verdicts++;
      const chromiumBlocked = blocked.get(c.id)?.has(index) ?? false;
      const chromium: PolicyVerdict = { allowed: !chromiumBlocked };
      if (chromiumBlocked) {
        // The console names the directive as written; find it in this policy.
        const named = (directives.get(c.id) ?? []).filter((d) => d.reportOnly === (policy.disposition === 'report'));
        const directive = policy.directives.find((d) => named.some((n) => n.text === normalise(`${d.name} ${d.values.join(' ')}`)));
        if (directive) chromium.directive = directive.name;
      }
      const mine: PolicyVerdict = { allowed: ours.allowed, ...(ours.directive ? { directive: ours.directive } : {}) };
      let reason: string | undefined;
      if (chromium.allowed !== mine.allowed) reason = `Chromium ${chromium.allowed ? 'allowed' : 'blocked'}, cspAllows ${mine.allowed ? 'allowed' : 'blocked'}: ${ours.reason}`;
      else if (!chromium.allowed && chromium.directive !== undefined) {
        out.directivesCompared++;
        if (chromium.directive !== mine.directive) reason = `both blocked, but Chromium names ${chromium.directive} and cspAllows ${mine.directive}`;
      }
      if (reason) out.disagreements.push({ page: page.id, origin: page.origin, policies: page.policies, case: c, request, policyIndex: index, chromium, ours: mine, reason });
    });
  }
  return out;
}
