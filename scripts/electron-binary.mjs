// Finds the Electron binary, fetching it with Electron's own installer when it is missing.
// npm install does not run Electron's download (allowScripts denies it) so installs never fail offline.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The path of the Electron binary, or undefined when it is not installed. Reads Electron's path.txt
 * rather than `require('electron')`, which starts a download when the binary is missing.
 */
export function findElectronBinary() {
  try {
    const dir = dirname(require.resolve('electron/package.json'));
    const binary = join(dir, 'dist', readFileSync(join(dir, 'path.txt'), 'utf8').trim());
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

/** Runs Electron's installer once (unless downloads are switched off) and looks again. */
export function ensureElectronBinary() {
  const found = findElectronBinary();
  if (found || process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return found;
  let installer;
  try {
    installer = require.resolve('electron/install.js');
  } catch {
    return undefined;
  }
  console.log('Downloading Electron (once)…');
  spawnSync(process.execPath, [installer], { stdio: 'inherit' });
  return findElectronBinary();
}

/** What to tell a person when Electron cannot be had. */
export const ELECTRON_MISSING = `Electron's binary is not installed, so the desktop app cannot start.
  - With internet access: run "npm start" again without ELECTRON_SKIP_BINARY_DOWNLOAD, or "npx install-electron".
  - Behind a mirror or proxy: set ELECTRON_MIRROR (see Electron's installation docs) and run "npx install-electron".
Everything else works without it: "npm run dev:web" opens Cradle in your browser, and "npm run cradle -- --help"
shows the command-line tool.`;
