/**
 * Path confinement of the device store: domains and relative paths come from backups (hostile or broken
 * hosts included), so every name is checked before it becomes a path on disk.
 */
import path from 'node:path';

/** Thrown when a domain or relative path would leave the store or is not a plain name. */
export class UnsafeStorePathError extends Error {
  override readonly name = 'UnsafeStorePathError';
}

/** Checks a domain name: one non-empty path segment without separators, NUL or dot names. */
export function checkDomain(domain: string): void {
  if (typeof domain !== 'string' || domain === '' || domain === '.' || domain === '..' || /[/\\\0]/.test(domain)) {
    throw new UnsafeStorePathError(`unsafe domain name ${JSON.stringify(domain)}`);
  }
}

/**
 * Checks a path relative to a domain: '' (the domain root) or '/'-separated non-empty segments, none of
 * them '.' or '..', no leading or trailing slash, no backslash (a separator on Windows), no NUL.
 */
export function checkRelativePath(relativePath: string): void {
  if (typeof relativePath !== 'string') throw new UnsafeStorePathError('relative path is not a string');
  if (relativePath === '') return;
  if (/[\\\0]/.test(relativePath)) {
    throw new UnsafeStorePathError(`unsafe relative path ${JSON.stringify(relativePath)}`);
  }
  for (const segment of relativePath.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw new UnsafeStorePathError(`unsafe relative path ${JSON.stringify(relativePath)}`);
    }
  }
}

/** Joins a checked domain and path under `filesRoot`, verifying the result stays inside it. */
export function confinedPath(filesRoot: string, domain: string, relativePath: string): string {
  checkDomain(domain);
  checkRelativePath(relativePath);
  const full = relativePath === '' ? path.join(filesRoot, domain) : path.join(filesRoot, domain, ...relativePath.split('/'));
  const relative = path.relative(filesRoot, full);
  // Belt and braces: the checks above already forbid every way out, this catches platform surprises.
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new UnsafeStorePathError(`path escapes the store: ${domain}/${relativePath}`);
  }
  return full;
}

/** Parent of a relative path ('' for a top-level name). */
export function parentOf(relativePath: string): string {
  const slash = relativePath.lastIndexOf('/');
  return slash < 0 ? '' : relativePath.slice(0, slash);
}
