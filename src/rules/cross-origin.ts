import { parseItem, Token } from 'structured-headers';
import type { Finding, HeaderSet, Severity } from '../types';
import { fixFor } from './fix';
import type { Rule, RuleContext } from './types';
import { finding } from './util';

/**
 * Cross-Origin-Opener-Policy, -Embedder-Policy and -Resource-Policy.
 * COOP and COEP are Structured Fields tokens (HTML §7.1.3, §7.1.4; a
 * `report-to` parameter is allowed); CORP is a plain value compared exactly
 * (Fetch §3.7). Browsers ignore unknown values. They are required only for
 * cross-origin isolation (COOP same-origin + COEP require-corp or
 * credentialless) or at the strict level, which follows OWASP's
 * headers_add.json (COOP same-origin, CORP same-origin; COEP require-corp
 * only when isolation is asked for, since it breaks cross-origin embeds).
 * COOP acts only on a document opened as a top-level page and COEP only on
 * documents and workers, so other kinds of response are judged on CORP
 * alone, which is what protects a script, an image or an API response.
 */
export const CROSS_ORIGIN_FINDING_IDS = [
  'cross-origin/coop-missing',
  'cross-origin/coop-invalid',
  'cross-origin/coop-not-same-origin',
  'cross-origin/coep-missing',
  'cross-origin/coep-invalid',
  'cross-origin/coep-not-isolating',
  'cross-origin/corp-missing',
  'cross-origin/corp-invalid',
  'cross-origin/corp-not-same-origin',
] as const;

export const COOP_VALUES = ['same-origin', 'same-origin-allow-popups', 'unsafe-none', 'noopener-allow-popups'] as const;
export const COEP_VALUES = ['require-corp', 'credentialless', 'unsafe-none'] as const;
export const CORP_VALUES = ['same-origin', 'same-site', 'cross-origin'] as const;

const COOP = 'cross-origin-opener-policy';
const COEP = 'cross-origin-embedder-policy';
const CORP = 'cross-origin-resource-policy';

/** The token of a COOP/COEP value when it is one of `allowed`, else undefined. */
function structuredToken(value: string, allowed: readonly string[]): string | undefined {
  try {
    const [bare] = parseItem(value);
    if (bare instanceof Token && allowed.includes(bare.toString())) return bare.toString();
  } catch {
    // not a Structured Fields item: the browser ignores the header
  }
  return undefined;
}

function coFix(context: RuleContext, header: 'Cross-Origin-Opener-Policy' | 'Cross-Origin-Embedder-Policy' | 'Cross-Origin-Resource-Policy', value: string, received: string | undefined): string {
  return fixFor({ kind: 'set', header, value, received }, context);
}

export function checkCrossOrigin(headers: HeaderSet, context: RuleContext): Finding[] {
  // COOP acts on top-level documents only; a script's own COEP counts when it is loaded as a worker.
  const coop = context.kind === 'document' ? checkCoop(headers, context) : [];
  const coep = context.kind === 'document' || context.kind === 'script' ? checkCoep(headers, context) : [];
  return [...coop, ...coep, ...checkCorp(headers, context)];
}

