import type { FixGoal, SettableHeader } from './types';
import { directivesOf, NONCE } from './types';
import { camelCase } from './quote';

/**
 * The helmet options object a goal needs, shared by helmet (Express),
 * @fastify/helmet and koa-helmet, which all pass it to helmet 8 (checked in
 * node_modules/helmet: every header is on by default, HSTS max-age 31536000
 * with includeSubDomains and over http too, X-Frame-Options SAMEORIGIN, CSP
 * defaults with frame-ancestors 'self' and style-src 'unsafe-inline',
 * Referrer-Policy no-referrer, X-XSS-Protection 0, X-Powered-By removed).
 * Only what differs from what the response shows is proposed; the caller
 * merges it into its own options (objects merge, arrays replace).
 * `nonce` is how the framework puts its per-request nonce in a directive
 * (undefined: the framework adds it itself, as @fastify/helmet does).
 */
export interface HelmetDialect {
  /** A directive value for the per-request nonce, e.g. Express's function of res.locals.cspNonce. */
  nonce?: string;
  /** Extra top-level options when a nonce is used (@fastify/helmet's enableCSPNonces). */
  nonceOption?: string;
}

const HELMET_KEYS: Partial<Record<SettableHeader, string>> = {
  'X-Content-Type-Options': 'xContentTypeOptions',
  'Referrer-Policy': 'referrerPolicy',
  'Cross-Origin-Opener-Policy': 'crossOriginOpenerPolicy',
  'Cross-Origin-Embedder-Policy': 'crossOriginEmbedderPolicy',
  'Cross-Origin-Resource-Policy': 'crossOriginResourcePolicy',
};

/** The options object text, or undefined when helmet has no option for the goal. */
export function helmetOptions(goal: FixGoal, dialect: HelmetDialect): string | undefined {
  switch (goal.kind) {
    case 'hsts': {
      const parts = [`maxAge: ${goal.maxAge}`];
      // helmet's includeSubDomains is on unless turned off: say it only when the response lacks it.
      if (goal.includeSubDomains && goal.has !== undefined && !goal.has.includeSubDomains) parts.push('includeSubDomains: true');
      if (goal.preload && !goal.has?.preload) parts.push('preload: true');
      return `{ strictTransportSecurity: { ${parts.join(', ')} } }`;
    }
    case 'csp-policy':
      // An API route gets a policy of its own, written out.
      if (goal.api) return `{ contentSecurityPolicy: { useDefaults: false, directives: { ${goal.directives.map(([name, values]) => `${camelCase(name)}: [${values.map((v) => JSON.stringify(v)).join(', ')}]`).join(', ')} } } }`;
      // helmet's own default policy passes; what is missing is helmet's CSP being on and enforced.
      return goal.reportOnly ? '{ contentSecurityPolicy: { reportOnly: false } }' : '{ contentSecurityPolicy: { useDefaults: true } }';
    case 'csp-directive': {
      const usesNonce = goal.values.includes(NONCE);
      const directives = directivesOf(goal).map(([name, values]) => {
        const listed = values.filter((v) => v !== NONCE || dialect.nonce !== undefined).map((v) => (v === NONCE ? dialect.nonce! : JSON.stringify(v)));
        return `${camelCase(name)}: [${listed.join(', ')}]`;
      });
      const csp = `contentSecurityPolicy: { directives: { ${directives.join(', ')} } }`;
      return `{ ${usesNonce && dialect.nonceOption ? `${dialect.nonceOption}, ` : ''}${csp} }`;
    }
    case 'framing': {
      const target = goal.value === 'DENY' ? "'none'" : "'self'";
      const parts: string[] = [];
      if (goal.frameAncestors !== undefined && goal.frameAncestors !== target) parts.push(`contentSecurityPolicy: { directives: { frameAncestors: [${JSON.stringify(target)}] } }`);
      if (goal.xfo?.trim().toUpperCase() !== goal.value) parts.push(`xFrameOptions: { action: '${goal.value.toLowerCase()}' }`);
      return `{ ${parts.join(', ')} }`;
    }
    case 'set': {
      const key = HELMET_KEYS[goal.header];
      if (key === undefined) return undefined;
      return key === 'xContentTypeOptions' ? `{ ${key}: true }` : `{ ${key}: { policy: '${goal.value}' } }`;
    }
    case 'xss-filter-off':
      return '{ xXssProtection: true }';
    default:
      return undefined;
  }
}

