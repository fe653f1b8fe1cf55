/**
 * An Express 5 app behind helmet 8, in the variants helmet's users write:
 *
 * - `defaults`: `app.use(helmet())`, nothing else.
 * - `strict`: a nonce-based CSP with 'strict-dynamic', HSTS for two years with
 *   preload, framing denied, cross-origin isolation (COEP require-corp, COOP
 *   and CORP same-origin), Referrer-Policy no-referrer, and a Permissions-Policy
 *   from a small middleware (helmet 8 has no option for it).
 * - `relaxed`: what a hurried app ends up with: CSP switched off, HSTS a day.
 *
 * Every variant serves the same pages: `/` (four scripts: our own file, a CDN
 * file, an inline script, an inline script with the nonce), `/login` (a session
 * cookie) and `/api/status` (JSON).
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express, type RequestHandler, type Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

export type HelmetVariant = 'defaults' | 'strict' | 'relaxed';
export const CDN_SCRIPT = 'https://cdn.jsdelivr.net/npm/widget@1/widget.js';

// Jest (through SWC) runs this as CommonJS, Playwright as ESM.
const HERE = typeof __dirname === 'string' ? __dirname : path.dirname(fileURLToPath(import.meta.url));

/** A fresh nonce per response, for helmet's CSP and the page's scripts. */
const nonce: RequestHandler = (_req, res, next) => {
  res.locals.cspNonce = randomBytes(18).toString('base64');
  next();
};

const nonceSource = (_req: unknown, res: unknown) => `'nonce-${(res as Response).locals.cspNonce as string}'`;

/** helmet 8 does not set Permissions-Policy; this is the usual few lines instead. */
const permissionsPolicy: RequestHandler = (_req, res, next) => {
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
  next();
};

const HELMET_OPTIONS: Record<HelmetVariant, HelmetOptions | undefined> = {
  defaults: undefined,
  strict: {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'strict-dynamic'", nonceSource],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: [],
      },
    },
    strictTransportSecurity: { maxAge: 63072000, includeSubDomains: true, preload: true },
    crossOriginEmbedderPolicy: { policy: 'require-corp' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  },
  relaxed: {
    contentSecurityPolicy: false,
    strictTransportSecurity: { maxAge: 86400 },
  },
};

export function createApp(variant: HelmetVariant = 'defaults'): Express {
  if (!(variant in HELMET_OPTIONS)) throw new Error(`unknown variant ${JSON.stringify(variant)}; choose one of ${Object.keys(HELMET_OPTIONS).join(', ')}`);
  const app = express();
  app.use(nonce);
  app.use(helmet(HELMET_OPTIONS[variant]));
  if (variant === 'strict') app.use(permissionsPolicy);
  app.use('/static', express.static(path.join(HERE, 'public')));

  app.get('/', (_req, res) => {
    const n = res.locals.cspNonce as string;
    res.type('html').send(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>helmet example: ${variant}</title></head>
<body>
  <h1>Variant: ${variant}</h1>
  <script src="/static/app.js" nonce="${n}"></script>
  <script src="${CDN_SCRIPT}"></script>
  <script>document.documentElement.dataset.inline = 'ran';</script>
  <script nonce="${n}">document.documentElement.dataset.nonced = 'ran';</script>
</body>
</html>
`);
  });

  app.get('/login', (_req, res) => {
    res.cookie('sid', randomBytes(16).toString('hex'), { secure: true, httpOnly: true, sameSite: 'lax', path: '/' });
    // A response that sets a session cookie must not be stored by caches (OWASP, and the strict preset).
    if (variant === 'strict') res.set('Cache-Control', 'no-store, max-age=0');
    res.type('html').send('<!doctype html><title>signed in</title><p>Signed in.</p>');
  });

  app.get('/api/status', (_req, res) => {
    res.json({ status: 'ok', variant });
  });
  return app;
}

export interface RunningApp {
  variant: HelmetVariant;
  origin: string;
  url(path?: string): string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 with an ephemeral port. */
export async function startApp(variant: HelmetVariant = 'defaults'): Promise<RunningApp> {
  const server = await new Promise<import('node:http').Server>((resolve, reject) => {
    const s = createApp(variant).listen(0, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    variant,
    origin,
    url: (p = '/') => origin + p,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
