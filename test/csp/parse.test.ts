import { getDirective, parseCsp, parsePolicy } from '../../src/csp/parse';
import { serializeCsp } from '../../src/csp/serialize';
import { parseSourceExpression } from '../../src/csp/source-expression';
import type { Policy } from '../../src/csp/types';

function only(value: string | string[], options?: Parameters<typeof parseCsp>[1]): Policy {
  const policies = parseCsp(value, options);
  expect(policies).toHaveLength(1);
  return policies[0]!;
}

function names(policy: Policy): string[] {
  return policy.directives.map((d) => d.name);
}

describe('parseCsp: splitting into policies', () => {
  it('gives one policy per header value', () => {
    const policies = parseCsp(["default-src 'self'", 'img-src *']);
    expect(policies.map(names)).toEqual([['default-src'], ['img-src']]);
  });

  it('splits one header value on commas into several policies', () => {
    const policies = parseCsp("default-src 'self', script-src https://a.example; img-src *");
    expect(policies.map(names)).toEqual([['default-src'], ['script-src', 'img-src']]);
    expect(policies.map((p) => p.raw)).toEqual(["default-src 'self'", 'script-src https://a.example; img-src *']);
  });

  it('skips empty parts between commas (the #list rule) but keeps non-empty ones', () => {
    const policies = parseCsp(" , default-src 'none' ,, ");
    expect(policies.map(names)).toEqual([['default-src']]);
  });

  it('keeps a policy with no directives for an empty or blank header, so it can be reported', () => {
    for (const blank of ['', '   ', '\t\r\n', ',', ' , ']) {
      const policy = only(blank);
      expect(policy.directives).toEqual([]);
      expect(policy.raw).toBe('');
    }
  });

  it('keeps a policy made only of semicolons as a policy with no directives', () => {
    const policy = only(' ; ;; ');
    expect(policy.directives).toEqual([]);
    expect(policy.raw).toBe('; ;;');
  });

  it('returns no policy for no header values', () => {
    expect(parseCsp([])).toEqual([]);
  });

  it('sets disposition and source from the options (defaults: enforce, header)', () => {
    expect(only('img-src *')).toMatchObject({ disposition: 'enforce', source: 'header' });
    expect(only('img-src *', { disposition: 'report' })).toMatchObject({ disposition: 'report', source: 'header' });
    expect(only('img-src *', { source: 'meta' })).toMatchObject({ disposition: 'enforce', source: 'meta' });
  });

  it('rejects non-string input and bad options with a clear error', () => {
    expect(() => parseCsp(42 as unknown as string)).toThrow(/expected a CSP header value \(a string\).*received number 42/);
    expect(() => parseCsp(['ok', null as unknown as string])).toThrow(/parseCsp\(value\[1\]\).*received null/);
    expect(() => parseCsp('img-src *', { disposition: 'monitor' as 'report' })).toThrow(
      /options.disposition: expected 'enforce' or 'report', received 'monitor'/,
    );
    expect(() => parseCsp('img-src *', { source: 'html' as 'meta' })).toThrow(/options.source: expected 'header' or 'meta'/);
  });
});

