import fc from 'fast-check';
import { cspAllows, type CspRequest } from '../../src/csp/match';
import { parseCsp } from '../../src/csp/parse';

const ORIGIN = 'https://example.com';

function decide(csp: string, request: Partial<CspRequest>) {
  return cspAllows(csp, { origin: ORIGIN, directive: 'img-src', ...request } as CspRequest);
}

function allows(csp: string, request: Partial<CspRequest>): boolean {
  return decide(csp, request).allowed;
}

/** `img-src <list>` against one URL: the plain "does url match source list" question. */
function listAllows(list: string, url: string, origin = ORIGIN, redirected = false): boolean {
  return allows(`img-src ${list}`, { url, origin, redirected });
}

describe('URL matching: the * wildcard', () => {
  it.each([
    ['https://a.example/x.png', true],
    ['http://a.example/x.png', true],
    ['https://127.0.0.1:8443/x.png', true],
    ['wss://a.example/socket', true],
    ['data:image/png;base64,AAAA', false],
    ['blob:https://example.com/0b2c-11', false],
    ['filesystem:https://example.com/temporary/x', false],
    ['javascript:alert(1)', false],
    ['custom-scheme://a/b', false],
  ])('* and %s → %s', (url, expected) => {
    expect(listAllows('*', url)).toBe(expected);
  });

  it("matches the protected document's own scheme too", () => {
    expect(listAllows('*', 'custom-scheme://a/b', 'custom-scheme://app')).toBe(true);
  });

  it('needs data: and blob: listed explicitly', () => {
    expect(listAllows('* data: blob:', 'data:image/png;base64,AAAA')).toBe(true);
    expect(listAllows('* data: blob:', 'blob:https://example.com/0b2c-11')).toBe(true);
  });
});

describe('URL matching: scheme sources', () => {
  it.each([
    ['https:', 'https://any.example/x', true],
    ['https:', 'http://any.example/x', false],
    ['http:', 'http://any.example/x', true],
    ['http:', 'https://any.example/x', true], // upgrade
    ['ws:', 'ws://any.example/x', true],
    ['ws:', 'wss://any.example/x', true],
    // Chromium (not CSP3): WebSocket sources match WebSocket URLs only
    ['ws:', 'https://any.example/x', false],
    ['ws:', 'http://any.example/x', false],
    ['wss:', 'wss://any.example/x', true],
    ['wss:', 'https://any.example/x', false],
    ['wss:', 'ws://any.example/x', false],
    ['wss:', 'http://any.example/x', false],
    ['data:', 'data:text/plain,hi', true],
    ['DATA:', 'data:text/plain,hi', true],
    ['blob:', 'blob:https://example.com/uuid', true],
    ['data:', 'https://any.example/x', false],
  ])('%s and %s → %s', (list, url, expected) => {
    expect(listAllows(list, url)).toBe(expected);
  });
});

describe('URL matching: host sources', () => {
  it.each([
    // host without scheme: takes the protected page's scheme, with the upgrade
    ['example.org', 'https://example.org/x', ORIGIN, true],
    ['example.org', 'http://example.org/x', ORIGIN, false],
    ['example.org', 'http://example.org/x', 'http://example.com', true],
    ['example.org', 'https://example.org/x', 'http://example.com', true],
    ['EXAMPLE.org', 'https://example.ORG/x', ORIGIN, true],
    ['example.org', 'https://sub.example.org/x', ORIGIN, false],
    ['example.org', 'https://example.org.evil.example/x', ORIGIN, false],
    // wildcard hosts: any subdomain, not the domain itself
    ['*.example.org', 'https://a.example.org/x', ORIGIN, true],
    ['*.example.org', 'https://a.b.example.org/x', ORIGIN, true],
    ['*.example.org', 'https://example.org/x', ORIGIN, false],
    ['*.example.org', 'https://evilexample.org/x', ORIGIN, false],
    ['https://*', 'https://anything.example/x', ORIGIN, true],
    ['https://*', 'http://anything.example/x', ORIGIN, false],
    // explicit schemes
    ['https://cdn.example.org', 'https://cdn.example.org/a.js', ORIGIN, true],
    ['https://cdn.example.org', 'http://cdn.example.org/a.js', ORIGIN, false],
    ['http://cdn.example.org', 'https://cdn.example.org/a.js', ORIGIN, true],
    ['wss://socket.example.org', 'wss://socket.example.org/', ORIGIN, true],
    ['ws://socket.example.org', 'wss://socket.example.org/', ORIGIN, true],
    ['ws://socket.example.org', 'https://socket.example.org/', ORIGIN, false],
    ['http://socket.example.org', 'ws://socket.example.org/', ORIGIN, false],
    // hosts never match URLs without a host
    ['example.org', 'data:text/plain,example.org', ORIGIN, false],
    // IP addresses compare as strings, as Chromium does
    ['127.0.0.1:3000', 'http://127.0.0.1:3000/x', 'http://127.0.0.1:3000', true],
    ['127.0.0.1:3000', 'http://127.0.0.2:3000/x', 'http://127.0.0.1:3000', false],
  ])('%s and %s (page %s) → %s', (list, url, origin, expected) => {
    expect(listAllows(list, url, origin)).toBe(expected);
  });
});

