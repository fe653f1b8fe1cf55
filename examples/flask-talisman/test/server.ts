import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPythonApp, type PythonApp } from '../../python-app';

export { BEHIND_TLS_PROXY, getBehindProxy } from '../../python-app';

/** The configs of app.py's create_app(config_name). */
export type TalismanConfig =
  | 'defaults'
  | 'cdn'
  | 'nonce'
  | 'report_only'
  | 'hsts_preload'
  | 'short_hsts'
  | 'insecure_session'
  | 'legacy'
  | 'strict';

export interface FlaskApp extends PythonApp {
  config: TalismanConfig;
}

// Jest (through SWC) runs this as CommonJS, Playwright as ESM (the package is "type": "module").
const HERE = typeof __dirname === 'string' ? __dirname : path.dirname(fileURLToPath(import.meta.url));
const APP = path.join(HERE, '..', 'app.py');

/** Starts `app.py <config>` on 127.0.0.1, port 0, and waits for its `PORT=n` line. */
export async function startFlaskApp(config: TalismanConfig): Promise<FlaskApp> {
  return { config, ...(await startPythonApp(APP, config, 'flask and flask_talisman')) };
}
