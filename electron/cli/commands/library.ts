/**
 * `cradle backups list`: the backups in a backup folder.
 */
import { formatBytes } from '../../../shared/format.ts';
import { resolve } from 'node:path';
import type { Engine } from '../../engine/api/handlers.ts';
import { listBackups } from '../../engine/library/scan.ts';
import { EXIT, printJson } from '../output.ts';

/** `cradle backups list [--dir D] [--json]`. */
export async function backupsListCommand(engine: Engine, options: { dir?: string; json: boolean }): Promise<number> {
  const backups = await listBackups([resolve(options.dir ?? engine.backupFolder())]);
  if (options.json) {
    printJson(backups);
    return EXIT.ok;
  }
  if (backups.length === 0) process.stdout.write('No backups found.\n');
  for (const b of backups) {
    const what = [b.deviceName ?? 'Unknown device', b.model, b.iosVersion && `iOS ${b.iosVersion}`].filter(Boolean).join(', ');
    const flags = [b.complete ? 'complete' : 'INCOMPLETE', b.encrypted ? 'encrypted' : 'not encrypted', b.source === 'cradle' ? 'Cradle' : 'other tool'];
    process.stdout.write(`${b.udid}  ${what}  ${b.date ?? 'no date'}  ${formatBytes(b.sizeBytes)}  ${flags.join(', ')}\n`);
    for (const problem of b.problems) process.stdout.write(`    ${problem}\n`);
  }
  return EXIT.ok;
}