describe('URL matching: ports', () => {
  it.each([
    ['example.org', 'https://example.org:8443/x', false],
    ['example.org', 'https://example.org:443/x', true],
    ['example.org:8443', 'https://example.org:8443/x', true],
    ['example.org:8443', 'https://example.org/x', false],
    ['example.org:08443', 'https://example.org:8443/x', true],
    ['example.org:*', 'https://example.org:1234/x', true],
    ['example.org:*', 'https://example.org/x', true],
    ['https://example.org:443', 'https://example.org/x', true],
    ['https://example.org:443', 'https://example.org:8443/x', false],
    ['http://example.org:80', 'http://example.org/x', true],
    // Chromium's upgrade: http on :80 also allows https on :443, but only with the scheme upgrade
    ['http://example.org:80', 'https://example.org/x', true],
    ['http://example.org:80', 'https://example.org:8443/x', false],
    // Chromium 156: without the scheme upgrade :80 is only :80 (test/browser/csp-port-upgrade.pw.ts, frames and subresources alike)
    ['https://example.org:80', 'https://example.org/x', false],
    ['http://example.org:80', 'http://example.org:443/x', false],
    // Chromium (not CSP3): an explicit port does not survive a scheme upgrade
    ['http://example.org:8082', 'http://example.org:8082/x', true],
    ['http://example.org:8082', 'https://example.org:8082/x', false],
    ['ws://example.org:8082', 'wss://example.org:8082/x', false],
    ['http://example.org:*', 'https://example.org:8082/x', true],
    ['http://example.org', 'https://example.org/x', true],
    ['*:8080', 'https://a.example:8080/x', true],
    ['*:8080', 'https://a.example:8081/x', false],
  ])('%s and %s → %s', (list, url, expected) => {
    expect(listAllows(list, url)).toBe(expected);
  });

  it('the schemeless http:80 source also upgrades from an http page', () => {
    expect(listAllows('example.org:80', 'https://example.org/x', 'http://example.com')).toBe(true);
  });

  it('a schemeless source with a port does not match the https twin from an http page', () => {
    expect(listAllows('b.example:8082', 'http://b.example:8082/x', 'http://a.example:8081')).toBe(true);
    expect(listAllows('b.example:8082', 'https://b.example:8082/x', 'http://a.example:8081')).toBe(false);
  });
});

describe('URL matching: paths', () => {
  it.each([
    ['example.org/js/', 'https://example.org/js/a.js', true],
    ['example.org/js/', 'https://example.org/js/sub/b.js', true],
    ['example.org/js/', 'https://example.org/jsx/a.js', false],
    ['example.org/js/', 'https://example.org/', false],
    // CSP3 path-part matching: "/js/" has more pieces than "/js", so it does not cover it
    ['example.org/js/', 'https://example.org/js', false],
    ['example.org/js/', 'https://example.org/js/', true],
    ['example.org/js/app.js', 'https://example.org/js/app.js', true],
    ['example.org/js/app.js', 'https://example.org/js/app.js?v=2#top', true],
    ['example.org/js/app.js', 'https://example.org/js/app.jsx', false],
    ['example.org/js/app.js', 'https://example.org/js/app.js/x', false],
    ['example.org/js/app.js', 'https://example.org/js/', false],
    ['example.org/', 'https://example.org/anything/at/all', true],
    ['example.org/JS/', 'https://example.org/js/a.js', false],
    ['example.org/a%20b/', 'https://example.org/a b/c', true],
    ['example.org/a%2Fb', 'https://example.org/a/b', false],
    // Chromium ignores a query in a source (checked in Chromium: the image loads)
    ['example.org/img/a.png?v=1', 'https://example.org/img/a.png', true],
  ])('%s and %s → %s', (list, url, expected) => {
    expect(listAllows(list, url)).toBe(expected);
  });

  it('ignores paths after a redirect, as CSP3 does', () => {
    expect(listAllows('example.org/js/', 'https://example.org/other/a.js', ORIGIN, false)).toBe(false);
    expect(listAllows('example.org/js/', 'https://example.org/other/a.js', ORIGIN, true)).toBe(true);
  });
});

