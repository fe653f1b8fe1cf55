import { directivesOf, type FixGoal } from './types';
import { cspValue } from './quote';

/** The plain header line: what to send, for any server. */
export function writeHeaderFix(goal: FixGoal): string {
  switch (goal.kind) {
    case 'hsts':
      return `Strict-Transport-Security: ${hstsValue(goal)}`;
    case 'csp-policy':
      return `Content-Security-Policy: ${goal.directives.map(([name, values]) => `${name} ${cspValue(values)}`.trim()).join('; ')}`;
    case 'csp-directive':
      return `Content-Security-Policy: … ${directivesOf(goal).map(([name, values]) => `${name} ${cspValue(values)}`).join('; ')}`;
    case 'framing': {
      // Only what differs from the response: frame-ancestors governs where it is present, XFO is for old browsers.
      const target = goal.value === 'DENY' ? "'none'" : "'self'";
      const lines: string[] = [];
      if (goal.frameAncestors !== undefined && goal.frameAncestors !== target) lines.push(`Content-Security-Policy: … frame-ancestors ${target} (it governs framing)`);
      if (goal.xfo?.trim().toUpperCase() !== goal.value) lines.push(`X-Frame-Options: ${goal.value}${goal.frameAncestors !== undefined ? ' (for browsers without frame-ancestors)' : ''}`);
      return lines.join(' and ');
    }
    case 'set':
      return `${goal.header}: ${goal.value}`;
    case 'xss-filter-off':
      return 'X-XSS-Protection: 0 (or do not send it)';
    case 'remove':
      return `Do not send ${goal.header}`;
    case 'cookie':
      return `Set-Cookie: ${goal.name}=…; ${cookieAttributes(goal).join('; ')}${goal.hostPrefix ? ' (and no Domain)' : ''}`;
    case 'cors':
      return goal.text;
  }
}

export function hstsValue(goal: Extract<FixGoal, { kind: 'hsts' }>): string {
  return `max-age=${goal.maxAge}${goal.includeSubDomains ? '; includeSubDomains' : ''}${goal.preload ? '; preload' : ''}`;
}

export function cookieAttributes(goal: Extract<FixGoal, { kind: 'cookie' }>): string[] {
  return [goal.secure ? 'Secure' : '', goal.httpOnly ? 'HttpOnly' : '', `SameSite=${goal.sameSite}`, 'Path=/'].filter(Boolean);
}
