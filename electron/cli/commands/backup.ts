/**
 * `cradle backup` and `cradle encryption`.
 */
import { formatBytes } from '../../../shared/format.ts';
import { resolve } from 'node:path';
import { CradleError } from '../../../shared/errors.ts';
import { startBackup, startPasswordChange } from '../../engine/api/backup-handlers.ts';
import type { Engine } from '../../engine/api/handlers.ts';
import { call } from '../call.ts';
import { followJob } from '../job-runner.ts';
import { EXIT, printJson } from '../output.ts';
import { readPassword, type PasswordSource } from '../password.ts';

/** `cradle backup <udid> [--dir D] [--full] [--keep-versions N] [--json]`. */
export async function backupCommand(engine: Engine, udid: string, options: { dir?: string; full: boolean; json: boolean; keepVersions?: number }): Promise<number> {
  const folder = resolve(options.dir ?? engine.backupFolder());
  const summary = await followJob(engine, options.json, async () => startBackup(engine, udid, { folder, full: options.full, keepVersions: options.keepVersions }));
  if (!options.json && summary) {
    const seconds = Number(summary.durationMs) / 1000;
    process.stdout.write(
      `Backed up ${udid} to ${String(summary.path)}\n` +
        `${summary.full ? 'Full' : 'Incremental'}, ${summary.encrypted ? 'encrypted' : 'not encrypted'}: ` +
        `${String(summary.files)} files, ${formatBytes(Number(summary.bytes))} in ${seconds.toFixed(1)} s\n`,
    );
  }
  return EXIT.ok;
}

/** `cradle encryption <udid> status|on|off|change`. */
export async function encryptionCommand(engine: Engine, udid: string, action: string, options: { json: boolean; source: PasswordSource }): Promise<number> {
  if (action === 'status') {
    const status = await call(engine, 'encryption:status', { udid });
    if (options.json) printJson(status);
    else process.stdout.write(`Local backups are ${status.encrypted ? 'encrypted' : 'not encrypted'}${status.required ? ' (a profile requires encryption)' : ''}.\n`);
    return EXIT.ok;
  }
  let change;
  if (action === 'on') change = { action, newPassword: await readPassword(options.source, 0, 'New backup password: ') } as const;
  else if (action === 'off') change = { action, oldPassword: await readPassword(options.source, 0, 'Current backup password: ') } as const;
  else if (action === 'change') {
    const oldPassword = await readPassword(options.source, 0, 'Current backup password: ');
    change = { action, oldPassword, newPassword: await readPassword(options.source, 1, 'New backup password: ') } as const;
  } else throw new CradleError('VALIDATION', 'Say status, on, off or change.');
  await followJob(engine, options.json, async () => startPasswordChange(engine, udid, change));
  if (!options.json) process.stdout.write(action === 'off' ? 'Backup encryption is off.\n' : action === 'on' ? 'Backup encryption is on.\n' : 'The backup password was changed.\n');
  return EXIT.ok;
}
