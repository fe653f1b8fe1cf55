/**
 * Growth of a function's time with its input, as a ratio in one process:
 * how much longer a 10x larger input takes than the smaller one. A linear
 * function gives about 10, a quadratic one about 100. Time is the process's
 * CPU time, and each measurement repeats the call until it has used a few
 * milliseconds of it, so preemption, timer resolution and one slow call (a
 * GC pause) do not decide it; each side is the fastest of a few
 * measurements. Not a speed test: only the ratio is compared, with generous
 * bounds.
 */
export function perCallMs(fn: () => unknown, minMs = 2): number {
  // CPU time of this process, not wall time: on a busy machine a long call is preempted far more often than a short one.
  const cpuMs = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  let calls = 0;
  const start = cpuMs();
  let elapsed = 0;
  do {
    fn();
    calls++;
    elapsed = cpuMs() - start;
  } while (elapsed < minMs);
  return elapsed / calls;
}

/**
 * Time per call of `large()` over time per call of `small()`, the fastest of
 * `runs` interleaved measurements each. A ratio past `bound` is measured again
 * (up to `retries` times) and the lowest kept: a super-linear function is
 * past it every time, a busy machine only now and then.
 */
export function growthRatio(small: () => unknown, large: () => unknown, bound = 30, runs = 3, retries = 2): number {
  small();
  large(); // warm both up before measuring
  let best = Infinity;
  for (let attempt = 0; attempt <= retries && best >= bound; attempt++) {
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < runs; i++) {
      a.push(perCallMs(small));
      b.push(perCallMs(large));
    }
    best = Math.min(best, Math.min(...b) / Math.min(...a));
  }
  return best;
}

/**
 * Hostile shapes of a header value of about `n` characters: long runs of
 * one character or a short unit (the shapes that make backtracking regexes
 * and repeated scans quadratic), after a realistic prefix.
 */
/** The shapes the test suite sweeps for every header; the long run (scripts/hostile-fuzz.mjs) sweeps HOSTILE_UNITS. */
export const TEST_UNITS = [' ', '1', '1.', ',', ';', '=', '"', 'a ', '"a', '( '];

export const HOSTILE_UNITS = [' ', '\t', '1', '1.', ',', ';', '=', '"', "'", '\\', '/', 'a ', 'a=', 'a,', '"a', '( ', '-', '<a '];

export function hostileValue(prefix: string, unit: string, n: number): string {
  return prefix + unit.repeat(Math.ceil(n / unit.length)) + 'x';
}

/** A realistic start for each header the rules (and the Observatory score) read, so the hostile run reaches the inner parsers. */
export const HEADERS: Record<string, string> = {
  'strict-transport-security': 'max-age=31536000; includeSubDomains; ',
  'content-security-policy': "default-src 'self'; script-src ",
  'content-security-policy-report-only': "script-src 'self' ",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'ALLOW-FROM ',
  'referrer-policy': 'no-referrer, ',
  'permissions-policy': 'camera=(self "https://a"), geolocation=(',
  'feature-policy': "geolocation 'self' ",
  'cross-origin-opener-policy': 'same-origin; report-to=',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-',
  'set-cookie': 'a=b; Path=/; Domain=',
  'access-control-allow-origin': 'https://',
  'access-control-allow-credentials': 'true',
  server: 'nginx/',
  'x-powered-by': 'PHP/',
  'x-xss-protection': '1; mode=',
  'x-aspnet-version': '4.',
  'content-type': 'text/html; charset=',
  vary: 'Origin, ',
};

/** Sitemap shapes (label, repeated unit) that make a naive XML scan quadratic. */
export const SITEMAP_UNITS: ReadonlyArray<readonly [string, string]> = [
  ['unterminated <url>', '<url>'],
  ['unterminated <url with attributes', '<url a="1" '],
  ['unterminated <!--', '<!--'],
  ['unterminated <loc> in one url', '<url><loc>'],
  ['<url><loc> without close tags', '<url><loc>http://h/'],
  ['many closed entries', '<url><loc>http://h/a</loc></url>'],
];

/** HTML shapes (label, repeated unit) that make a naive link scanner quadratic. */
export const LINK_UNITS: ReadonlyArray<readonly [string, string]> = [
  ['unterminated <a ', '<a '],
  ['unterminated <form ', '<form '],
  ['unterminated quoted href', '<a href="'],
  ['unterminated <script', '<script '],
  ['<script> without its end tag', '<script>x'],
  ['unterminated <!--', '<!--'],
  ['dashes inside a comment', '<!-- ---'],
  ['many links', '<a href="/a">a</a>'],
  ['many attributes', '<a x=1 y="2" '],
  ['entities', '<a href="&amp;&lt&#x41;'],
  ['end tags with attributes', '</a x=">" '],
];
