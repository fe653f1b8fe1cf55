import { writeDjangoFix } from './django';
import { writeFastifyFix } from './fastify';
import { writeHeaderFix } from './header';
import { writeHelmetFix } from './helmet';
import { writeKoaFix } from './koa';
import { writeNginxFix } from './nginx';
import { writeTalismanFix } from './talisman';
import type { FixGoal, Framework } from './types';

/**
 * The fix for a goal in the framework's own words; the plain header line
 * when the framework is not known. One writer per framework.
 */
export function writeFix(goal: FixGoal, framework: Framework | undefined): string {
  switch (framework) {
    case 'helmet':
      return writeHelmetFix(goal);
    case 'fastify-helmet':
      return writeFastifyFix(goal);
    case 'koa-helmet':
      return writeKoaFix(goal);
    case 'flask-talisman':
      return writeTalismanFix(goal, undefined);
    case 'flask-talisman-1.0':
      return writeTalismanFix(goal, '1.0');
    case 'flask-talisman-1.1':
      return writeTalismanFix(goal, '1.1');
    case 'django':
      return writeDjangoFix(goal, 'django-csp');
    case 'django-6':
      return writeDjangoFix(goal, 'builtin');
    case 'nginx':
      return writeNginxFix(goal);
    case 'header':
    case undefined:
      return writeHeaderFix(goal);
  }
}

export { detectFramework } from './detect';
export { FRAMEWORKS, NONCE, type CspDirectives, type FixGoal, type Framework, type SettableHeader } from './types';
