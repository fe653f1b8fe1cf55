import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import helmet from 'helmet';
import { matchers } from '../../src/matchers';
import type { CspExpectation } from '../../src/matchers/toHaveCsp';
import { failureOf } from '../helpers/failure';

expect.extend(matchers);
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      toHaveCsp(expected?: CspExpectation): R;
    }
  }
}

// A real helmet app: a nonce per response (res.locals), and a release that added a CDN and 'unsafe-eval'.
let server: Server;
let base: string;
beforeAll(async () => {
  const app = express();
  app.use((_req, res, next) => {
    res.locals.nonce = randomBytes(16).toString('base64');
    next();
  });
  const nonce = (_req: unknown, res: unknown) => `'nonce-${(res as { locals: { nonce: string } }).locals.nonce}'`;
  const strict = { defaultSrc: ["'self'"], scriptSrc: [nonce, "'strict-dynamic'"], objectSrc: ["'none'"], baseUri: ["'none'"] };
  app.use('/v1', helmet({ contentSecurityPolicy: { useDefaults: false, directives: strict } }));
  app.use('/v2', helmet({ contentSecurityPolicy: { useDefaults: false, directives: { ...strict, scriptSrc: [nonce, "'strict-dynamic'", "'unsafe-eval'"], imgSrc: ["'self'", 'https://cdn.example'] } } }));
  app.use('/v3', helmet({ contentSecurityPolicy: { useDefaults: false, directives: { ...strict, defaultSrc: ["'none'"] } } }));
  app.get(['/v1', '/v2', '/v3'], (_req, res) => res.send('<p>hi</p>'));
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const recorded = "default-src 'self'; script-src 'nonce-recorded' 'strict-dynamic'; object-src 'none'; base-uri 'none'";

test('the same policy with a fresh nonce is no weaker; a tighter one passes too', async () => {
  expect(await fetch(`${base}/v1`)).toHaveCsp({ noWeakerThan: recorded });
  expect(await fetch(`${base}/v3`)).toHaveCsp({ noWeakerThan: recorded });
});

test("a release that allows more fails with what it now allows", async () => {
  const response = await fetch(`${base}/v2`);
  const message = failureOf(() => expect(response).toHaveCsp({ noWeakerThan: recorded }));
  expect(message).toContain('weaker than recorded: img-src now also allows https://cdn.example/ through https://cdn.example; it did not');
  expect(message).toContain("weaker than recorded: script-src now also allows eval() and new Function() through 'unsafe-eval'; it did not");
  expect(message.match(/weaker than recorded/g)).toHaveLength(3); // eval, WebAssembly, the CDN
});

test('the recorded policy read from a file (one policy per line, # comments)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'esh-csp-'));
  const file = join(dir, 'home.csp');
  writeFileSync(file, `# recorded 2026-12-01\n${recorded}\n`);
  expect(await fetch(`${base}/v1`)).toHaveCsp({ noWeakerThan: file });
  expect(failureOf(() => expect("default-src 'self'; script-src *; object-src 'none'").toHaveCsp({ noWeakerThan: file }))).toContain('script-src (for script-src-elem) now also allows http://site.invalid/');
});

test('bad values are usage errors that say what to pass', () => {
  expect(() => expect("script-src 'self'").toHaveCsp({ noWeakerThan: '' })).toThrow(/noWeakerThan is an empty string/);
  expect(() => expect("script-src 'self'").toHaveCsp({ noWeakerThan: './missing/home.csp' })).toThrow(/the file ".\/missing\/home.csp" does not exist/);
  expect(() => expect("script-src 'self'").toHaveCsp({ noWeakerThan: 42 as never })).toThrow(/must be a policy string, a file holding one, or what parseCsp\(\) returns, received number 42/);
});