describe("URL matching: 'self' and 'none'", () => {
  it.each([
    ['https://example.com/a.png', ORIGIN, true],
    ['https://example.com:443/a.png', ORIGIN, true],
    ['http://example.com/a.png', ORIGIN, false],
    ['https://sub.example.com/a.png', ORIGIN, false],
    ['https://example.com:8443/a.png', ORIGIN, false],
    ['https://example.com:8443/a.png', 'https://example.com:8443', true],
    ['https://example.com/a.png', 'https://example.com:8443', false],
    // upgrades: http page → https (default ports), ws/wss
    ['https://example.com/a.png', 'http://example.com', true],
    ['http://example.com/a.png', 'http://example.com', true],
    ['wss://example.com/socket', ORIGIN, true],
    ['ws://example.com/socket', 'http://example.com', true],
    ['ws://example.com/socket', ORIGIN, false],
    ['https://example.com:8443/a.png', 'http://example.com', false],
    // blob:, data: and filesystem: are never 'self'
    ['blob:https://example.com/0b2c', ORIGIN, false],
    ['data:image/png,x', ORIGIN, false],
  ])("'self' and %s (page %s) → %s", (url, origin, expected) => {
    expect(listAllows("'self'", url, origin)).toBe(expected);
  });

  it("'self' for a frame on a non-default port does not match the page's https twin; for an image it does (Chromium)", () => {
    const page = 'http://a.example:8081';
    expect(allows("default-src 'self'", { directive: 'frame-src', url: 'https://a.example:8081/f', origin: page })).toBe(false);
    expect(allows("default-src 'self'", { directive: 'frame-src', url: 'http://a.example:8081/f', origin: page })).toBe(true);
    expect(allows("default-src 'self'", { directive: 'img-src', url: 'https://a.example:8081/i.png', origin: page })).toBe(true);
    // On default ports the upgrade is allowed for frames too.
    expect(allows("default-src 'self'", { directive: 'frame-src', url: 'https://a.example/f', origin: 'http://a.example' })).toBe(true);
  });

  it("reads 'self' from any URL on the page, not only a bare origin", () => {
    expect(listAllows("'self'", 'https://example.com/a.png', 'https://example.com/some/page?q=1')).toBe(true);
  });

  it("'self' matches nothing from an opaque origin", () => {
    expect(listAllows("'self'", 'data:image/png,x', 'data:text/html,hi')).toBe(false);
  });

  it("'none' alone allows nothing, but is ignored next to other sources", () => {
    expect(listAllows("'none'", 'https://example.com/a.png')).toBe(false);
    expect(listAllows("'none' https://cdn.example.org", 'https://cdn.example.org/a.png')).toBe(true);
  });

  it('an empty directive allows nothing, and the reason says so', () => {
    const decision = decide('img-src', { url: 'https://example.com/a.png' });
    expect(decision.allowed).toBe(false);
    expect(decision.decidedBy[0]?.reason).toBe("'https://example.com/a.png' matches no source in img-src (the directive is empty, which allows nothing).");
  });

  it('misspelt keywords match nothing', () => {
    expect(listAllows("self 'self", 'https://example.com/a.png')).toBe(false);
  });
});

describe('directive fallback', () => {
  it.each([
    ['script-src-elem', "script-src-elem 'self'; script-src 'none'; default-src 'none'", 'script-src-elem'],
    ['script-src-elem', "script-src 'self'; default-src 'none'", 'script-src'],
    ['script-src-elem', "default-src 'self'", 'default-src'],
    ['style-src-elem', "style-src 'self'; default-src 'none'", 'style-src'],
    ['style-src-elem', "default-src 'self'", 'default-src'],
    ['worker-src', "worker-src 'self'; child-src 'none'; script-src 'none'", 'worker-src'],
    ['worker-src', "child-src 'self'; script-src 'none'; default-src 'none'", 'child-src'],
    ['worker-src', "script-src 'self'; default-src 'none'", 'script-src'],
    ['worker-src', "default-src 'self'", 'default-src'],
    ['frame-src', "child-src 'self'; default-src 'none'", 'child-src'],
    ['frame-src', "script-src 'none'; default-src 'self'", 'default-src'],
    ['img-src', "script-src 'none'; default-src 'self'", 'default-src'],
    ['font-src', "default-src 'self'", 'default-src'],
    ['media-src', "default-src 'self'", 'default-src'],
    ['connect-src', "default-src 'self'", 'default-src'],
    ['manifest-src', "default-src 'self'", 'default-src'],
    ['object-src', "default-src 'self'", 'default-src'],
  ])('%s in "%s" is decided by %s', (directive, csp, expected) => {
    const decision = decide(csp, { directive, url: 'https://example.com/x' });
    expect(decision.allowed).toBe(true);
    expect(decision.decidedBy[0]?.directive).toBe(expected);
  });

  it('says which directive it fell back to in the reason', () => {
    const decision = decide("script-src 'self'", { directive: 'script-src-elem', url: 'https://evil.example/x.js' });
    expect(decision.decidedBy[0]?.reason).toBe("'https://evil.example/x.js' matches no source in script-src (fell back from script-src-elem).");
    expect(decision.blockedBy).toEqual({ policyIndex: 0, directive: 'script-src', disposition: 'enforce' });
  });

  it.each(['frame-ancestors', 'form-action', 'base-uri'])('%s does not fall back to default-src', (directive) => {
    const decision = decide("default-src 'none'", { directive, url: 'https://evil.example/' });
    expect(decision.allowed).toBe(true);
    expect(decision.decidedBy[0]).toMatchObject({ directive: undefined, allowed: true });
    expect(decision.decidedBy[0]?.reason).toBe(`No directive applies: the policy has no ${directive} directive, so it does not restrict this.`);
  });

  it('with none of the fallback list present, nothing is restricted', () => {
    const decision = decide("img-src 'none'", { directive: 'script-src-elem', url: 'https://evil.example/x.js' });
    expect(decision.allowed).toBe(true);
    expect(decision.decidedBy[0]?.directive).toBeUndefined();
    expect(decision.decidedBy[0]?.reason).toContain('none of script-src-elem, script-src, default-src');
  });

  it('accepts script-src and style-src as the -elem forms', () => {
    expect(decide("script-src-elem 'none'; script-src *", { directive: 'script-src', url: 'https://a.example/x.js' }).allowed).toBe(false);
    expect(decide("style-src-elem 'none'; style-src *", { directive: 'STYLE-SRC', url: 'https://a.example/x.css' }).allowed).toBe(false);
  });
});