describe('parseCsp: directives', () => {
  it('splits on semicolons, strips ASCII whitespace and lower-cases names', () => {
    const policy = only("  Default-SRC   'self'  ;\tSCRIPT-src\thttps://A.example  'unsafe-inline' ;  ");
    expect(policy.directives).toEqual([
      { name: 'default-src', values: ["'self'"], sources: [{ kind: 'keyword', keyword: 'self', raw: "'self'" }] },
      {
        name: 'script-src',
        values: ['https://A.example', "'unsafe-inline'"],
        sources: [
          { kind: 'host', scheme: 'https', host: 'a.example', wildcardHost: false, raw: 'https://A.example' },
          { kind: 'keyword', keyword: 'unsafe-inline', raw: "'unsafe-inline'" },
        ],
      },
    ]);
    expect(policy.issues).toEqual([]);
  });

  it('splits values on every ASCII whitespace (tab, LF, FF, CR, space) but not on other spaces', () => {
    const policy = only('img-src a.example\tb.example\nc.example\fd.example\re.example  f.example');
    expect(getDirective(policy, 'img-src')?.values).toEqual(['a.example', 'b.example', 'c.example', 'd.example', 'e.example', 'f.example']);
    // Vertical tab is not ASCII whitespace in the Infra standard: it stays inside the token.
    expect(getDirective(only('img-src a\vb'), 'img-src')?.values).toEqual(['a\vb']);
  });

  it('keeps the first of a duplicated directive and records the later one', () => {
    const policy = only("script-src 'self'; img-src *; SCRIPT-SRC 'unsafe-inline'");
    expect(getDirective(policy, 'script-src')?.values).toEqual(["'self'"]);
    expect(names(policy)).toEqual(['script-src', 'img-src']);
    expect(policy.issues).toEqual([{ kind: 'duplicate-directive', directive: 'script-src', token: "SCRIPT-SRC 'unsafe-inline'" }]);
  });

  it('skips a token that is not ASCII and records it', () => {
    const policy = only("img-src https://bücher.example; script-src 'self'");
    expect(names(policy)).toEqual(['script-src']);
    expect(policy.issues).toEqual([{ kind: 'non-ascii', directive: 'img-src', token: 'img-src https://bücher.example' }]);
    const unnamed = only("scrïpt-src 'self'");
    expect(unnamed.directives).toEqual([]);
    expect(unnamed.issues).toEqual([{ kind: 'non-ascii', token: "scrïpt-src 'self'" }]);
  });

  it('skips a directive whose name has characters outside [a-z0-9-], as Chromium does', () => {
    const policy = only("script_src 'self'; img.src *; 'self'; font-src data:");
    expect(names(policy)).toEqual(['font-src']);
    expect(policy.issues.map((i) => [i.kind, i.directive])).toEqual([
      ['invalid-directive-name', 'script_src'],
      ['invalid-directive-name', 'img.src'],
      ['invalid-directive-name', "'self'"],
    ]);
  });

  it('keeps unknown but well-formed directive names (browsers ignore them; the evaluator can report them)', () => {
    const policy = only("scirpt-src 'self'");
    expect(getDirective(policy, 'scirpt-src')?.sources).toEqual([{ kind: 'keyword', keyword: 'self', raw: "'self'" }]);
  });

  it('records an empty source-list directive but not the directives that take no value', () => {
    const policy = only('script-src; upgrade-insecure-requests; sandbox; block-all-mixed-content; trusted-types');
    expect(names(policy)).toEqual(['script-src', 'upgrade-insecure-requests', 'sandbox', 'block-all-mixed-content', 'trusted-types']);
    expect(getDirective(policy, 'script-src')?.values).toEqual([]);
    expect(policy.issues).toEqual([{ kind: 'empty-directive', directive: 'script-src', token: 'script-src' }]);
  });

  it('types the values of non-source-list directives as unknown', () => {
    const policy = only('sandbox allow-scripts; report-uri https://r.example/csp; report-to csp; require-trusted-types-for \'script\'');
    for (const directive of policy.directives) {
      expect(directive.sources.every((s) => s.kind === 'unknown')).toBe(true);
    }
    expect(getDirective(policy, 'report-uri')?.values).toEqual(['https://r.example/csp']);
  });

  it('keeps duplicate values within a directive', () => {
    expect(getDirective(only("img-src 'self' 'self'"), 'img-src')?.values).toEqual(["'self'", "'self'"]);
  });

  it('drops report-uri, frame-ancestors and sandbox from a <meta> policy and records each', () => {
    const policy = only("default-src 'self'; report-uri /r; frame-ancestors 'none'; sandbox; img-src *", { source: 'meta' });
    expect(names(policy)).toEqual(['default-src', 'img-src']);
    expect(policy.issues.map((i) => [i.kind, i.directive])).toEqual([
      ['ignored-in-meta', 'report-uri'],
      ['ignored-in-meta', 'frame-ancestors'],
      ['ignored-in-meta', 'sandbox'],
    ]);
    // The same directives in a header are kept.
    expect(names(only("report-uri /r; frame-ancestors 'none'; sandbox"))).toEqual(['report-uri', 'frame-ancestors', 'sandbox']);
  });

  it('getDirective finds a directive by any case and returns undefined when absent', () => {
    const policy = only("Script-Src 'self'");
    expect(getDirective(policy, 'SCRIPT-SRC')?.name).toBe('script-src');
    expect(getDirective(policy, 'img-src')).toBeUndefined();
  });

  it('parsePolicy parses one serialized policy without comma splitting', () => {
    const policy = parsePolicy("img-src a,b 'self'", 'report', 'meta');
    expect(policy).toMatchObject({ disposition: 'report', source: 'meta' });
    expect(getDirective(policy, 'img-src')?.values).toEqual(['a,b', "'self'"]);
  });
});

