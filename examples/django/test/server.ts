import path from 'node:path';
import { startPythonApp, type PythonApp } from '../../python-app';

export { getBehindProxy } from '../../python-app';

/** The configs of app.py's CONFIGS. */
export type DjangoConfig = 'defaults' | 'hardened' | 'legacy';

const APP = path.join(__dirname, '..', 'app.py');

/** Starts `app.py <config>` (Django 3.2 + django-csp under wsgiref) on 127.0.0.1, port 0. */
export function startDjangoApp(config: DjangoConfig): Promise<PythonApp> {
  return startPythonApp(APP, config, 'django and django-csp (csp)');
}