describe('frame-ancestors, form-action, base-uri', () => {
  it("frame-ancestors 'none' blocks every embedder, 'self' only the same origin", () => {
    expect(allows("frame-ancestors 'none'", { directive: 'frame-ancestors', url: 'https://example.com/' })).toBe(false);
    expect(allows("frame-ancestors 'self'", { directive: 'frame-ancestors', url: 'https://example.com/parent.html' })).toBe(true);
    expect(allows("frame-ancestors 'self'", { directive: 'frame-ancestors', url: 'https://evil.example/' })).toBe(false);
  });

  it('frame-ancestors compares the embedding origin, so a path-restricted source does not match a deep page', () => {
    expect(allows('frame-ancestors https://partner.example', { directive: 'frame-ancestors', url: 'https://partner.example/embed/page' })).toBe(true);
    expect(allows('frame-ancestors https://partner.example/embed/', { directive: 'frame-ancestors', url: 'https://partner.example/embed/page' })).toBe(false);
  });

  it('form-action and base-uri match URLs', () => {
    expect(allows("form-action 'self'", { directive: 'form-action', url: '/login' })).toBe(true);
    expect(allows("form-action 'self'", { directive: 'form-action', url: 'https://evil.example/steal' })).toBe(false);
    expect(allows("base-uri 'none'", { directive: 'base-uri', url: 'https://example.com/' })).toBe(false);
  });
});

describe('scripts: nonces, integrity and strict-dynamic', () => {
  const csp = "script-src 'nonce-r4nd0m' https://cdn.example.org";

  it('a matching nonce allows an external script from anywhere', () => {
    const decision = decide(csp, { directive: 'script-src-elem', url: 'https://other.example/a.js', nonce: 'r4nd0m' });
    expect(decision.allowed).toBe(true);
    expect(decision.decidedBy[0]?.reason).toBe("Nonce 'r4nd0m' matches 'nonce-r4nd0m' in script-src (fell back from script-src-elem).");
  });

  it('nonces are compared exactly, case-sensitively', () => {
    expect(allows(csp, { directive: 'script-src-elem', url: 'https://other.example/a.js', nonce: 'R4ND0M' })).toBe(false);
    expect(allows(csp, { directive: 'script-src-elem', url: 'https://cdn.example.org/a.js', nonce: 'wrong' })).toBe(true);
  });

  it('integrity metadata matching a hash source allows an external script', () => {
    const hashed = "script-src 'sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC'";
    expect(allows(hashed, { directive: 'script-src-elem', url: 'https://any.example/a.js', hash: 'sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC' })).toBe(true);
    expect(allows(hashed, { directive: 'script-src-elem', url: 'https://any.example/a.js', hash: 'sha256-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC' })).toBe(false);
    expect(allows(hashed, { directive: 'script-src-elem', url: 'https://any.example/a.js' })).toBe(false);
  });

  const strict = "script-src 'strict-dynamic' 'nonce-r4nd0m' 'unsafe-inline' https: 'self'";

  it("'strict-dynamic' ignores host and scheme sources for parser-inserted scripts", () => {
    const decision = decide(strict, { directive: 'script-src-elem', url: 'https://example.com/app.js' });
    expect(decision.allowed).toBe(false);
    expect(decision.decidedBy[0]?.reason).toMatch(/has 'strict-dynamic', so a parser-inserted script .* needs a matching nonce or hash; host and scheme sources are ignored/);
  });

  it("'strict-dynamic' allows scripts added by script, and nonced scripts", () => {
    expect(allows(strict, { directive: 'script-src-elem', url: 'https://any.example/lib.js', parserInserted: false })).toBe(true);
    expect(allows(strict, { directive: 'script-src-elem', url: 'https://any.example/lib.js', nonce: 'r4nd0m' })).toBe(true);
  });

  it("'strict-dynamic' in script-src lets workers load (they are never parser-inserted)", () => {
    expect(allows(strict, { directive: 'worker-src', url: 'https://any.example/worker.js' })).toBe(true);
    expect(allows("script-src 'self'", { directive: 'worker-src', url: 'https://any.example/worker.js' })).toBe(false);
  });

  it('style elements honour nonces too', () => {
    expect(allows("style-src 'nonce-abc'", { directive: 'style-src-elem', url: 'https://any.example/a.css', nonce: 'abc' })).toBe(true);
    expect(allows("style-src 'nonce-abc'", { directive: 'style-src-elem', url: 'https://any.example/a.css' })).toBe(false);
  });
});