describe('source expressions', () => {
  it.each([
    ["'self'", 'self'],
    ["'SELF'", 'self'],
    ["'none'", 'none'],
    ["'unsafe-inline'", 'unsafe-inline'],
    ["'Unsafe-Eval'", 'unsafe-eval'],
    ["'unsafe-hashes'", 'unsafe-hashes'],
    ["'strict-dynamic'", 'strict-dynamic'],
    ["'report-sample'", 'report-sample'],
    ["'wasm-unsafe-eval'", 'wasm-unsafe-eval'],
    ["'unsafe-allow-redirects'", 'unsafe-allow-redirects'],
    ["'trusted-types-eval'", 'trusted-types-eval'],
    ["'report-sha256'", 'report-sha256'],
    ["'report-sha384'", 'report-sha384'],
    ["'report-sha512'", 'report-sha512'],
    ["'inline-speculation-rules'", 'inline-speculation-rules'],
  ])('%s is the keyword %s', (raw, keyword) => {
    expect(parseSourceExpression(raw)).toEqual({ kind: 'keyword', keyword, raw });
  });

  it('types nonces; the prefix is case-insensitive, the value is kept as is', () => {
    expect(parseSourceExpression("'nonce-ch4hvvbHDpv7xCSvXCs3BrNggHdTzxUA'")).toEqual({
      kind: 'nonce',
      value: 'ch4hvvbHDpv7xCSvXCs3BrNggHdTzxUA',
      raw: "'nonce-ch4hvvbHDpv7xCSvXCs3BrNggHdTzxUA'",
    });
    expect(parseSourceExpression("'NONCE-a+b/c_d-e=='")).toMatchObject({ kind: 'nonce', value: 'a+b/c_d-e==' });
  });

  it('types hashes for sha256, sha384 and sha512 (algorithm lower-cased)', () => {
    expect(parseSourceExpression("'sha256-RFWPLDbv2BY+rCkDzsE+0fr8ylGr2R2faWMhq4lfEQc='")).toEqual({
      kind: 'hash',
      algorithm: 'sha256',
      value: 'RFWPLDbv2BY+rCkDzsE+0fr8ylGr2R2faWMhq4lfEQc=',
      raw: "'sha256-RFWPLDbv2BY+rCkDzsE+0fr8ylGr2R2faWMhq4lfEQc='",
    });
    expect(parseSourceExpression("'SHA384-abc'")).toMatchObject({ kind: 'hash', algorithm: 'sha384', value: 'abc' });
    expect(parseSourceExpression("'sha512-a_b-c'")).toMatchObject({ kind: 'hash', algorithm: 'sha512', value: 'a_b-c' });
  });

  it.each([
    ["'self"],
    ["self'"],
    ['self'],
    ['none'],
    ['unsafe-inline'],
    ["'unsafe_inline'"],
    ["'unknown-keyword'"],
    ["'nonce-'"],
    ["'nonce-abc==='"],
    ["'nonce-a b'"],
    ["'sha1-abc'"],
    ["'sha256-'"],
    ['nonce-abc'],
    ['sha256-abc'],
    ['"self"'],
    ['https://'],
    ['https://exa mple.com'],
    ['*example.com'],
    ['example.*.com'],
    ['example.com:8o'],
    ['[::1]'],
    ['https://[::1]:8080'],
    ['example.com//double'],
    ['1http:'],
  ])('%s is unknown', (raw) => {
    expect(parseSourceExpression(raw)).toEqual({ kind: 'unknown', raw });
  });

  it('reads example.com: as a scheme source, as the grammar does (a scheme may contain dots)', () => {
    expect(parseSourceExpression('example.com:')).toEqual({ kind: 'scheme', scheme: 'example.com', raw: 'example.com:' });
  });

  it.each([
    ['https:', 'https'],
    ['HTTP:', 'http'],
    ['data:', 'data'],
    ['blob:', 'blob'],
    ['ws:', 'ws'],
    ['custom-scheme:', 'custom-scheme'],
    ['another.custom+scheme:', 'another.custom+scheme'],
  ])('%s is the scheme source %s', (raw, scheme) => {
    expect(parseSourceExpression(raw)).toEqual({ kind: 'scheme', scheme, raw });
  });

  it.each([
    ['*', { host: '*', wildcardHost: false }],
    ['example.com', { host: 'example.com', wildcardHost: false }],
    ['EXAMPLE.com.', { host: 'example.com.', wildcardHost: false }],
    ['*.example.com', { host: 'example.com', wildcardHost: true }],
    ['https://*.example.com:12/path/to/file.js', { scheme: 'https', host: 'example.com', wildcardHost: true, port: '12', path: '/path/to/file.js' }],
    ['https://*', { scheme: 'https', host: '*', wildcardHost: false }],
    ['example.com:*', { host: 'example.com', port: '*' }],
    ['*:443', { host: '*', port: '443' }],
    ['localhost:8080', { host: 'localhost', port: '8080' }],
    ['127.0.0.1:3000', { host: '127.0.0.1', port: '3000' }],
    ['HTTP://Cdn.Example.com/js/', { scheme: 'http', host: 'cdn.example.com', path: '/js/' }],
    ['example.com/', { host: 'example.com', path: '/' }],
    ["example.com/a/b/c.js;", undefined],
    ["example.com/%2F/x!$&'()*+=:@~", { host: 'example.com', path: "/%2F/x!$&'()*+=:@~" }],
    ['wss://socket.example.com', { scheme: 'wss', host: 'socket.example.com' }],
    ['self.example.com', { host: 'self.example.com' }],
    // Outside the grammar, but Chromium keeps the source and ignores the query or fragment.
    ['example.com/a?b=c', { host: 'example.com', path: '/a' }],
    ['example.com/a#frag', { host: 'example.com', path: '/a' }],
  ])('%s is a host source', (raw, expected) => {
    const parsed = parseSourceExpression(raw);
    if (expected === undefined) {
      expect(parsed.kind).toBe('unknown');
      return;
    }
    expect(parsed).toMatchObject({ kind: 'host', raw, ...expected });
  });

  it('leaves port and path unset when absent', () => {
    const parsed = parseSourceExpression('example.com');
    expect(parsed).toEqual({ kind: 'host', host: 'example.com', wildcardHost: false, raw: 'example.com' });
  });
});

describe('serializeCsp', () => {
  it('writes the canonical form: lower-case names and keywords, single spaces, "; " between directives', () => {
    const [policy] = parseCsp("  DEFAULT-SRC   'SELF' ;SCRIPT-SRC\t'Unsafe-Inline'  'NONCE-AbC'  'SHA256-XyZ=' HTTPS: Cdn.Example.com ;; img-src ;");
    expect(serializeCsp(policy!)).toBe("default-src 'self'; script-src 'unsafe-inline' 'nonce-AbC' 'sha256-XyZ=' https: Cdn.Example.com; img-src");
  });

  it('leaves out duplicates and skipped tokens (they are not directives)', () => {
    const [policy] = parseCsp("img-src *; img-src 'none'; bad_name x");
    expect(serializeCsp(policy!)).toBe('img-src *');
  });

  it('gives an empty string for a policy with no directives', () => {
    expect(serializeCsp(parseCsp('')[0]!)).toBe('');
  });

  it('rejects something that is not a Policy', () => {
    expect(() => serializeCsp("img-src *" as unknown as Policy)).toThrow(/expected a Policy as returned by parseCsp.*received the string "img-src \*"/);
  });
});
