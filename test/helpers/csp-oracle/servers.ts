/**
 * Three plain HTTP servers on loopback (ephemeral ports) that serve the
 * oracle's pages with their policies and every resource a case asks for.
 * Chromium reaches them under *.test host names (--host-resolver-rules),
 * so one server answers for every host on its port.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OracleCase, OraclePage } from './generate';

export interface OracleServers {
  ports: [number, number, number];
  /** Pages served at /page/<id>. */
  pages: Map<number, OraclePage>;
  close(): Promise<void>;
}

const GIF = Buffer.from('R0lGODlhAQABAAAAACw=', 'base64');

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** The parser-inserted cases, written into the page's HTML. */
function caseHtml(c: OracleCase): string {
  if (!c.parserInserted) return '';
  const nonce = c.nonce === undefined ? '' : ` nonce="${c.nonce}"`;
  const id = `e-${c.id}`;
  switch (c.how) {
    case 'inline-script':
      return `<script id="${id}"${nonce}>${c.content}</script>`;
    case 'script':
      // async: still parser-inserted (what 'strict-dynamic' asks), but a slow host does not hold up the page.
      return `<script id="${id}"${nonce} async src="${escapeAttribute(c.url ?? '')}"></script>`;
    case 'link':
      return `<link id="${id}"${nonce} rel="stylesheet" href="${escapeAttribute(c.url ?? '')}">`;
    case 'inline-style':
      return `<style id="${id}"${nonce}>${c.content}</style><div id="m-${c.id}"></div>`;
    case 'style-attr':
      return `<span id="${id}" style="${escapeAttribute(c.content ?? '')}"></span>`;
    case 'handler':
      return `<button id="${id}" onclick="${escapeAttribute(c.content ?? '')}"></button>`;
    default:
      return '';
  }
}

export function pageHtml(page: OraclePage): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>oracle ${page.id}</title></head><body>${page.cases.map(caseHtml).join('\n')}</body></html>`;
}

function resource(res: http.ServerResponse, kind: string, id: string): void {
  switch (kind) {
    case 'script':
    case 'worker':
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(kind === 'worker' ? 'postMessage(1)' : `window.__ran && __ran.push(${JSON.stringify(id)})`);
      return;
    case 'link':
      res.writeHead(200, { 'content-type': 'text/css' });
      res.end(`#m-${id}{width:9px}`);
      return;
    case 'iframe':
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><p>frame</p>');
      return;
    case 'fetch':
      res.writeHead(200, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' });
      res.end('ok');
      return;
    default:
      res.writeHead(200, { 'content-type': 'image/gif' });
      res.end(GIF);
  }
}

function handler(pages: Map<number, OraclePage>): http.RequestListener {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://oracle.test');
    const match = /^\/page\/(\d+)$/.exec(url.pathname);
    if (match) {
      const page = pages.get(Number(match[1]));
      if (!page) {
        res.writeHead(404);
        res.end();
        return;
      }
      const enforced = page.policies.filter((p) => p.disposition === 'enforce').map((p) => p.text);
      const reports = page.policies.filter((p) => p.disposition === 'report').map((p) => p.text);
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.setHeader('cache-control', 'no-store');
      // An array is sent as one header field per policy.
      if (enforced.length > 0) res.setHeader('content-security-policy', page.oneHeader ? enforced.join(', ') : enforced);
      if (reports.length > 0) res.setHeader('content-security-policy-report-only', reports);
      res.writeHead(200);
      res.end(pageHtml(page));
      return;
    }
    resource(res, url.searchParams.get('k') ?? '', url.searchParams.get('c') ?? '');
  };
}

export async function startOracleServers(): Promise<OracleServers> {
  const pages = new Map<number, OraclePage>();
  const servers = await Promise.all(
    [0, 1, 2].map(async () => {
      const server = http.createServer(handler(pages));
      // WebSocket handshakes are refused: a WebSocket's verdict is read from the violation report alone.
      server.on('upgrade', (_req, socket) => socket.destroy());
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return server;
    }),
  );
  const ports = servers.map((s) => (s.address() as AddressInfo).port) as [number, number, number];
  return {
    ports,
    pages,
    close: async () => {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      );
    },
  };
}
