import { auditHeaderSet } from '../../src/audit';
import { AuditCache } from '../../src/crawl/audit-cache';
import { createHeaderSet, type HeaderField } from '../../src/response/header-set';

/** The remembered audit gives exactly what the audit gives, page by page. */
describe('AuditCache', () => {
  const sound: HeaderField[] = [
    ['Content-Security-Policy', "default-src 'self'; object-src 'none'; base-uri 'none'"],
    ['X-Content-Type-Options', 'nosniff'],
    ['Date', 'Mon, 23 Nov 2026 09:00:00 GMT'],
  ];
  const weak: HeaderField[] = [['Content-Security-Policy', "script-src 'unsafe-inline'"], ['Set-Cookie', 'sid=1']];
  const twoPolicies: HeaderField[] = [
    ['Content-Security-Policy', "script-src 'unsafe-inline'"],
    ['X-Frame-Options', 'DENY'],
    ['content-security-policy', "script-src 'self'; object-src 'none'"],
  ];

  it.each([
    ['the same headers on another page', sound, 'http://h/a', sound, 'http://h/b'],
    ['the same headers with another Date', sound, 'http://h/a', [...sound.slice(0, 2), ['Date', 'Tue, 24 Nov 2026 09:00:00 GMT']] as HeaderField[], 'http://h/b'],
    ['other headers', sound, 'http://h/a', weak, 'http://h/b'],
    ['the same headers over https', sound, 'http://h/a', sound, 'https://h/a'],
    ['the same headers in another order', sound, 'http://h/a', [...sound].reverse(), 'http://h/b'],
    // Two policies are judged in order (the first of two directives wins), so their order is part of the key.
    ['two policies in the other order', twoPolicies, 'http://h/a', [...twoPolicies].reverse(), 'http://h/b'],
  ])('%s: equal to a fresh audit', (_name, firstFields, firstUrl, fields, url) => {
    const cache = new AuditCache({ preset: 'strict' });
    cache.audit(firstFields, firstUrl, 200);
    const fresh = auditHeaderSet(createHeaderSet(fields, { url, status: 200 }), { preset: 'strict' });
    expect(cache.audit(fields, url, 200)).toEqual(fresh);
  });

  it('judges another status apart', () => {
    const cache = new AuditCache({});
    cache.audit(sound, 'http://h/a', 200);
    const fresh = auditHeaderSet(createHeaderSet(sound, { url: 'http://h/b', status: 500 }), {});
    expect(cache.audit(sound, 'http://h/b', 500)).toEqual(fresh);
  });

  it('gives every page the score, grade and Observatory tests, also in JSON', () => {
    const cache = new AuditCache({});
    cache.audit(sound, 'http://h/a', 200);
    const hit = cache.audit(sound, 'http://h/b', 200);
    const fresh = auditHeaderSet(createHeaderSet(sound, { url: 'http://h/b', status: 200 }), {});
    expect(JSON.parse(JSON.stringify(hit))).toEqual(JSON.parse(JSON.stringify(fresh)));
    expect({ ...hit }.grade).toBe(fresh.grade);
  });

  it('never hands two pages the same arrays', () => {
    const cache = new AuditCache({});
    const a = cache.audit(weak, 'http://h/a', 200);
    const b = cache.audit(weak, 'http://h/b', 200);
    expect(b.url).toBe('http://h/b');
    expect(b.findings).toEqual(a.findings);
    expect(b.findings).not.toBe(a.findings);
  });
});
