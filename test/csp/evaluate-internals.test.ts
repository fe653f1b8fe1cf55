/**
 * The evaluator's own machinery: the URL fast path must answer exactly as the
 * WHATWG URL parser does, and the bypass data must be csp-evaluator's lists.
 */
import fc from 'fast-check';
import * as oracleAngular from 'csp_evaluator/dist/allowlist_bypasses/angular';
import * as oracleFlash from 'csp_evaluator/dist/allowlist_bypasses/flash';
import * as oracleJsonp from 'csp_evaluator/dist/allowlist_bypasses/jsonp';
import { ANGULAR_BYPASSES } from '../../src/csp/data/angular';
import { findBypass } from '../../src/csp/data/bypass-index';
import { FLASH_BYPASSES } from '../../src/csp/data/flash';
import { JSONP_BYPASSES, JSONP_NEEDS_EVAL } from '../../src/csp/data/jsonp';
import { mayBeIpHost, parseHostAndPath, stripScheme } from '../../src/csp/checks/url-like';

function viaUrl(rest: string): { hostname: string; pathname: string } | undefined {
  try {
    const url = new URL('https://' + rest);
    return { hostname: url.hostname, pathname: url.pathname };
  } catch {
    return undefined;
  }
}

describe('parseHostAndPath', () => {
  it('agrees with the URL parser on hand-picked tricky inputs', () => {
    const inputs = [
      'example.com', 'EXAMPLE.com:443/a/b', 'a.b.c:', 'a.b:99999', 'a.b:65535', 'x.y:0080', '127.1', '0x7f.1', '1.2.3.04',
      '2130706433', 'example.123', 'example.0x1f', 'example.0x', 'foo.1.', '.', '..', 'a..', '', '/x', '///x', '\\\\x/y',
      '[::1]', '[::1]:80/p', 'us@er.com', 'ex%41mple.com', 'ex%zz.com', 'xn--nxasmq6b.com', 'xn--zz.com', "'self'",
      "'nonce-abc+/='", "'sha256-ab/c+d='", 'a.com/./b', 'a.com/../b', 'a.com/%2e/b', 'a.com/%2E%2e/b', 'a.com/x%3D%3D?y', 'a.com/%zz', 'a.com/.%2e/', 'a.com/p?q#f', 'a.com#f/x', 'a.com?x',
      'wildcard_placeholder.example.com', 'a.com/"<>`{}', 'ünïcode.com', 'ＥＸＡＭＰＬＥ.com', '１２７.０.０.１', 'a|b.com', 'a^b.com',
    ];
    for (const input of inputs) expect([input, parseHostAndPath(input)]).toEqual([input, viaUrl(input)]);
  });

  it('agrees with the URL parser on generated inputs', () => {
    const alphabet = fc.constantFrom(
      ...'abcxyzABC0123456789.-_:/\\?#@%[]*\'+=!$&(),;~'.split(''), 'xn--', '0x', 'wildcard_placeholder', '\u00e9', '\uff11',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 24 }).map((parts) => parts.join('')), (input) => {
        expect(parseHostAndPath(input)).toEqual(viaUrl(input));
      }),
      { numRuns: 10000, seed: 7 },
    );
  });
});

describe('parseHostAndPath on hosts that end in a number (read as IPv4 without the URL parser)', () => {
  it('agrees with the URL parser on hand-picked numeric hosts', () => {
    const inputs = [
      '127.1', '127.0.1', '0x7f.1', '0X7F.0.0.1', '0x.0x.0x.0x', '0x', '0', '00', '08', '0.08', '017.0.0.1', '4294967295', '4294967296',
      '1.2.3.4.', '1.2.3.4..', '1..2', '.1', '1.2.3.256', '1.2.65535', '1.2.65536', '1.16777215', '1.16777216', '256.1', '1.2.3.4.5',
      '99999999999999999999', '0x100000000', '0xffffffff', '1.0x', 'a.0x1g', 'a.1', '1.a.1', '0x7f.1:8080/p', '127.1/./x',
    ];
    for (const input of inputs) expect([input, parseHostAndPath(input)]).toEqual([input, viaUrl(input)]);
  });

  it('agrees with the URL parser on generated numeric hosts', () => {
    const part = fc.oneof(
      fc.nat({ max: 300 }).map(String),
      fc.nat().map(String),
      fc.nat().map((n) => '0x' + n.toString(16)),
      fc.nat({ max: 600 }).map((n) => '0' + n.toString(8)),
      fc.constantFrom('', '0', '0x', '0X1F', '09', '1e3', 'a', '4294967296', '99999999999999999999'),
    );
    const host = fc.tuple(fc.array(part, { minLength: 1, maxLength: 6 }), fc.constantFrom('', '.', ':443', '/a/b', '.:80/x')).map(
      ([parts, tail]) => parts.join('.') + tail,
    );
    fc.assert(
      fc.property(host, (input) => {
        expect(parseHostAndPath(input)).toEqual(viaUrl(input));
      }),
      { numRuns: 10000, seed: 11 },
    );
  });
});