/**
 * The values helmet 8 can send for the headers it manages (node_modules/helmet:
 * it throws at startup on any other COOP, COEP, CORP or Referrer-Policy
 * token, sends only nosniff and DENY/SAMEORIGIN): a received value outside
 * these was set by other code after helmet, which a helmet option cannot change.
 */
const HELMET_VALUES: Partial<Record<SettableHeader, readonly string[]>> = {
  'X-Content-Type-Options': ['nosniff'],
  'Referrer-Policy': ['no-referrer', 'no-referrer-when-downgrade', 'same-origin', 'origin', 'strict-origin', 'origin-when-cross-origin', 'strict-origin-when-cross-origin', 'unsafe-url'],
  'Cross-Origin-Opener-Policy': ['same-origin', 'same-origin-allow-popups', 'unsafe-none'],
  'Cross-Origin-Embedder-Policy': ['require-corp', 'credentialless', 'unsafe-none'],
  'Cross-Origin-Resource-Policy': ['same-origin', 'same-site', 'cross-origin'],
};

const setAfter = (what: string) => `helmet never sends ${what}: look for the middleware or proxy that sets it after helmet()`;

/** Whether a received value is one helmet cannot send (Referrer-Policy: a list, each member one helmet knows; the others one value). */
function notHelmets(header: SettableHeader, received: string): boolean {
  const values = HELMET_VALUES[header];
  const members = header === 'Referrer-Policy' ? received.split(',') : [received];
  return values !== undefined && members.some((v) => !values.includes(v.trim()));
}

/** Why a header helmet sends by default can be missing, or has a value helmet never sends: what to look for in the app. */
export function helmetDefaultNote(goal: FixGoal, routeCause: string): string | undefined {
  if (goal.kind === 'hsts' && goal.foreign) return setAfter('this Strict-Transport-Security (one well-formed field)');
  if (goal.kind === 'set' && goal.received !== undefined && notHelmets(goal.header, goal.received)) return setAfter(`${goal.header}: ${goal.received}`);
  if (goal.kind === 'framing' && goal.xfo !== undefined && !['DENY', 'SAMEORIGIN'].includes(goal.xfo.trim().toUpperCase())) return setAfter(`X-Frame-Options: ${goal.xfo}`);
  if (goal.kind === 'hsts' && goal.has === undefined) return `helmet sends it by default, over http too: look for strictTransportSecurity: false, or ${routeCause}`;
  if (goal.kind === 'csp-policy' && goal.api) return 'for the API routes: a helmet() of their own, mounted on them';
  if (goal.kind === 'csp-policy' && !goal.reportOnly) return `helmet sends one by default: look for contentSecurityPolicy: false, or ${routeCause}`;
  if (goal.kind === 'set' && goal.received === undefined && HELMET_KEYS[goal.header] !== undefined && goal.header !== 'Cross-Origin-Embedder-Policy') {
    return `helmet sends it by default: look for ${HELMET_KEYS[goal.header]}: false, or ${routeCause}`;
  }
  if (goal.kind === 'framing' && goal.xfo === undefined && goal.frameAncestors === undefined) return `helmet sends X-Frame-Options by default: look for xFrameOptions: false, or ${routeCause}`;
  if (goal.kind === 'xss-filter-off') return `helmet itself sends 0, so ${goal.received} is set after it: look for the middleware or proxy that adds it`;
  return undefined;
}
