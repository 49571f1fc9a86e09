/**
 * `cradle backups verify`, `cradle browse` and `cradle extract`: a backup's contents from a terminal.
 * `<backup>` is a backup folder or the UDID of a device backed up in the library's locations.
 */
import { resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { formatBytes } from '../../../shared/format.ts';
import { CradleError } from '../../../shared/errors.ts';
import type { Engine } from '../../engine/api/handlers.ts';
import type { ClassKeys } from '../../engine/crypto/unlock.ts';
import type { BackupContents } from '../../engine/library/backup-reader.ts';
import { resolveBackupArgument } from '../../engine/library/backup-id.ts';
import { BackupTree } from '../../engine/library/browse.ts';
import { exportEntries } from '../../engine/library/extract.ts';
import { openBackup, readManifestPlist } from '../../engine/library/open-backup.ts';
import { unlockManifest } from '../../engine/library/opened-backups.ts';
import { verifyBackup } from '../../engine/library/verify.ts';
import { readOverview } from '../../engine/library/categories/index.ts';
import { EXIT, printJson } from '../output.ts';
import { readPassword } from '../password.ts';

/** Options these commands read. */
export interface BrowseOptions {
  json: boolean;
  dir?: string;
  out?: string;
  passwordStdin: boolean;
}

interface OpenedForCli {
  path: string;
  contents: BackupContents;
  tree: BackupTree;
  classKeys?: ClassKeys;
}

async function locate(engine: Engine, argument: string, options: BrowseOptions): Promise<string> {
  return resolveBackupArgument(argument, options.dir ? [resolve(options.dir)] : engine.libraryLocations());
}

async function unlockIfEncrypted(path: string, options: BrowseOptions): Promise<ClassKeys | undefined> {
  const manifest = await readManifestPlist(path);
  if (manifest.IsEncrypted !== true) return undefined;
  const password = await readPassword({ fromStdin: options.passwordStdin }, 0, 'Backup password: ');
  return unlockManifest(manifest, password);
}

async function openForCli(engine: Engine, argument: string, options: BrowseOptions): Promise<OpenedForCli> {
  const path = await locate(engine, argument, options);
  const classKeys = await unlockIfEncrypted(path, options);
  const contents = await openBackup(path, { classKeys });
  return { path, contents, tree: new BackupTree(contents), ...(classKeys ? { classKeys } : {}) };
}

/** `cradle backups verify <backup>`: exit 1 when something is wrong. */
export async function backupsVerifyCommand(engine: Engine, argument: string, options: BrowseOptions): Promise<number> {
  const path = await locate(engine, argument, options);
  const manifest = await readManifestPlist(path).catch(() => undefined);
  const classKeys = manifest?.IsEncrypted === true ? await unlockIfEncrypted(path, options) : undefined;
  const report = await verifyBackup(path, {
    classKeys,
    onProgress: (done, total) => {
      if (!options.json && process.stderr.isTTY) process.stderr.write(`\rChecking ${done}/${total} files…`);
    },
  });
  if (!options.json && process.stderr.isTTY) process.stderr.write('\n');
  if (options.json) printJson(report);
  else {
    process.stdout.write(`${report.path}: ${report.files} files, ${formatBytes(report.bytes)} checked; ${report.errors} error(s), ${report.warnings} warning(s).\n`);
    for (const issue of report.issues) {
      const where = issue.domain ? `${issue.domain}/${issue.relativePath}: ` : '';
      process.stdout.write(`  ${issue.severity === 'error' ? 'ERROR' : 'warning'}  ${where}${issue.message}\n`);
    }
    if (report.issuesNotListed > 0) process.stdout.write(`  … and ${report.issuesNotListed} more problem(s), not listed.\n`);
  }
  return report.errors > 0 ? EXIT.failed : EXIT.ok;
}

/** `cradle browse <backup> summary`, `ls [domain[/path]]` and `cat <domain> <path>`. */
export async function browseCommand(engine: Engine, [argument, action, ...rest]: string[], options: BrowseOptions): Promise<number> {
  if (action !== 'ls' && action !== 'cat' && action !== 'summary') {
    process.stderr.write('Usage: cradle browse <backup> summary | ls [domain[/path]] | cat <domain> <path>\n');
    return EXIT.usage;
  }
  if (action === 'cat' && rest.length !== 2) {
    process.stderr.write('Usage: cradle browse <backup> cat <domain> <path>\n');
    return EXIT.usage;
  }
  const opened = await openForCli(engine, argument!, options);
  try {
    if (action === 'summary') return await summary(opened, options);
    return action === 'ls' ? list(opened, rest[0], options) : await cat(opened, rest[0]!, rest[1]!);
  } finally {
    opened.contents.close();
  }
}

async function summary({ path, contents, classKeys }: OpenedForCli, options: BrowseOptions): Promise<number> {
  const overview = await readOverview(contents, classKeys);
  const lockdown = (contents.manifestPlist.Lockdown ?? {}) as Record<string, unknown>;
  // Files as every command counts them (those of the manifest), folders beside them.
  const files = contents.entries().filter((entry) => entry.kind === 'file').length;
  const folders = contents.entries().filter((entry) => entry.kind === 'directory').length;
  if (options.json) {
    printJson({ path, deviceName: lockdown.DeviceName, iosVersion: lockdown.ProductVersion, format: contents.format, files, folders, ...overview });
    return EXIT.ok;
  }
  process.stdout.write(`${String(lockdown.DeviceName ?? 'Unknown device')}, iOS ${String(lockdown.ProductVersion ?? '?')}, ${contents.encrypted ? 'encrypted' : 'not encrypted'}, ${files} files in ${folders} folders\n`);
  for (const category of overview.categories) {
    // A category without its count says why once: the problem in words, else what its state means.
    const note = category.status === 'ok' ? category.countText : (category.problem ?? STATUS_WORDS[category.status]);
    process.stdout.write(`  ${category.title.padEnd(22)} ${note}\n`);
  }
  return EXIT.ok;
}

const STATUS_WORDS = {
  ok: '',
  'needs-encryption': 'only in encrypted backups',
  locked: 'needs the password',
  missing: 'not in this backup',
  unreadable: 'cannot be read',
} as const;

function list({ tree }: OpenedForCli, where: string | undefined, options: BrowseOptions): number {
  if (!where) {
    const domains = tree.domains();
    if (options.json) printJson(domains);
    else for (const { domain, entries } of domains) process.stdout.write(`${domain}  ${entries} ${entries === 1 ? 'item' : 'items'}\n`);
    return EXIT.ok;
  }
  const slash = where.indexOf('/');
  const domain = slash < 0 ? where : where.slice(0, slash);
  const path = slash < 0 ? '' : where.slice(slash + 1).replace(/\/+$/, '');
  const page = tree.list(domain, path, 0, Number.MAX_SAFE_INTEGER);
  if (page.total === 0 && !tree.domains().some((item) => item.domain === domain)) throw new CradleError('BACKUP_NOT_FOUND', `The backup has no domain ${domain}. Run "cradle browse <backup> ls" for the list.`);
  if (options.json) printJson(page.items);
  else
    for (const item of page.items) {
      const size = item.kind === 'directory' ? `${item.children ?? 0} items` : item.kind === 'symlink' ? 'link' : formatBytes(item.size ?? 0);
      process.stdout.write(`${item.kind === 'directory' ? 'd' : item.kind === 'symlink' ? 'l' : '-'}  ${size.padStart(10)}  ${item.name}${item.kind === 'directory' ? '/' : ''}\n`);
    }
  return EXIT.ok;
}

async function cat({ contents }: OpenedForCli, domain: string, path: string): Promise<number> {
  const entry = contents.find(domain, path);
  if (!entry) throw new CradleError('BACKUP_NOT_FOUND', `The backup has no ${domain}/${path}.`);
  await pipeline(contents.openStream(entry), process.stdout, { end: false });
  return EXIT.ok;
}

/** `cradle extract <backup> <domain> [<path>] --out <dir>`: exit 1 when some entries could not be written. */
export async function extractCommand(engine: Engine, [argument, domain, path]: string[], options: BrowseOptions): Promise<number> {
  if (!options.out) {
    process.stderr.write('Usage: cradle extract <backup> <domain> [<path>] --out <dir>\n');
    return EXIT.usage;
  }
  const opened = await openForCli(engine, argument!, options);
  try {
    const relativePath = (path ?? '').replace(/\/+$/, '');
    if (!opened.contents.find(domain!, relativePath) && opened.tree.list(domain!, relativePath, 0, 1).total === 0) {
      throw new CradleError('BACKUP_NOT_FOUND', `The backup has no ${relativePath ? `${domain}/${relativePath}` : `domain ${domain}`}.`);
    }
    const result = await exportEntries(opened.contents, opened.tree, [{ domain: domain!, relativePath }], resolve(options.out), {
      onProgress: (p) => {
        if (options.json) process.stdout.write(`${JSON.stringify({ progress: p })}\n`);
        else if (process.stderr.isTTY) process.stderr.write(`\r${p.files}/${p.totalFiles} files, ${formatBytes(p.bytes)}`);
      },
    });
    if (!options.json && process.stderr.isTTY) process.stderr.write('\n');
    const summary = { outDir: result.outDir, files: result.files, bytes: result.bytes, skipped: result.skipped };
    if (options.json) process.stdout.write(`${JSON.stringify({ done: summary })}\n`);
    else {
      process.stdout.write(`Exported ${result.files} file(s), ${formatBytes(result.bytes)}, to ${result.outDir}.\n`);
      for (const skip of result.skipped) process.stdout.write(`  skipped ${skip.domain}/${skip.relativePath}: ${skip.reason}\n`);
    }
    return result.skipped.length > 0 ? EXIT.failed : EXIT.ok;
  } finally {
    opened.contents.close();
  }
}
