// The package's own version, bundled in at build time (esbuild inlines the one field).
import { version } from '../../package.json';

export const VERSION: string = version;
