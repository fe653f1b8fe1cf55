import { helmetDefaultNote, helmetOptions } from './helmet-options';
import { cookieOptions, withNote } from './node-common';
import { sq } from './quote';
import type { FixGoal } from './types';

/** Express + helmet 8. Per-request nonce: res.locals.cspNonce, set by a middleware before helmet(). */
const ROUTE_CAUSE = 'a route or express.static mounted before app.use(helmet())';
const NONCE = '(req, res) => `\'nonce-${res.locals.cspNonce}\'`';

export function writeHelmetFix(goal: FixGoal): string {
  const options = helmetOptions(goal, { nonce: NONCE });
  if (options !== undefined) {
    const usesNonce = goal.kind === 'csp-directive' && options.includes('cspNonce');
    const note = helmetDefaultNote(goal, ROUTE_CAUSE);
    return withNote(`helmet(${options})${usesNonce ? ' with res.locals.cspNonce = crypto.randomBytes(16).toString(\'base64\') set per request before helmet()' : ''}`, note);
  }
  switch (goal.kind) {
    case 'set':
      return `app.use((req, res, next) => { res.setHeader(${sq(goal.header)}, ${sq(goal.value)}); next(); })`;
    case 'remove':
      // Express's own X-Powered-By says "Express"; another value is set by other code, which app.disable does not reach.
      if (goal.header === 'X-Powered-By' && goal.received.trim() === 'Express') return "app.disable('x-powered-by')  (helmet() also removes it by default)";
      if (goal.header === 'Server') return 'Express sends no Server header itself: remove it where it is added (the proxy in front)';
      return `app.use((req, res, next) => { res.removeHeader(${sq(goal.header)}); next(); })`;
    case 'cookie':
      return `res.cookie(${sq(goal.name)}, value, ${cookieOptions(goal)})`;
    case 'cors':
      return `cors({ origin: ['https://app.example.com'], credentials: true }) from the cors package — list the trusted origins; never echo req.headers.origin (${goal.text})`;
    default:
      return '';
  }
}