describe('stripScheme', () => {
  // csp-evaluator's way: a regex for the scheme, then one leading '//'.
  const byRegex = (value: string) => {
    const noScheme = value.replace(/^\w[+\w.-]*:\/\//i, '');
    return noScheme.startsWith('//') ? noScheme.slice(2) : noScheme;
  };

  it('drops what the regex drops, on hand-picked and generated tokens', () => {
    for (const input of ['https://a.com', 'HTTPS://a.com', '//a.com', '////a.com', 'a+b.c-d://x', '_x://y', '-x://y', 'x:/y', 'x:', '', '/', '//', 'é://x', 'wss://*', '*']) {
      expect([input, stripScheme(input)]).toEqual([input, byRegex(input)]);
    }
    const alphabet = fc.constantFrom(...'aZ09_+.-:/*\\é '.split(''), '://', '//');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 12 }).map((parts) => parts.join('')), (input) => {
        expect(stripScheme(input)).toBe(byRegex(input));
      }),
      { numRuns: 10000, seed: 5 },
    );
  });
});

describe('bypass data', () => {
  const asPairs = (urls: string[]) => urls.map((u) => {
    const url = new URL('https:' + u);
    return [url.hostname, url.pathname];
  });

  it("is csp-evaluator 1.1.8's lists, in order", () => {
    expect(JSONP_BYPASSES).toEqual(asPairs(oracleJsonp.URLS));
    expect(ANGULAR_BYPASSES).toEqual(asPairs(oracleAngular.URLS));
    expect(FLASH_BYPASSES).toEqual(asPairs(oracleFlash.URLS));
    expect([...JSONP_NEEDS_EVAL]).toEqual(oracleJsonp.NEEDS_EVAL);
  });

  it('finds exact hosts, subdomains under *., and paths by prefix or exact match', () => {
    expect(findBypass('jsonp', 'www.google.com', false, '/')).toEqual({ host: 'www.google.com', path: '/tools/feedback/escalation-options' });
    expect(findBypass('jsonp', 'google.com', false, '/')).toBeUndefined();
    expect(findBypass('jsonp', 'google.com', true, '/')?.host).toMatch(/\.google\.com$/);
    expect(findBypass('angular', 'ajax.googleapis.com', false, '/ajax/libs/')?.path).toBe('/ajax/libs/angularjs/1.2.0rc1/angular-route.min.js');
    expect(findBypass('angular', 'ajax.googleapis.com', false, '/ajax/lib')).toBeUndefined();
    expect(findBypass('flash', 'vk.com', false, '/swf/video.swf')).toEqual({ host: 'vk.com', path: '/swf/video.swf' });
    // First listed entry wins: www.googleadservices.com (needs eval) comes before partner.googleadservices.com.
    expect(findBypass('jsonp', 'googleadservices.com', true, '/')?.host).toBe('www.googleadservices.com');
  });
});

describe('mayBeIpHost', () => {
  it('never rules out a host the URL parser reads as an IP address', () => {
    const alphabet = fc.constantFrom(...'abcfxX0123456789.:/\\?#@%[]*\'\u0001'.split(''), '127', '0x7f', '\uff11', 'wildcard_placeholder');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 16 }).map((parts) => parts.join('')), (input) => {
        const parsed = viaUrl(input);
        const isIp = parsed !== undefined && (/^\[.*\]$/.test(parsed.hostname) || /^\d+\.\d+\.\d+\.\d+$/.test(parsed.hostname));
        if (isIp) expect([input, mayBeIpHost(input)]).toEqual([input, true]);
      }),
      { numRuns: 15000, seed: 11 },
    );
  });
});
