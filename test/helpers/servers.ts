import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RunningServer {
  /** `http://127.0.0.1:PORT` with no trailing slash. */
  origin: string;
  url(path?: string): string;
  close(): Promise<void>;
}

/** Serves `handler` on 127.0.0.1 with an ephemeral port; `setup` sees the server before it listens. */
export async function startServer(handler: http.RequestListener, setup?: (server: http.Server) => void): Promise<RunningServer> {
  const server = http.createServer(handler);
  setup?.(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (path = '/') => origin + path,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/**
 * Two servers on 127.0.0.1, so two origins, answering with one async
 * handler; a handler that throws answers 500 instead of leaving the request open.
 */
export async function startTwoOrigins(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>,
): Promise<{ main: RunningServer; other: RunningServer; close(): Promise<void> }> {
  const listener: http.RequestListener = (req, res) => {
    handler(req, res).catch(() => {
      res.statusCode = 500;
      res.end();
    });
  };
  const main = await startServer(listener);
  const other = await startServer(listener);
  return { main, other, close: () => Promise.all([main.close(), other.close()]).then(() => undefined) };
}

/**
 * A plain node server that answers every request with the given header
 * fields (a header repeated in the list is sent as separate fields) and a
 * small HTML body. `routes` maps a path to its own fields.
 */
export function startHeaderServer(
  fields: Array<[string, string]>,
  routes: Record<string, Array<[string, string]>> = {},
): Promise<RunningServer> {
  return startServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const chosen = routes[path] ?? fields;
    // setHeader with an array sends one field per value; group by name to keep repeats apart.
    const grouped = new Map<string, string[]>();
    for (const [name, value] of chosen) grouped.set(name, [...(grouped.get(name) ?? []), value]);
    for (const [name, values] of grouped) res.setHeader(name, values.length === 1 ? values[0]! : values);
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end('<!doctype html><title>t</title><p>ok</p>');
  });
}

/** A sound set of security headers for a test site to send. */
export const SOUND_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'permissions-policy': 'camera=()',
};
