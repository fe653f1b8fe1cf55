// Jest with @types/jest globals: the augmentation of jest.Matchers.
import 'expect-secure-headers/jest';

declare const res: Response;
expect(res).toHaveSecureHeaders();
expect(res).toHaveSecureHeaders({ preset: 'strict', ignore: ['referrer-policy/missing'] });
expect(res).toHaveSecureHeaders({ headers: { 'x-frame-options': 'DENY', server: false, 'x-test': /a/, 'x-fn': (v) => v === 'x' } });
expect(res).not.toHaveSecureHeaders({ https: true, failOn: 'high' });
// @ts-expect-error: no such preset
expect(res).toHaveSecureHeaders({ preset: 'lenient' });
// @ts-expect-error: unknown option
expect(res).toHaveSecureHeaders({ presets: 'strict' });
// @ts-expect-error: failOn is a severity
expect(res).toHaveSecureHeaders({ failOn: 'bad' });

expect("default-src 'self'").toHaveCsp({ directives: { 'script-src': ["'self'"] }, allows: [{ directive: 'img-src', url: '/a.png' }] });
// @ts-expect-error: maxSeverity is one of csp-evaluator's severities
expect(res).toHaveCsp({ maxSeverity: 'critical' });