describe('inline script and style', () => {
  const HASH = 'sha256-RFWPLDbv2BY+rCkDzsE+0fr8ylGr2R2faWMhq4lfEQc=';
  const HASH_URL = 'sha256-RFWPLDbv2BY-rCkDzsE-0fr8ylGr2R2faWMhq4lfEQc=';

  it("'unsafe-inline' allows inline scripts and styles", () => {
    expect(allows("script-src 'unsafe-inline'", { directive: 'script-src-elem', inline: true })).toBe(true);
    expect(allows("default-src 'unsafe-inline'", { directive: 'style-src-elem', inline: true })).toBe(true);
  });

  it('without it, inline content is blocked, and the reason says what would allow it', () => {
    const decision = decide("script-src 'self'", { directive: 'script-src-elem', inline: true });
    expect(decision.allowed).toBe(false);
    expect(decision.decidedBy[0]?.reason).toBe(
      "An inline <script> is blocked by script-src (fell back from script-src-elem): it has no 'unsafe-inline', matching nonce or matching hash.",
    );
  });

  it("a nonce or hash in the list makes 'unsafe-inline' ignored", () => {
    const decision = decide("script-src 'unsafe-inline' 'nonce-abc'", { directive: 'script-src-elem', inline: true });
    expect(decision.allowed).toBe(false);
    expect(decision.decidedBy[0]?.reason).toContain("'unsafe-inline' is ignored because the list also has a nonce or hash");
    expect(allows(`style-src 'unsafe-inline' '${HASH}'`, { directive: 'style-src-elem', inline: true })).toBe(false);
  });

  it("'strict-dynamic' makes 'unsafe-inline' ignored for scripts, not for styles", () => {
    expect(allows("script-src 'unsafe-inline' 'strict-dynamic'", { directive: 'script-src-elem', inline: true })).toBe(false);
    expect(allows("style-src 'unsafe-inline' 'strict-dynamic'", { directive: 'style-src-elem', inline: true })).toBe(true);
    // ...unless it is in default-src, which styles fall back to: Chromium then ignores 'unsafe-inline' for them too.
    expect(allows("default-src 'unsafe-inline' 'strict-dynamic'", { directive: 'style-src-elem', inline: true })).toBe(false);
    expect(allows("default-src 'unsafe-inline' 'strict-dynamic'", { directive: 'style-src-attr', inline: true })).toBe(false);
    expect(allows("default-src 'unsafe-inline' 'strict-dynamic'; style-src 'unsafe-inline'", { directive: 'style-src-attr', inline: true })).toBe(true);
    expect(allows("script-src 'unsafe-inline' 'strict-dynamic'", { directive: 'script-src-attr', inline: true })).toBe(false);
  });

  it("'strict-dynamic' allows inline scripts that are not parser-inserted (CSP3, matching browsers)", () => {
    expect(allows("script-src 'strict-dynamic' 'nonce-abc'", { directive: 'script-src-elem', inline: true, parserInserted: false })).toBe(true);
  });

  it('a matching nonce allows an inline script or style; a wrong one does not', () => {
    expect(allows("script-src 'nonce-abc' 'unsafe-inline'", { directive: 'script-src-elem', nonce: 'abc' })).toBe(true);
    expect(allows("style-src 'nonce-abc'", { directive: 'style-src-elem', inline: true, nonce: 'abc' })).toBe(true);
    const decision = decide("script-src 'nonce-abc'", { directive: 'script-src-elem', inline: true, nonce: 'xyz' });
    expect(decision.allowed).toBe(false);
    expect(decision.decidedBy[0]?.reason).toContain("nonce 'xyz' matches no 'nonce-…' source");
  });

  it('hash sources without = padding match, in base64 and base64url (Chromium decodes them forgivingly)', () => {
    const unpadded = HASH.replace(/=+$/, '');
    const urlUnpadded = HASH_URL.replace(/=+$/, '');
    expect(allows(`script-src '${unpadded}'`, { directive: 'script-src-elem', inline: true, hash: HASH })).toBe(true);
    expect(allows(`script-src '${urlUnpadded}'`, { directive: 'script-src-elem', inline: true, hash: HASH })).toBe(true);
    expect(allows(`script-src '${HASH}'`, { directive: 'script-src-elem', inline: true, hash: unpadded })).toBe(true);
    expect(allows(`script-src '${unpadded.slice(0, -1)}'`, { directive: 'script-src-elem', inline: true, hash: HASH })).toBe(false);
  });

  it('a matching hash allows inline content; base64url and base64 are the same; quotes are accepted', () => {
    expect(allows(`script-src '${HASH}'`, { directive: 'script-src-elem', inline: true, hash: HASH })).toBe(true);
    expect(allows(`script-src '${HASH_URL}'`, { directive: 'script-src-elem', inline: true, hash: HASH })).toBe(true);
    expect(allows(`script-src '${HASH}'`, { directive: 'script-src-elem', inline: true, hash: `'${HASH_URL}'` })).toBe(true);
    expect(allows(`script-src '${HASH}'`, { directive: 'script-src-elem', inline: true, hash: 'sha256-AAAA' })).toBe(false);
    expect(allows(`script-src '${HASH.replace('sha256', 'sha512')}'`, { directive: 'script-src-elem', inline: true, hash: HASH })).toBe(false);
  });

  it("hashes cover event handlers and style attributes only with 'unsafe-hashes'", () => {
    const withoutFlag = decide(`script-src '${HASH}'`, { directive: 'script-src-attr', hash: HASH });
    expect(withoutFlag.allowed).toBe(false);
    expect(withoutFlag.decidedBy[0]?.reason).toContain("hashes only cover attributes when 'unsafe-hashes' is present too");
    expect(allows(`script-src 'unsafe-hashes' '${HASH}'`, { directive: 'script-src-attr', hash: HASH })).toBe(true);
    expect(allows(`style-src 'unsafe-hashes' '${HASH}'`, { directive: 'style-src-attr', hash: HASH })).toBe(true);
    expect(allows(`style-src '${HASH}'`, { directive: 'style-src-attr', hash: HASH })).toBe(false);
  });

  it("'unsafe-inline' allows attributes, and script-src-attr overrides script-src", () => {
    expect(allows("script-src 'unsafe-inline'", { directive: 'script-src-attr', inline: true })).toBe(true);
    expect(allows("script-src 'unsafe-inline'; script-src-attr 'none'", { directive: 'script-src-attr', inline: true })).toBe(false);
    expect(allows("style-src 'self'; style-src-attr 'unsafe-inline'", { directive: 'style-src-attr', inline: true })).toBe(true);
  });
});

