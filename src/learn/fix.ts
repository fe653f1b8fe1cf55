/**
 * A learned policy written in each framework's own words (pure). Names come
 * from each project's documentation: Flask-Talisman's `content_security_policy`
 * dict and `content_security_policy_nonce_in`, helmet's
 * `contentSecurityPolicy.directives` (camelCase, a function for the nonce),
 * django-csp 3.7's `CSP_*` settings, nginx's `add_header … always`.
 * Report-only first unless `enforce`: that is how the guides roll a policy out.
 */
import { NONCE_PLACEHOLDER } from './build';
import type { LearnFramework } from './types';

interface Parsed {
  directives: Array<{ name: string; sources: string[] }>;
  /** Directives whose nonce source is the app's per-response nonce. */
  nonceIn: string[];
}

const NONCE_SOURCE = `'nonce-${NONCE_PLACEHOLDER}'`;

function read(policy: string): Parsed {
  const directives = policy
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .filter((parts) => parts[0])
    .map(([name, ...sources]) => ({ name: name!, sources }));
  return { directives, nonceIn: directives.filter((d) => d.sources.includes(NONCE_SOURCE)).map((d) => d.name) };
}

export function writeFix(policy: string, framework: LearnFramework, enforce: boolean): string {
  const parsed = read(policy);
  switch (framework) {
    case 'flask-talisman':
      return talisman(parsed, enforce);
    case 'helmet':
      return helmet(parsed, enforce);
    case 'django':
      return django(parsed, enforce);
    case 'nginx':
      return nginx(policy, parsed, enforce);
    case 'header':
      return `${enforce ? 'Content-Security-Policy' : 'Content-Security-Policy-Report-Only'}: ${policy}`;
  }
}

const py = (s: string) => (s.includes('"') ? `'${s.replace(/'/g, "\\'")}'` : `"${s}"`);

function talisman(parsed: Parsed, enforce: boolean): string {
  const lines = parsed.directives.map(({ name, sources }) => {
    const kept = sources.filter((s) => s !== NONCE_SOURCE);
    const value = kept.length === 1 ? py(kept[0]!) : `[${kept.map(py).join(', ')}]`;
    return `    '${name}': ${kept.length === 0 ? '[]' : value},`;
  });
  const args = ['content_security_policy=csp'];
  if (parsed.nonceIn.length > 0) args.push(`content_security_policy_nonce_in=[${parsed.nonceIn.map((n) => `'${n}'`).join(', ')}]`);
  if (!enforce) args.push('content_security_policy_report_only=True', "content_security_policy_report_uri='/csp-report'");
  return [
    'csp = {',
    ...lines,
    '}',
    `Talisman(app, ${args.join(', ')})`,
    ...(parsed.nonceIn.length > 0 ? ["# In templates: <script nonce=\"{{ csp_nonce() }}\">…</script> on every script."] : []),
    ...(enforce ? [] : ['# Report-only first (Talisman asks for a report URI with it); set content_security_policy_report_only=False once the reports are quiet.']),
  ].join('\n');
}

const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
const js = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

function helmet(parsed: Parsed, enforce: boolean): string {
  const lines = parsed.directives.map(({ name, sources }) => {
    const values = sources.map((s) => (s === NONCE_SOURCE ? '(req, res) => `\'nonce-${res.locals.cspNonce}\'`' : js(s)));
    return `      ${camel(name)}: [${values.join(', ')}],`;
  });
  return [
    ...(parsed.nonceIn.length > 0 ? ["app.use((req, res, next) => { res.locals.cspNonce = crypto.randomBytes(16).toString('base64'); next(); });"] : []),
    'app.use(helmet({',
    '  contentSecurityPolicy: {',
    '    useDefaults: false,',
    ...(enforce ? [] : ['    reportOnly: true,']),
    '    directives: {',
    ...lines,
    '    },',
    '  },',
    '}));',
    ...(parsed.nonceIn.length > 0 ? ['// In views: <script nonce="<%= cspNonce %>"> on every script.'] : []),
  ].join('\n');
}

function django(parsed: Parsed, enforce: boolean): string {
  const lines = parsed.directives.map(({ name, sources }) => {
    const kept = sources.filter((s) => s !== NONCE_SOURCE);
    return `CSP_${name.toUpperCase().replace(/-/g, '_')} = (${kept.map(py).join(', ')}${kept.length === 1 ? ',' : ''})`;
  });
  return [
    "# settings.py (django-csp 3.7): MIDDLEWARE += ['csp.middleware.CSPMiddleware']",
    ...lines,
    ...(parsed.nonceIn.length > 0 ? [`CSP_INCLUDE_NONCE_IN = (${parsed.nonceIn.map((n) => `'${n}'`).join(', ')},)`, '# In templates: <script nonce="{{ request.csp_nonce }}">'] : []),
    ...(enforce ? [] : ['CSP_REPORT_ONLY = True']),
  ].join('\n');
}

function nginx(policy: string, parsed: Parsed, enforce: boolean): string {
  const header = enforce ? 'Content-Security-Policy' : 'Content-Security-Policy-Report-Only';
  if (parsed.nonceIn.length === 0) return `add_header ${header} "${policy}" always;`;
  // nginx makes no nonce of its own: $request_id is fresh per request, and sub_filter writes it into the page.
  return [
    `add_header ${header} "${policy.split(NONCE_SOURCE).join("'nonce-$request_id'")}" always;`,
    "sub_filter_once off;",
    "sub_filter 'CSP_NONCE' $request_id;   # templates write nonce=\"CSP_NONCE\" on every script",
  ].join('\n');
}
