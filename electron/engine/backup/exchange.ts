/**
 * Swapping two folders in one step, so that each name holds a whole folder at every instant: Linux's
 * renameat2(RENAME_EXCHANGE) and macOS's renamex_np(RENAME_SWAP), through dist/native/exchange.node
 * (native/exchange.c, built at install by scripts/build-native.mjs). Node has no such call. Where the addon
 * is missing (Windows, no compiler at install) or the file system cannot exchange (some network and FUSE
 * file systems), {@link exchangeFolders} says so and the caller renames in two steps.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

type Exchange = (a: string, b: string) => void;

/** Errors that mean "this file system or kernel cannot exchange", not "these paths are wrong". */
const CANNOT = new Set(['EINVAL', 'ENOSYS', 'ENOTSUP', 'EOPNOTSUPP']);
/** Folders above this module searched for the addon: source, bundles and the packaged app all sit below the package root. */
const LEVELS_UP = 6;

let loaded: Exchange | null | undefined;

/** The addon's exchange, or null where there is none (`CRADLE_NO_EXCHANGE=1` turns it off: the tests of the two-rename swap). */
function nativeExchange(): Exchange | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  if (process.env.CRADLE_NO_EXCHANGE === '1') return loaded;
  let folder = dirname(fileURLToPath(import.meta.url));
  for (let level = 0; level <= LEVELS_UP; level += 1, folder = dirname(folder)) {
    const addon = join(folder, 'dist', 'native', 'exchange.node');
    if (!existsSync(addon)) continue;
    try {
      loaded = (createRequire(import.meta.url)(addon) as { exchange: Exchange }).exchange;
    } catch {
      // Built for another platform or architecture: the two-rename swap.
    }
    break;
  }
  return loaded;
}

/** Whether this process can exchange folders in one step at all (the file system may still refuse). */
export function canExchangeFolders(): boolean {
  return nativeExchange() !== null;
}

/**
 * Swaps the folders at `a` and `b` (both must exist) in one step. Returns false, changing nothing, where the
 * platform or the file system cannot.
 * @throws Error with the system's `code` (ENOENT, EACCES…) for any other failure.
 */
export function exchangeFolders(a: string, b: string): boolean {
  const exchange = nativeExchange();
  if (!exchange) return false;
  try {
    exchange(a, b);
    return true;
  } catch (error) {
    const code = codeOf((error as { errno?: number }).errno);
    if (code && CANNOT.has(code)) return false;
    throw Object.assign(new Error(`${(error as Error).message}: exchanging ${a} and ${b}`), { code });
  }
}

/** The name of a system error number (ENOENT for 2 on Linux), as Node's own errors carry it. */
function codeOf(errno: number | undefined): string | undefined {
  return Object.entries(constants.errno).find(([, value]) => value === errno)?.[0];
}
