import { createHeaderSet } from '../../src/response/header-set';
import { detectFramework, fixText } from '../../src/rules/fix';
import { fetchHeaderSet, HTTPS_PROXY_HEADERS, startHelmetApp, startTalismanApp } from '../helpers/apps';
import { startHeaderServer } from '../helpers/servers';

const set = { action: 'set', header: 'Permissions-Policy', value: 'geolocation=(self "https://a.example")' } as const;

test('a header to set, in each framework’s words', () => {
  expect(fixText(set)).toBe('Permissions-Policy: geolocation=(self "https://a.example")');
  expect(fixText(set, 'header')).toBe('Permissions-Policy: geolocation=(self "https://a.example")');
  expect(fixText(set, 'nginx')).toBe('add_header Permissions-Policy "geolocation=(self \\"https://a.example\\")" always;');
  expect(fixText(set, 'helmet')).toBe(`res.setHeader('Permissions-Policy', 'geolocation=(self "https://a.example")')`);
  expect(fixText(set, 'flask-talisman')).toBe(`@app.after_request: response.headers['Permissions-Policy'] = 'geolocation=(self "https://a.example")'`);
  expect(fixText({ ...set, helmet: 'h', talisman: 't', nginx: 'n' }, 'helmet')).toBe('h');
  expect(fixText({ ...set, helmet: 'h', talisman: 't', nginx: 'n' }, 'flask-talisman')).toBe('t');
  expect(fixText({ ...set, helmet: 'h', talisman: 't', nginx: 'n' }, 'nginx')).toBe('n');
});

test('a header to remove, and free text', () => {
  const remove = { action: 'remove', header: 'X-Powered-By' } as const;
  expect(fixText(remove)).toBe('Do not send X-Powered-By');
  expect(fixText(remove, 'nginx')).toBe('proxy_hide_header X-Powered-By;');
  expect(fixText(remove, 'helmet')).toBe("res.removeHeader('X-Powered-By')");
  expect(fixText(remove, 'flask-talisman')).toBe("@app.after_request: response.headers.pop('X-Powered-By', None)");
  expect(fixText({ action: 'text', text: 'Do this.' }, 'nginx')).toBe('Do this.');
  expect(fixText({ action: 'set', header: 'X', value: "it's" }, 'helmet')).toBe("res.setHeader('X', 'it\\'s')");
});

test('detectFramework on real helmet and Talisman responses', async () => {
  const helmetApp = await startHelmetApp({ helmet: { xDnsPrefetchControl: false } });
  const talisman = await startTalismanApp('default');
  const bareFlask = await startTalismanApp('bare');
  try {
    // helmet's signature survives one header turned off.
    expect(detectFramework(await fetchHeaderSet(helmetApp.url()))).toBe('helmet');
    expect(detectFramework(await fetchHeaderSet(talisman.url(), { headers: HTTPS_PROXY_HEADERS }))).toBe('flask-talisman');
    expect(detectFramework(await fetchHeaderSet(bareFlask.url()))).toBe('flask-talisman');
  } finally {
    await helmetApp.close();
    await talisman.close();
    await bareFlask.close();
  }
});

test('an app-level signature wins over the proxy in front', () => {
  const headers = createHeaderSet([
    ['Server', 'nginx'],
    ['X-Powered-By', 'Express'],
  ]);
  expect(detectFramework(headers)).toBe('helmet');
});

test('a plain server with Talisman-like values is not taken for Talisman', async () => {
  const server = await startHeaderServer([
    ['Referrer-Policy', 'strict-origin-when-cross-origin'],
    ['X-Frame-Options', 'SAMEORIGIN'],
    ['Content-Security-Policy', "default-src 'self'"],
  ]);
  try {
    expect(detectFramework(await fetchHeaderSet(server.url()))).toBeUndefined();
  } finally {
    await server.close();
  }
});
