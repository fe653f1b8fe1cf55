import { randomBytes } from 'node:crypto';
import { startServer } from '../helpers/servers';
import { fetchHeaderSet } from '../helpers/apps';
import { HEADER_CASES, HEADER_SCENARIO_CASES, type HeaderConfig } from './cases/header';
import { proveFixes, type FrameworkHarness } from './prove';

/**
 * The plain header line (framework 'header', what a user gets when nothing
 * is detected), proved on a node server that sends exactly a configuration's
 * header fields: the fix's line replaces the fields of that name (a
 * `Content-Security-Policy: … directive value` line sets those directives
 * in the policy the server sends, a `Set-Cookie: name=…; attributes` line
 * keeps the cookie's value), "Do not send X" removes them.
 */
function parseDirectives(policy: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), values.join(' '));
  }
  return out;
}

/** Stands for the nonce a fix asks for; the server puts a fresh one in each response. */
const NONCE = '{random per response}';

function applyHeaderFix(fix: string, config: HeaderConfig): HeaderConfig | undefined {
  let next: HeaderConfig | undefined = config;
  for (const line of fix.split(/(?<=\)) and (?=[A-Z])|(?<=[^)]) and (?=[A-Z][A-Za-z-]+: )/)) next = next && applyLine(line, next);
  return next;
}

function applyLine(text: string, config: HeaderConfig): HeaderConfig | undefined {
  // The line without its note: "(or do not send it)", "(it governs framing)", "(and no Domain)", "(for browsers …)".
  const line = text.replace(/ \((?:or |it governs|and no |for browsers)[^)]*\)$/, '');
  const named = (name: string) => ([n]: [string, string]) => n.toLowerCase() === name.toLowerCase();
  const removal = /^Do not send (\S+)$/.exec(line);
  if (removal) return { headers: config.headers.filter((f) => !named(removal[1]!)(f)) };
  const set = /^([A-Za-z-]+): (.+)$/.exec(line);
  if (!set) return undefined;
  const [, name, value] = set as unknown as [string, string, string];
  const others = config.headers.filter((f) => !named(name)(f));
  if (name.toLowerCase() === 'set-cookie') {
    const cookie = value.split('=')[0]!;
    return {
      headers: config.headers.map(([n, v]) => (named(name)([n, v]) && v.startsWith(`${cookie}=`) ? [n, `${v.split(';')[0]}${value.slice(value.indexOf(';'))}`] : [n, v])),
    };
  }
  if (value.startsWith('… ')) {
    const policy = parseDirectives(config.headers.find(named(name))?.[1] ?? '');
    for (const [directive, values] of parseDirectives(value.slice(2))) policy.set(directive, values);
    return { headers: [...others, [name, [...policy].map(([d, v]) => `${d} ${v}`.trim()).join('; ')]] };
  }
  return { headers: [...others, [name, value]] };
}

const harness: FrameworkHarness<HeaderConfig> = {
  async start(configs) {
    const server = await startServer((req, res) => {
      const i = Number(/^\/c(\d+)\//.exec(req.url ?? '')?.[1]);
      const grouped = new Map<string, string[]>();
      const nonce = randomBytes(16).toString('base64');
      for (const [name, value] of configs[i]?.headers ?? []) grouped.set(name, [...(grouped.get(name) ?? []), value.split(NONCE).join(nonce)]);
      for (const [name, values] of grouped) res.setHeader(name, values);
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end('<!doctype html><title>t</title><p>ok');
    });
    return { fetch: (i) => fetchHeaderSet(server.url(`/c${i}/`)), close: () => server.close() };
  },
  apply: applyHeaderFix,
};

describe('the plain header line, sent by a server', () => {
  proveFixes(harness, [...HEADER_CASES, ...HEADER_SCENARIO_CASES]);
});
