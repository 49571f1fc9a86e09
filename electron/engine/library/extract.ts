/**
 * Exports files and folders of a backup into a folder the person chose, with their original names.
 * Every name comes from the backup, so every path is confined to that folder: a row naming `..`, an absolute
 * path or a link on the way is skipped and reported, never written. Existing files are never replaced.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, lstat, mkdir, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { CradleError } from '../../../shared/errors.ts';
import { PathConfinement } from '../devicelink/confine.ts';
import type { BackupContents, BackupEntry } from './backup-reader.ts';
import { nameOf, type BackupTree } from './browse.ts';

/** What to export: a file, a folder or a whole domain (relativePath ''). */
export interface ExportSelection {
  domain: string;
  relativePath: string;
}

/** Export progress, after each file. */
export interface ExportProgress {
  files: number;
  totalFiles: number;
  bytes: number;
  totalBytes: number;
}

/** What an export did. */
export interface ExportResult {
  outDir: string;
  files: number;
  bytes: number;
  /** Files written, relative to outDir. */
  written: string[];
  /** Entries not written and why (unsafe names, unreadable data). */
  skipped: { domain: string; relativePath: string; reason: string }[];
  /** Symbolic links met (a backup records their target only; nothing to write). */
  links: number;
}

/** Options of {@link exportEntries}. */
export interface ExportOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
}

/**
 * Writes the selected entries under `outDir` (created if missing), each selection as a file or folder named
 * like the original; file times are the backup's.
 */
