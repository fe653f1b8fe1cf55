// The parity ORACLE: runs @mdn/mdn-http-observatory's own analyzer tests and
// grader on captured header sets, without a network. Test-only: src/ never
// imports the Observatory. Reads a JSON array of cases on stdin, writes a JSON
// array of results on stdout.
//
// A case: { fields: [[name, value]...], https: boolean, host: string,
//           html?: string, redirects?: [{url, status}], fetch?: string,
//           probe?: true }
// With `fetch` (a 127.0.0.1 URL) the headers (and, with html: true, the
// body) come from a real request made with the Observatory's own HTTP client,
// axios, instead of from `fields`. With `probe` the CORS answer is the one to
// the scanner's own OPTIONS probe, sent through its Session as
// src/retriever/retriever.js does. With `session` the page is fetched through
// the scanner's own Session (redirects followed and recorded, every hop's
// cookies kept in its tough-cookie jar), and the jar judged is that Session's,
// as in a live scan.
//
// Otherwise the CORS answer is the page's response, and its `request` is what
// axios hands back in Node: the ClientRequest, which has no `headers`
// property, so the analyzer finds no Origin on it (the probe case shows the
// scanner itself getting the same).
//
// The Requests object is filled the way the Observatory's retriever fills it
// (src/retriever/retriever.js): headers as Node's http client hands them over
// (names lower case, repeated fields joined with ", ", Set-Cookie kept as an
// array), cookies through a tough-cookie jar, meta tags only for HTML.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = path.dirname(require.resolve('@mdn/mdn-http-observatory/package.json'));
const preload = path.join(root, 'conf', 'hsts-preload.json');
// Installed with --ignore-scripts, the package lacks its downloaded preload list; an empty one means "nothing preloaded".
if (!fs.existsSync(preload)) fs.writeFileSync(preload, '{}\n');

// The SRI test builds a jsdom window for every HTML response, from "" when the case has no body (most cases):
// about 25 ms of CPU each, most of the oracle's time. It only reads the window, so one empty window serves every
// such case; a body is parsed anew each time. Set before the analyzer is imported, which takes JSDOM from this
// same module object (require's cache).
const jsdom = require(require.resolve('jsdom', { paths: [root] }));
let emptyWindow;
jsdom.JSDOM = new Proxy(jsdom.JSDOM, {
  construct(target, args) {
    if (args.length === 1 && args[0] === '') return (emptyWindow ??= Reflect.construct(target, args));
    return Reflect.construct(target, args);
  },
});

const load = (p) => import(path.join(root, p));
const { Requests } = await load('src/types.js');
const { Session } = await load('src/retriever/session.js');
const { parseHttpEquivHeaders } = await load('src/retriever/utils.js');
const { ALL_TESTS } = await load('src/constants.js');
const { getGradeForScore, getScoreModifier } = await load('src/grader/grader.js');
const { MINIMUM_SCORE_FOR_EXTRA_CREDIT } = await load('src/grader/charts.js');
const axios = await import(require.resolve('axios', { paths: [root] }));
const AxiosHeaders = axios.AxiosHeaders ?? axios.default.AxiosHeaders;

const PROBE_ORIGIN = 'https://http-observatory.security.mozilla.org';
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

function nodeStyleHeaders(fields) {
  const out = {};
  for (const [rawName, value] of fields) {
    const name = rawName.toLowerCase();
    if (name === 'set-cookie') (out[name] ??= []).push(value);
    else out[name] = name in out ? `${out[name]}, ${value}` : value;
  }
  return out;
}

/** The scanner's CORS preflight, through its own Session (retriever.js: OPTIONS with its Origin). */
async function probe(url) {
  const session = await Session.fromUrl(new URL(url), { headers: ['Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'] });
  return (await session.options({ url, headers: { 'Access-Control-Request-Method': 'GET', Origin: PROBE_ORIGIN } })) ?? null;
}

async function runCase(c) {
  const pageUrl = new URL(`${c.https ? 'https' : 'http'}://${c.host}/`);
  let headers;
  let session;
  if (c.session) {
    if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(c.fetch)) throw new Error(`only 127.0.0.1 may be fetched: ${c.fetch}`);
    session = await Session.fromUrl(new URL(c.fetch), { headers: ['Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'] });
    headers = session.response.headers;
    if (c.html === true) c.html = session.response.data;
  } else if (c.fetch) {
    if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(c.fetch)) throw new Error(`only 127.0.0.1 may be fetched: ${c.fetch}`);
    const res = await axios.default.get(c.fetch, { validateStatus: () => true, responseType: 'text', maxRedirects: 0 });
    headers = res.headers;
    if (c.html === true) c.html = res.data;
  } else {
    headers = new AxiosHeaders(nodeStyleHeaders(c.fields));
  }
  const response = {
    headers,
    request: {},
    status: 200,
    statusText: 'OK',
    verified: true,
    data: c.html ?? '',
    config: { headers: new AxiosHeaders() },
  };
  const req = new Requests(c.host);
  req.responses.auto = response;
  // The scanner probes the URL its session ended at.
  const probeUrl = session?.redirectHistory.at(-1)?.url.href ?? c.fetch;
  req.responses.cors = c.probe ? await probe(probeUrl) : response;
  req.responses.http = response;
  req.responses.https = c.https ? response : null;
  const defaultChain = c.https
    ? [{ url: `http://${c.host}/`, status: 301 }, { url: pageUrl.href, status: 200 }]
    : [{ url: pageUrl.href, status: 200 }];
  req.responses.httpRedirects = session ? session.redirectHistory : (c.redirects ?? defaultChain).map((h) => ({ url: new URL(h.url), status: h.status }));
  req.responses.httpsRedirects = req.responses.httpRedirects;
  if (session) {
    req.session = session;
  } else {
    req.session = new Session(pageUrl);
    for (const cookie of [headers.get('set-cookie') ?? []].flat()) {
      req.session.jar.setCookieSync(cookie, pageUrl.href, { ignoreError: true });
    }
  }
  req.resources.path = c.html ?? null;
  const type = headers['content-type']?.split(';')[0];
  response.httpEquiv =
    HTML_TYPES.has(type) && req.resources.path ? parseHttpEquivHeaders(req.resources.path, pageUrl.href) : new Map();

  // The scanner's sum (src/scanner/index.js), which scan() does after a live retrieval.
  let withExtra = 100;
  let uncurved = 100;
  const tests = {};
  for (const test of ALL_TESTS) {
    const out = test(req);
    const modifier = out.result ? getScoreModifier(out.result) : 0;
    if (out.result) {
      withExtra += modifier;
      if (modifier < 0) uncurved += modifier;
    }
    tests[out.constructor.name] = { result: out.result, pass: out.pass, modifier };
  }
  const { score, grade } = getGradeForScore(uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? withExtra : uncurved);
  return { score, grade, tests };
}

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;
const cases = JSON.parse(input);
const results = [];
for (const c of cases) results.push(await runCase(c));
process.stdout.write(JSON.stringify(results));
