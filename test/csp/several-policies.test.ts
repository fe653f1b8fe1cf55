import { evaluatePolicies } from '../../src/csp/evaluate';
import { parseCsp } from '../../src/csp/parse';

const BASE = "script-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'";
const types = (headers: string[]) => evaluatePolicies(parseCsp(headers)).map((f) => `${f.type} ${f.directive}`);

it.each(['', 'upgrade-insecure-requests', 'report-uri /csp', "img-src 'self'"])('a second policy %j does not hide script-unsafe-inline', (second) => {
  expect(types([BASE, second])).toContain('script-unsafe-inline script-src');
});
