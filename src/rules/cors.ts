import type { Finding, HeaderSet, Severity } from '../types';
import { fixFor } from './fix';
import type { Rule, RuleContext } from './types';
import { finding, splitCommas } from './util';

/**
 * CORS response headers. Browsers refuse `*` with credentials, but sending
 * both shows a server that would reflect origins if it could. A reflected
 * Origin can only be seen when the test sends one (`requestOrigin`): send an
 * origin you do not trust, and an echo means any site may read the
 * response. `null` is the origin of sandboxed frames and data: URLs, which
 * any attacker can produce. Facts from the MDN HTTP Observatory's CORS test
 * and the Fetch standard (CORS check, §4.10).
 */
export const CORS_FINDING_IDS = [
  'cors/wildcard-with-credentials',
  'cors/reflected-origin',
  'cors/null-origin',
  'cors/multiple-origins',
  'cors/wildcard',
  'cors/vary-origin-missing',
] as const;

const ACAO = 'access-control-allow-origin';
const ACAC = 'access-control-allow-credentials';

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

function corsFix(context: RuleContext, text: string): string {
  return fixFor({ kind: 'cors', text }, context);
}

export function checkCors(headers: HeaderSet, context: RuleContext): Finding[] {
  const fields = headers.getAll(ACAO);
  if (fields.length === 0) return [];
  const received = headers.get(ACAO) ?? '';
  const values = fields.flatMap((f) => splitCommas(f)).filter(Boolean);
  const credentials = headers.get(ACAC)?.trim().toLowerCase() === 'true';
  const base = { header: ACAO, received };
  const findings: Finding[] = [];
  const add = (id: (typeof CORS_FINDING_IDS)[number], severity: Severity, expected: string, message: string, fixHint: string) =>
    findings.push(finding({ ...base, id, severity, expected, message, fix: corsFix(context, fixHint) }));

  if (values.length !== 1) {
    add('cors/multiple-origins', 'low', 'one origin, or *', 'Access-Control-Allow-Origin has several values; browsers then fail every CORS request', 'Send exactly one origin: the request Origin when it is on your allowlist.');
    return findings;
  }
  const value = values[0]!.trim();
  if (value === '*') {
    if (credentials) {
      add('cors/wildcard-with-credentials', 'medium', 'a listed origin when credentials are allowed', 'Access-Control-Allow-Origin * with Access-Control-Allow-Credentials: true: browsers refuse it, and it shows a server meant to share credentialed responses with anyone', 'Drop Access-Control-Allow-Credentials, or answer with a specific trusted origin.');
    } else {
      add('cors/wildcard', 'info', 'a specific origin unless the resource is public', 'Access-Control-Allow-Origin * lets every site read this response (fine for public data)', 'Use * only for public resources; otherwise name the trusted origins.');
    }
    return findings;
  }
  if (value.toLowerCase() === 'null') {
    add('cors/null-origin', credentials ? 'high' : 'medium', 'a specific trusted origin', 'Access-Control-Allow-Origin null trusts sandboxed frames and data: URLs, which any site can create', 'Never allow the null origin.');
  } else {
    const own = originOf(headers.url);
    if (context.requestOrigin !== undefined && value === context.requestOrigin && value !== own) {
      add(
        'cors/reflected-origin',
        credentials ? 'high' : 'low',
        'the request Origin echoed only when it is on an allowlist',
        `Access-Control-Allow-Origin echoes the request's Origin ${value}${credentials ? ' with credentials: any site can read this user\'s responses' : ''} (if ${value} is trusted, send an untrusted origin to test instead)`,
        'Check the Origin against a fixed allowlist before echoing it.',
      );
    }
  }
  const vary = (headers.get('vary') ?? '').toLowerCase();
  if (!splitCommas(vary).some((v) => v === 'origin' || v === '*')) {
    add('cors/vary-origin-missing', 'low', 'Vary: Origin', 'Access-Control-Allow-Origin names one origin but Vary lacks Origin: a cache may serve it to other origins', 'Add Vary: Origin to responses whose Access-Control-Allow-Origin depends on the request.');
  }
  return findings;
}

export const corsRule: Rule = {
  name: 'cors',
  header: `${ACAO}, ${ACAC}`,
  summary: 'CORS does not share responses with arbitrary origins',
  check: checkCors,
};
