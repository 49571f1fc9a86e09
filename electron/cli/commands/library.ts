/**
 * `cradle backups list|archive|delete|versions`: the backups in the library's locations (or --dir), and
 * what can be done with them from a terminal.
 */
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CradleError } from '../../../shared/errors.ts';
import { formatBytes } from '../../../shared/format.ts';
import type { BackupSummary } from '../../../shared/library.ts';
import type { Engine } from '../../engine/api/handlers.ts';
import { archiveBackup } from '../../engine/library/archive.ts';
import { resolveBackupArgument } from '../../engine/library/backup-id.ts';
import { listedBackup } from '../../engine/library/listed-backup.ts';
import { describeBackup, listBackups } from '../../engine/library/scan.ts';
import { EXIT, printJson } from '../output.ts';
import { withExistingBackupFolder } from '../../engine/library/folder-lock.ts';

/** Options the library commands read. */
export interface LibraryOptions {
  dir?: string;
  json: boolean;
  /** Confirms a permanent delete. */
  yes?: boolean;
}

const SOURCE_WORDS = { cradle: 'Cradle', idevicebackup2: 'idevicebackup2', finder: 'Finder/iTunes' } as const;
const STATE_WORDS = { complete: 'complete', incomplete: 'INCOMPLETE', archived: 'archived', version: 'version' } as const;

function locations(engine: Engine, options: LibraryOptions): string[] {
  return options.dir ? [resolve(options.dir)] : engine.libraryLocations();
}

/** The backup a command argument names (a folder, or a UDID in the locations), checked to be a backup folder. */
async function namedBackup(engine: Engine, argument: string, options: LibraryOptions): Promise<BackupSummary> {
  const path = await resolveBackupArgument(argument, locations(engine, options));
  return listedBackup(path, [resolve(path, '..')]);
}

/** A date as people read it here (the system's locale and time zone); --json keeps ISO 8601. */
function localDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

function printBackups(backups: BackupSummary[]): void {
  for (const b of backups) {
    const what = [b.deviceName ?? 'Unknown device', b.model, b.iosVersion && `iOS ${b.iosVersion}`].filter(Boolean).join(', ');
    const state = b.state === 'archived' || b.state === 'version' ? `${STATE_WORDS[b.state]}${b.complete ? '' : ' INCOMPLETE'}` : STATE_WORDS[b.state];
    const flags = [state, b.encrypted ? 'encrypted' : 'not encrypted', SOURCE_WORDS[b.source]];
    process.stdout.write(`${b.udid}  ${what}  ${b.date ? localDate(b.date) : 'no date'}  ${formatBytes(b.sizeBytes)}  ${flags.join(', ')}\n    ${b.path}\n`);
    for (const problem of b.problems) process.stdout.write(`    ${problem}\n`);
  }
}

/** `cradle backups list [--dir D] [--json]`. */
export async function backupsListCommand(engine: Engine, options: LibraryOptions): Promise<number> {
  const backups = await listBackups(locations(engine, options));
  if (options.json) printJson(backups);
  else if (backups.length === 0) process.stdout.write('No backups found.\n');
  else printBackups(backups);
  return EXIT.ok;
}

/** `cradle backups versions <udid|backup> [--dir D] [--json]`: a device's backup, archives and versions, newest first. */
export async function backupsVersionsCommand(engine: Engine, argument: string, options: LibraryOptions): Promise<number> {
  const named = await describeBackup(resolve(argument));
  const udid = (named?.udid ?? argument).toLowerCase();
  const backups = (await listBackups(locations(engine, options))).filter((backup) => backup.udid.toLowerCase() === udid);
  if (backups.length === 0) throw new CradleError('BACKUP_NOT_FOUND', `No backups of ${argument} were found in ${locations(engine, options).join(', ')}.`);
  if (options.json) printJson(backups);
  else printBackups(backups);
  return EXIT.ok;
}

/** `cradle backups archive <backup> [--json]`: a dated copy next to it, as Finder makes. */
export async function backupsArchiveCommand(engine: Engine, argument: string, options: LibraryOptions): Promise<number> {
  const backup = await namedBackup(engine, argument, options);
  const archive = await describeBackup(await archiveBackup(backup.path, backup.udid));
  if (options.json) printJson(archive);
  else process.stdout.write(`Archived ${backup.path}\n      as ${archive?.path ?? '?'}\n`);
  return EXIT.ok;
}

/** `cradle backups delete <backup> --yes`: removes it for good (a terminal has no Trash), only when confirmed. */
export async function backupsDeleteCommand(engine: Engine, argument: string, options: LibraryOptions): Promise<number> {
  const backup = await namedBackup(engine, argument, options);
  if (!options.yes) {
    process.stderr.write(`This deletes ${backup.path} permanently (a terminal has no Trash). Add --yes to delete it.\n`);
    return EXIT.usage;
  }
  await withExistingBackupFolder(backup.path, 'deleting it', () => rm(backup.path, { recursive: true, force: true }));
  if (options.json) printJson({ deleted: backup.path });
  else process.stdout.write(`Deleted ${backup.path} permanently.\n`);
  return EXIT.ok;
}