describe('eval and WebAssembly', () => {
  it.each([
    ["script-src 'unsafe-eval'", true],
    ["default-src 'unsafe-eval'", true],
    ["script-src 'self'; default-src 'unsafe-eval'", false],
    ["script-src-elem 'unsafe-eval'; default-src 'self'", false],
    ["script-src 'nonce-abc' 'strict-dynamic' 'unsafe-eval'", true],
    ["script-src 'wasm-unsafe-eval'", false],
    ["img-src 'none'", true],
  ])('eval under "%s" → %s', (csp, expected) => {
    expect(allows(csp, { directive: 'script-src', eval: true })).toBe(expected);
  });

  it.each([
    ["script-src 'wasm-unsafe-eval'", true],
    ["script-src 'unsafe-eval'", true],
    ["default-src 'wasm-unsafe-eval'", true],
    ["script-src 'self'", false],
  ])('WebAssembly under "%s" → %s', (csp, expected) => {
    expect(allows(csp, { directive: 'script-src', wasmEval: true })).toBe(expected);
  });

  it('explains a blocked eval', () => {
    const decision = decide("default-src 'self'", { directive: 'script-src', eval: true });
    expect(decision.decidedBy[0]).toMatchObject({
      directive: 'default-src',
      allowed: false,
      reason: "default-src (fell back from script-src) has no 'unsafe-eval', so eval() and new Function() are blocked.",
    });
  });
});

describe('several policies', () => {
  it('a request must pass every enforced policy', () => {
    const policies = parseCsp(["script-src 'self' https://cdn.example.org", "script-src https://cdn.example.org/js/"]);
    expect(cspAllows(policies, { directive: 'script-src-elem', url: 'https://cdn.example.org/js/a.js', origin: ORIGIN }).allowed).toBe(true);
    const decision = cspAllows(policies, { directive: 'script-src-elem', url: 'https://example.com/a.js', origin: ORIGIN });
    expect(decision.allowed).toBe(false);
    expect(decision.decidedBy.map((v) => v.allowed)).toEqual([true, false]);
    expect(decision.blockedBy).toEqual({ policyIndex: 1, directive: 'script-src', disposition: 'enforce' });
  });

  it('comma-separated policies in one header are all enforced', () => {
    expect(allows("img-src *, img-src 'self'", { url: 'https://elsewhere.example/a.png' })).toBe(false);
  });

  it('report-only policies appear in decidedBy but never block', () => {
    const policies = [...parseCsp("img-src *"), ...parseCsp("img-src 'none'", { disposition: 'report' })];
    const decision = cspAllows(policies, { directive: 'img-src', url: 'https://a.example/x.png', origin: ORIGIN });
    expect(decision.allowed).toBe(true);
    expect(decision.blockedBy).toBeUndefined();
    expect(decision.decidedBy).toEqual([
      expect.objectContaining({ policyIndex: 0, disposition: 'enforce', directive: 'img-src', allowed: true }),
      expect.objectContaining({ policyIndex: 1, disposition: 'report', directive: 'img-src', allowed: false }),
    ]);
  });

  it('an empty policy (blank header) restricts nothing, and no policies allow everything', () => {
    expect(allows('', { url: 'https://a.example/x.png' })).toBe(true);
    expect(cspAllows([], { directive: 'img-src', url: 'https://a.example/x.png', origin: ORIGIN })).toEqual({ allowed: true, decidedBy: [] });
  });

  it('accepts a single Policy object', () => {
    const [policy] = parseCsp("img-src 'none'");
    expect(cspAllows(policy!, { directive: 'img-src', url: 'https://a.example/x.png', origin: ORIGIN }).allowed).toBe(false);
  });
});

