import type { FixCase } from '../prove';
import { DJANGO_CASES, DJANGO_SCENARIO_CASES } from './django';
import { HEADER_CASES, HEADER_SCENARIO_CASES } from './header';
import { NGINX_CASES, NGINX_SCENARIO_CASES } from './nginx';
import { FASTIFY_CASES, HELMET_CASES, KOA_CASES } from './node';
import { TALISMAN_CASES, TALISMAN_SCENARIO_CASES } from './talisman';

/** One framework's proofs: the cases its test file applies to a real app. */
export interface FrameworkProofs {
  /** The column of the coverage table. */
  framework: string;
  /** The test file that runs them. */
  file: string;
  cases: ReadonlyArray<FixCase<unknown>>;
}

export const PROOFS: readonly FrameworkProofs[] = [
  { framework: 'Flask-Talisman 1.0', file: 'test/fixes/talisman.test.ts', cases: [...TALISMAN_CASES, ...TALISMAN_SCENARIO_CASES] },
  { framework: 'helmet (Express)', file: 'test/fixes/node.test.ts', cases: HELMET_CASES },
  { framework: '@fastify/helmet', file: 'test/fixes/node.test.ts', cases: FASTIFY_CASES },
  { framework: 'koa-helmet', file: 'test/fixes/node.test.ts', cases: KOA_CASES },
  { framework: 'Django 3.2 + django-csp', file: 'test/fixes/django.test.ts', cases: [...DJANGO_CASES, ...DJANGO_SCENARIO_CASES] },
  { framework: 'nginx 1.22 + headers-more', file: 'test/fixes/nginx.test.ts', cases: [...NGINX_CASES, ...NGINX_SCENARIO_CASES] },
  { framework: 'plain header line', file: 'test/fixes/header.test.ts', cases: [...HEADER_CASES, ...HEADER_SCENARIO_CASES] },
];
