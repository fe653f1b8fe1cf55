import { parseCsp } from '../csp/parse';
import type { Disposition, Policy } from '../csp/types';
import type { HeaderSet } from '../types';

/**
 * The CSP policies of a response, parsed once per HeaderSet: the CSP rule
 * and the X-Frame-Options rule (frame-ancestors) both read them. Callers must
 * not change the policies they get.
 */
const cache = new WeakMap<HeaderSet, Partial<Record<Disposition, Policy[]>>>();

const HEADER: Record<Disposition, string> = {
  enforce: 'content-security-policy',
  report: 'content-security-policy-report-only',
};

export function policiesOf(headers: HeaderSet, disposition: Disposition): Policy[] {
  let entry = cache.get(headers);
  if (!entry) cache.set(headers, (entry = {}));
  return (entry[disposition] ??= parseCsp(headers.getAll(HEADER[disposition]), { disposition }));
}