export async function exportEntries(contents: BackupContents, tree: BackupTree, selections: ExportSelection[], outDir: string, options: ExportOptions = {}): Promise<ExportResult> {
  await mkdir(outDir, { recursive: true });
  const plan: { entry: BackupEntry; target: string }[] = [];
  for (const selection of selections) {
    const base = nameOf(selection);
    for (const entry of tree.walk(selection.domain, selection.relativePath)) {
      const rest = entry.relativePath.slice(selection.relativePath.length).replace(/^\//, '');
      plan.push({ entry, target: rest ? `${base}/${rest}` : base });
    }
  }
  const sizes = plan.map(({ entry }) => (entry.kind === 'file' ? sizeHint(contents, entry) : 0));
  const progress: ExportProgress = { files: 0, totalFiles: plan.filter(({ entry }) => entry.kind === 'file').length, bytes: 0, totalBytes: sizes.reduce((a, b) => a + b, 0) };
  const result: ExportResult = { outDir, files: 0, bytes: 0, written: [], skipped: [], links: 0 };
  const confinement = new PathConfinement(outDir);
  for (const { entry, target } of plan) {
    options.signal?.throwIfAborted();
    const skip = (reason: string) => result.skipped.push({ domain: entry.domain, relativePath: entry.relativePath, reason });
    let path: string;
    try {
      path = confinement.resolveNoFollow(target);
    } catch (error) {
      skip(error instanceof CradleError && error.code === 'PATH_ESCAPE' ? `unsafe name: ${(error.details as { why: string }).why}` : String(error));
      continue;
    }
    if (entry.kind === 'directory') {
      await mkdirConfined(confinement, path).catch((error: Error) => skip(error.message));
      continue;
    }
    if (entry.kind === 'symlink') {
      result.links += 1;
      continue;
    }
    try {
      confinement.ensureFolder(dirname(path));
      const written = await writeEntry(contents, entry, path, options.signal);
      result.files += 1;
      result.bytes += written.bytes;
      result.written.push(relative(outDir, written.path));
    } catch (error) {
      if (options.signal?.aborted) throw new CradleError('CANCELLED', 'The export was cancelled. Files already written are kept.');
      skip(error instanceof CradleError ? error.message : String(error));
    }
    progress.files += 1;
    progress.bytes = result.bytes;
    options.onProgress?.({ ...progress });
  }
  return result;
}

async function mkdirConfined(confinement: PathConfinement, path: string): Promise<void> {
  const info = await lstat(path).catch(() => undefined);
  if (info && !info.isDirectory()) throw new Error('a file of that name is already there');
  confinement.ensureFolder(path);
}

/** Streams one entry to a new file next to `path` (never replacing one), then names it. */
async function writeEntry(contents: BackupContents, entry: BackupEntry, path: string, signal?: AbortSignal): Promise<{ path: string; bytes: number }> {
  const part = partNameFor(path);
  let bytes = 0;
  try {
    const source = contents.openStream(entry);
    source.on('data', (chunk: Buffer) => (bytes += chunk.length));
    await pipeline(source, createWriteStream(part, { flags: 'wx' }), { signal });
    const final = await nameWithoutReplacing(part, path);
    const mtime = contents.details(entry).lastModified;
    if (mtime) await utimes(final, mtime, mtime);
    return { path: final, bytes };
  } catch (error) {
    await rm(part, { force: true });
    throw error;
  }
}

/**
 * The temporary name a file is written under before it gets `path`'s name: short and in the same folder, so
 * a name of the longest length the file system allows (255 bytes) still has one.
 */
function partNameFor(path: string): string {
  return join(dirname(path), `.cradle-part-${randomBytes(6).toString('hex')}`);
}

/**
 * Saves `bytes` as a new file `name` in `folder` (`name 2.ext`… when taken); the name loses any path
 * separators first. Returns the path written.
 */
export async function saveNewFile(folder: string, name: string, bytes: Buffer): Promise<string> {
  await mkdir(folder, { recursive: true });
  const path = join(folder, name.replace(/[/\\\0:]/g, '-').replace(/^\.+/, '') || 'export');
  const part = partNameFor(path);
  try {
    await writeFile(part, bytes, { flag: 'wx' });
    return await nameWithoutReplacing(part, path);
  } catch (error) {
    await rm(part, { force: true });
    throw error;
  }
}

/**
 * Gives `part` the name `name.ext`, else `name 2.ext`, `name 3.ext`… (as Finder does), each fitted to the
 * longest name a file system allows. A hard link fails atomically when the name is taken; file systems
 * without links get a checked rename.
 */
async function nameWithoutReplacing(part: string, path: string): Promise<string> {
  const folder = dirname(path);
  const name = basename(path);
  for (let n = 1; ; n += 1) {
    const candidate = join(folder, numberedName(name, n));
    try {
      await link(part, candidate);
      await rm(part);
      return candidate;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw error;
      if (await lstat(candidate).catch(() => undefined)) continue;
      await rename(part, candidate);
      return candidate;
    }
  }
}

/** The most bytes a file name may have: 255 on ext4 and APFS (UTF-8); NTFS counts 255 UTF-16 units, never fewer. */
const NAME_MAX_BYTES = 255;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * `name` numbered for its `n`-th use (`name.ext`, `name 2.ext`, …) in at most {@link NAME_MAX_BYTES}: the part
 * before the extension is shortened by whole characters when the number would not fit (an "extension" too
 * long to keep counts as part of the name).
 */
export function numberedName(name: string, n: number): string {
  const suffix = n === 1 ? '' : ` ${n}`;
  if (n === 1 && Buffer.byteLength(name) <= NAME_MAX_BYTES) return name;
  let extension = extname(name);
  if (Buffer.byteLength(extension) + suffix.length >= NAME_MAX_BYTES / 2) extension = '';
  const stem = name.slice(0, name.length - extension.length);
  const room = NAME_MAX_BYTES - suffix.length - Buffer.byteLength(extension);
  let fitted = '';
  let bytes = 0;
  for (const { segment } of graphemes.segment(stem)) {
    const size = Buffer.byteLength(segment);
    if (bytes + size > room) break;
    fitted += segment;
    bytes += size;
  }
  return `${fitted}${suffix}${extension}`;
}

function sizeHint(contents: BackupContents, entry: BackupEntry): number {
  try {
    return contents.details(entry).size;
  } catch {
    return 0;
  }
}