function checkCoop(headers: HeaderSet, context: RuleContext): Finding[] {
  const isolation = context.crossOriginIsolation;
  // Needed for isolation and at strict.
  const coopNeeded: Severity | undefined = isolation ? 'medium' : context.level === 'strict' ? 'low' : undefined;
  const coop = headers.get(COOP);
  const coopBase = { header: COOP, expected: 'same-origin', fix: coFix(context, 'Cross-Origin-Opener-Policy', 'same-origin', coop) };
  if (coop === undefined) {
    return coopNeeded ? [finding({ ...coopBase, id: 'cross-origin/coop-missing', severity: coopNeeded, message: isolation ? 'Cross-Origin-Opener-Policy is missing, so the page is not cross-origin isolated' : 'Cross-Origin-Opener-Policy is missing: other sites can keep a handle on this window' })] : [];
  }
  const token = structuredToken(coop, COOP_VALUES);
  if (token === undefined) {
    return [finding({ ...coopBase, id: 'cross-origin/coop-invalid', severity: coopNeeded ?? 'low', received: coop, message: `Cross-Origin-Opener-Policy is not one of ${COOP_VALUES.join(', ')}; browsers ignore it` })];
  }
  if (token !== 'same-origin' && coopNeeded) {
    return [finding({ ...coopBase, id: 'cross-origin/coop-not-same-origin', severity: coopNeeded, received: coop, message: isolation ? `Cross-Origin-Opener-Policy ${token} does not give cross-origin isolation; it needs same-origin` : `Cross-Origin-Opener-Policy ${token} is weaker than same-origin` })];
  }
  return [];
}

/** Needed only for isolation; OWASP's require-corp breaks embeds that do not opt in. */
function checkCoep(headers: HeaderSet, context: RuleContext): Finding[] {
  const isolation = context.crossOriginIsolation;
  const coep = headers.get(COEP);
  const coepBase = { header: COEP, expected: 'require-corp or credentialless', fix: coFix(context, 'Cross-Origin-Embedder-Policy', 'require-corp', coep) };
  if (coep === undefined) {
    return isolation ? [finding({ ...coepBase, id: 'cross-origin/coep-missing', severity: 'medium', message: 'Cross-Origin-Embedder-Policy is missing, so the page is not cross-origin isolated' })] : [];
  }
  const token = structuredToken(coep, COEP_VALUES);
  if (token === undefined) {
    return [finding({ ...coepBase, id: 'cross-origin/coep-invalid', severity: isolation ? 'medium' : 'low', received: coep, message: `Cross-Origin-Embedder-Policy is not one of ${COEP_VALUES.join(', ')}; browsers ignore it` })];
  }
  if (token === 'unsafe-none' && isolation) {
    return [finding({ ...coepBase, id: 'cross-origin/coep-not-isolating', severity: 'medium', received: coep, message: 'Cross-Origin-Embedder-Policy unsafe-none does not give cross-origin isolation' })];
  }
  return [];
}

/** OWASP's same-origin at strict; browsers compare the value exactly. What protects a script, an image or an API response. */
function checkCorp(headers: HeaderSet, context: RuleContext): Finding[] {
  const strict = context.level === 'strict';
  const corp = headers.get(CORP);
  const corpBase = { header: CORP, expected: 'same-origin', fix: coFix(context, 'Cross-Origin-Resource-Policy', 'same-origin', corp) };
  if (corp === undefined) {
    return strict ? [finding({ ...corpBase, id: 'cross-origin/corp-missing', severity: 'low', message: 'Cross-Origin-Resource-Policy is missing: other sites can embed this response' })] : [];
  }
  const value = corp.trim();
  if (!(CORP_VALUES as readonly string[]).includes(value)) {
    return [finding({ ...corpBase, id: 'cross-origin/corp-invalid', severity: 'low', received: corp, message: `Cross-Origin-Resource-Policy is not one of ${CORP_VALUES.join(', ')} (exact, lower-case); browsers ignore it` })];
  }
  if (value !== 'same-origin' && strict) {
    return [finding({ ...corpBase, id: 'cross-origin/corp-not-same-origin', severity: 'low', received: corp, message: `Cross-Origin-Resource-Policy ${value} lets ${value === 'same-site' ? 'other origins of the same site' : 'any origin'} embed this response; strict asks for same-origin` })];
  }
  return [];
}

export const crossOriginRule: Rule = {
  name: 'cross-origin',
  header: `${COOP}, ${COEP}, ${CORP}`,
  summary: 'Cross-Origin-Opener/Embedder/Resource-Policy are valid and isolate the page where required',
  check: checkCrossOrigin,
};
