import { helmetDefaultNote, helmetOptions } from './helmet-options';
import { cookieOptions, withNote } from './node-common';
import { sq } from './quote';
import type { FixGoal } from './types';

/**
 * Fastify + @fastify/helmet (checked in node_modules/@fastify/helmet: options
 * go to helmet; enableCSPNonces adds a nonce to script-src and style-src and
 * exposes reply.cspNonce.script / .style; a route's `helmet: false` skips it).
 */
const ROUTE_CAUSE = 'a route registered with { helmet: false }, or @fastify/helmet registered with global: false';

export function writeFastifyFix(goal: FixGoal): string {
  const options = helmetOptions(goal, { nonceOption: 'enableCSPNonces: true' });
  if (options !== undefined) {
    const usesNonce = options.includes('enableCSPNonces');
    const tag = goal.kind === 'csp-directive' && goal.directive.startsWith('style') ? '<style>' : '<script>';
    const note = helmetDefaultNote(goal, ROUTE_CAUSE);
    return withNote(
      `fastify.register(helmet, ${options})${usesNonce ? ` and nonce="\${reply.cspNonce.${tag === '<style>' ? 'style' : 'script'}}" on each ${tag}` : ''}`,
      note,
    );
  }
  switch (goal.kind) {
    case 'set':
      return `fastify.addHook('onSend', async (request, reply) => { reply.header(${sq(goal.header)}, ${sq(goal.value)}); })`;
    case 'remove':
      if (goal.header === 'Server' || goal.header === 'X-Powered-By') return `Fastify sends no ${goal.header} header itself: remove it where it is added (the proxy in front)`;
      return `fastify.addHook('onSend', async (request, reply) => { reply.removeHeader(${sq(goal.header)}); })`;
    case 'cookie':
      return `reply.setCookie(${sq(goal.name)}, value, ${cookieOptions(goal)}) (@fastify/cookie)`;
    case 'cors':
      return `fastify.register(cors, { origin: ['https://app.example.com'], credentials: true }) from @fastify/cors — list the trusted origins (${goal.text})`;
    default:
      return '';
  }
}
