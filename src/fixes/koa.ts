import { helmetDefaultNote, helmetOptions } from './helmet-options';
import { cookieOptions, withNote } from './node-common';
import { sq } from './quote';
import type { FixGoal } from './types';

/**
 * Koa + koa-helmet 9 (checked in node_modules/koa-helmet: it runs helmet on
 * ctx.req/ctx.res, so directive functions get node's req and res, and a
 * nonce lives on ctx.res.locals).
 */
const ROUTE_CAUSE = 'a router or koa-static used before app.use(helmet())';
const NONCE = '(req, res) => `\'nonce-${res.locals.cspNonce}\'`';

export function writeKoaFix(goal: FixGoal): string {
  const options = helmetOptions(goal, { nonce: NONCE });
  if (options !== undefined) {
    const usesNonce = options.includes('cspNonce');
    const note = helmetDefaultNote(goal, ROUTE_CAUSE);
    return withNote(
      `app.use(helmet(${options}))${usesNonce ? " with ctx.res.locals = { cspNonce: crypto.randomBytes(16).toString('base64') } set in a middleware before it" : ''}`,
      note,
    );
  }
  switch (goal.kind) {
    case 'set':
      return `app.use(async (ctx, next) => { ctx.set(${sq(goal.header)}, ${sq(goal.value)}); await next(); })`;
    case 'remove':
      if (goal.header === 'Server' || goal.header === 'X-Powered-By') return `Koa sends no ${goal.header} header itself: remove it where it is added (the proxy in front)`;
      return `app.use(async (ctx, next) => { await next(); ctx.remove(${sq(goal.header)}); })`;
    case 'cookie':
      return `ctx.cookies.set(${sq(goal.name)}, value, ${cookieOptions(goal)})${goal.secure ? '  (behind a TLS proxy, app.proxy = true so Koa may send a Secure cookie)' : ''}`;
    case 'cors':
      return `app.use(cors({ origin: 'https://app.example.com', credentials: true })) from @koa/cors — check the Origin against your allowlist (${goal.text})`;
    default:
      return '';
  }
}
