/**
 * Cradle's version, from package.json (bundled into the app, read directly by the CLI).
 */
import packageJson from '../../package.json' with { type: 'json' };

/** The version of this Cradle. */
export const CRADLE_VERSION: string = packageJson.version;

/** The product name. */
export const CRADLE_NAME: string = packageJson.productName;