describe('cspAllows: bad requests get clear errors', () => {
  const csp = "default-src 'self'";
  it.each<[string, Partial<CspRequest> & Record<string, unknown>, RegExp]>([
    ['an unknown directive', { directive: 'scirpt-src', url: 'https://a.example/' }, /unknown directive 'scirpt-src'. Pass one of: script-src-elem, .*img-src/],
    ['default-src', { directive: 'default-src', url: 'https://a.example/' }, /'default-src' is a fallback, not a kind of request/],
    ['child-src', { directive: 'child-src', url: 'https://a.example/' }, /Pass directive: 'frame-src' for an iframe or 'worker-src'/],
    ['sandbox', { directive: 'sandbox', url: 'https://a.example/' }, /'sandbox' does not allow or block requests by URL/],
    ['no directive', { directive: undefined, url: 'https://a.example/' }, /request.directive must name the request's directive.*received undefined/],
    ['a missing origin', { origin: undefined, url: 'https://a.example/' }, /request.origin is missing. Pass the protected page's origin, e.g. origin: 'https:\/\/example.com'/],
    ['an origin that is not a URL', { origin: 'example.com', url: 'https://a.example/' }, /request.origin 'example.com' is not an absolute URL/],
    ['a url that is not a URL', { url: 'cdn.example.org/a.js' }, /request.url 'cdn.example.org\/a.js' is not a URL. Pass an absolute URL/],
    ['a url that is not a string', { url: 42 as unknown as string }, /request.url must be a URL string .* received number 42/],
    ['inline and url together', { directive: 'script-src-elem', url: 'https://a.example/', inline: true }, /asks one thing at a time, received url and inline: true/],
    ['eval and url together', { directive: 'script-src', url: 'https://a.example/', eval: true }, /received url and eval: true/],
    ['eval under another directive', { directive: 'script-src-elem', eval: true }, /eval is governed by script-src .* Pass directive: 'script-src'/],
    ['a nonce on an attribute', { directive: 'script-src-attr', nonce: 'abc' }, /attributes, which cannot carry a nonce/],
    ['a nonce on an image', { directive: 'img-src', url: 'https://a.example/x.png', nonce: 'abc' }, /nonces only apply to <script> and <style>/],
    ['a quoted nonce', { directive: 'script-src-elem', inline: true, nonce: "'nonce-abc'" }, /looks like a source expression. Pass the element's nonce attribute value only/],
    ['a malformed hash', { directive: 'script-src-elem', inline: true, hash: 'md5-abc' }, /request.hash must look like 'sha256-<base64>'.*received 'md5-abc'/],
    ['a hash with an image url', { directive: 'img-src', url: 'https://a.example/x.png', hash: 'sha256-abc' }, /only applies to script-src-elem/],
    ['a url for an attribute directive', { directive: 'style-src-attr', url: 'https://a.example/x.css' }, /style-src-attr governs inline attributes, which fetch nothing/],
    ['inline for an image', { directive: 'img-src', inline: true }, /inline content is governed by script-src-elem, script-src-attr, style-src-elem or style-src-attr, received directive 'img-src'/],
    ['nothing to ask', { directive: 'img-src' }, /the request asks nothing. Pass url/],
    ['a non-boolean flag', { directive: 'script-src-elem', inline: 'yes' as unknown as boolean }, /request.inline must be true or false, received 'yes'/],
  ])('%s', (_label, request, message) => {
    expect(() => decide(csp, request)).toThrow(message);
  });

  it('rejects a request that is not an object', () => {
    expect(() => cspAllows(csp, null as unknown as CspRequest)).toThrow(/expected a request object such as \{ directive: 'script-src-elem'/);
  });

  it('rejects policies that are not what parseCsp returns', () => {
    expect(() => cspAllows([{ directives: 'x' }] as never, { directive: 'img-src', url: 'https://a/', origin: ORIGIN })).toThrow(
      /policies\[0\] is not a Policy \(received an object\). Pass what parseCsp\(\) returns/,
    );
    expect(() => cspAllows(42 as never, { directive: 'img-src', url: 'https://a/', origin: ORIGIN })).toThrow(/policies is not a Policy \(received number 42\)/);
  });
});

describe('cspAllows on any policy text', () => {
  const fragment = fc.constantFrom(
    'default-src', 'script-src', 'script-src-elem', 'script-src-attr', 'style-src', 'img-src', 'worker-src', 'child-src',
    'frame-ancestors', "'self'", "'none'", "'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'strict-dynamic'",
    "'wasm-unsafe-eval'", "'nonce-abc'", "'sha256-abc='", 'https:', 'http:', 'data:', '*', '*.example.org', 'example.org/js/',
    'http://example.org:80', ';', ',', ' ', 'ü', "'",
  );
  const policyText = fc.oneof(fc.string({ maxLength: 80 }), fc.array(fragment, { maxLength: 25 }).map((parts) => parts.join(' ')));
  const request = fc.constantFrom<Partial<CspRequest>>(
    { directive: 'script-src-elem', url: 'https://example.org/js/a.js' },
    { directive: 'script-src-elem', url: '/a.js', nonce: 'abc', parserInserted: false },
    { directive: 'script-src-elem', inline: true, hash: 'sha256-abc=' },
    { directive: 'script-src-attr', inline: true, hash: 'sha256-abc=' },
    { directive: 'style-src-elem', inline: true },
    { directive: 'worker-src', url: 'blob:https://example.com/uuid' },
    { directive: 'img-src', url: 'data:image/png,x' },
    { directive: 'frame-ancestors', url: 'https://example.com/' },
    { directive: 'script-src', eval: true },
    { directive: 'script-src', wasmEval: true },
  );

  it('never throws, judges every policy, and allows exactly when every enforced policy does', () => {
    fc.assert(
      fc.property(fc.array(policyText, { minLength: 1, maxLength: 3 }), fc.boolean(), request, (texts, reportFirst, question) => {
        const policies = texts.flatMap((text, index) => parseCsp(text, { disposition: reportFirst && index === 0 ? 'report' : 'enforce' }));
        const decision = cspAllows(policies, { origin: ORIGIN, ...question } as CspRequest);
        expect(decision.decidedBy).toHaveLength(policies.length);
        const enforcedAllow = decision.decidedBy.every((verdict) => verdict.disposition === 'report' || verdict.allowed);
        expect(decision.allowed).toBe(enforcedAllow);
        expect(decision.blockedBy === undefined).toBe(decision.allowed);
        for (const verdict of decision.decidedBy) {
          expect(verdict.reason.length).toBeGreaterThan(10);
          if (!verdict.allowed) expect(verdict.directive).toBeDefined();
        }
      }),
      { numRuns: 1500 },
    );
  });
});

describe('upgrade-insecure-requests', () => {
  const page = 'http://a.example:8081';

  it('judges an enforced policy\'s http: and ws: requests as the https: and wss: URLs fetched', () => {
    const decision = decide("img-src http://b.example:8082; upgrade-insecure-requests", { url: 'http://b.example:8082/i.png', origin: page });
    expect(decision.allowed).toBe(false);
    expect(decision.decidedBy[0]?.reason).toContain("upgrade-insecure-requests turned 'http://b.example:8082/i.png' into this URL");
    expect(allows('img-src http://b.example; upgrade-insecure-requests', { url: 'http://b.example/i.png', origin: page })).toBe(true);
    expect(allows('connect-src ws://b.example:8082; upgrade-insecure-requests', { directive: 'connect-src', url: 'ws://b.example:8082/s', origin: page })).toBe(false);
    expect(allows('connect-src wss:; upgrade-insecure-requests', { directive: 'connect-src', url: 'ws://b.example/s', origin: page })).toBe(true);
  });

  it('upgrades for every policy when one enforced policy asks, never from a report-only one', () => {
    const [first] = parseCsp("img-src http://b.example:8082");
    const [upgrading] = parseCsp('upgrade-insecure-requests');
    const [reportOnly] = parseCsp('upgrade-insecure-requests', { disposition: 'report' });
    const url = 'http://b.example:8082/i.png';
    expect(cspAllows([first!, upgrading!], { directive: 'img-src', url, origin: page }).allowed).toBe(false);
    expect(cspAllows([first!, reportOnly!], { directive: 'img-src', url, origin: page }).allowed).toBe(true);
  });

  it('leaves frame-ancestors and workers as written (Chromium judges a worker URL before the upgrade)', () => {
    expect(allows("frame-ancestors http://b.example:8082; upgrade-insecure-requests", { directive: 'frame-ancestors', url: 'http://b.example:8082/', origin: page })).toBe(true);
    expect(allows("worker-src 'self'; upgrade-insecure-requests", { directive: 'worker-src', url: 'http://a.example:8081/w.js', origin: page })).toBe(true);
  });

  it('leaves media URLs as written; fetch() is judged as written, then upgraded; a WebSocket URL is upgraded (Chromium 156, the long oracle run)', () => {
    const uir = 'upgrade-insecure-requests';
    expect(allows(`media-src http://b.example:8082; ${uir}`, { directive: 'media-src', url: 'http://b.example:8082/a.ogg', origin: page })).toBe(true);
    // fetch(): the URL as written must pass (https: does not match http:), then the upgraded one (an explicit port does not survive the upgrade).
    expect(allows(`connect-src https:; ${uir}`, { directive: 'connect-src', url: 'http://b.example:8082/api', origin: page })).toBe(false);
    expect(allows(`connect-src http://b.example:8082; ${uir}`, { directive: 'connect-src', url: 'http://b.example:8082/api', origin: page })).toBe(false);
    expect(allows(`connect-src http: https:; ${uir}`, { directive: 'connect-src', url: 'http://b.example:8082/api', origin: page })).toBe(true);
    // A policy that blocks the URL as written stops the fetch: the others are never asked about the upgraded URL.
    const two = cspAllows(parseCsp([`connect-src http://b.example:8082`, `connect-src 'self'; ${uir}`]), { directive: 'connect-src', url: 'http://b.example:8082/api', origin: page });
    expect(two.decidedBy.map((v) => v.allowed)).toEqual([true, false]);
    expect(allows(`connect-src ws://b.example:8082; ${uir}`, { directive: 'connect-src', url: 'ws://b.example:8082/s', origin: page })).toBe(false);
    // A WebSocket is upgraded before any check: a report-only policy judges the wss: URL too.
    const ws = cspAllows([...parseCsp(uir), ...parseCsp('connect-src wss:', { disposition: 'report' })], { directive: 'connect-src', url: 'ws://b.example/s', origin: page });
    expect(ws.decidedBy[1]?.allowed).toBe(true);
  });

  it('a report-only policy judges the URL as written, an enforced one the upgraded URL', () => {
    const policies = [...parseCsp(`img-src https:; ${'upgrade-insecure-requests'}`), ...parseCsp('img-src http://b.example:8082', { disposition: 'report' })];
    const decision = cspAllows(policies, { directive: 'img-src', url: 'http://b.example:8082/i.png', origin: page });
    expect(decision.decidedBy.map((v) => [v.disposition, v.allowed])).toEqual([
      ['enforce', true],
      ['report', true],
    ]);
    expect(decision.decidedBy[1]?.reason).not.toContain('upgrade-insecure-requests turned');
  });
});
