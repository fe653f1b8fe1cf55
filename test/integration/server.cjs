// A real server on 127.0.0.1 for the runner integration tests: /good sends a
// sound set of headers, /bare sends none.
const http = require('node:http');

const GOOD = {
  'content-security-policy': "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'cross-origin-opener-policy': 'same-origin',
};

async function startServer() {
  const server = http.createServer((req, res) => {
    if (req.url === '/good') for (const [name, value] of Object.entries(GOOD)) res.setHeader(name, value);
    res.setHeader('content-type', 'text/html');
    // /blocked: its own policy blocks its inline script, so a browser reports a violation.
    if (req.url === '/blocked') {
      res.setHeader('content-security-policy', "script-src 'none'");
      res.end('<p>blocked</p><script>document.title = "ran"</script>');
      return;
    }
    res.end('<p>hello</p>');
  });
  return listen(server);
}

// For the README's code blocks (readme.mjs): every path passes the strict preset and
// toHaveCsp(), the page has nothing a policy blocks, /api answers JSON.
const STRICT = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'; upgrade-insecure-requests",
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
  'x-dns-prefetch-control': 'off',
  'x-permitted-cross-domain-policies': 'none',
};

async function startReadmeServer() {
  const server = http.createServer((req, res) => {
    for (const [name, value] of Object.entries(STRICT)) res.setHeader(name, value);
    if (req.url === '/api') {
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
      return;
    }
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end('<!doctype html><title>readme</title><p>hello</p>');
  });
  return listen(server);
}

async function listen(server) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }) };
}

module.exports = { startServer, startReadmeServer, GOOD };
