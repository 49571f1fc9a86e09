/**
 * `cradle restore` and `cradle clone`: a backup onto one device, or a golden backup onto many. The
 * pre-flight runs before anything is sent; serious consequences need --yes.
 */
import { basename, resolve } from 'node:path';
import { CradleError } from '../../../shared/errors.ts';
import { DEFAULT_FLEET_CONCURRENCY } from '../../../shared/fleet.ts';
import type { RestoreOptions, RestorePreflight } from '../../../shared/restore.ts';
import type { Engine } from '../../engine/api/handlers.ts';
import { startRestore } from '../../engine/api/restore-handlers.ts';
import { resolveBackupArgument } from '../../engine/library/backup-id.ts';
import { readManifestPlist } from '../../engine/library/open-backup.ts';
import { CloneRun } from '../../engine/fleet/clone.ts';
import { followFleet } from '../fleet-output.ts';
import { followJob } from '../job-runner.ts';
import { EXIT } from '../output.ts';
import { readPassword } from '../password.ts';
import { completeSwap } from '../../engine/backup/staging.ts';

/** Options of restore and clone. */
export interface RestoreCliOptions {
  json: boolean;
  dir?: string;
  from?: string;
  passwordStdin: boolean;
  reboot: boolean;
  system: boolean;
  settings: boolean;
  remove: boolean;
  yes: boolean;
  all: boolean;
  watch: boolean;
  concurrency?: number;
  namePattern?: string;
  report?: string;
}

async function backupAndPassword(engine: Engine, options: RestoreCliOptions): Promise<{ backupPath: string; password?: string }> {
  if (!options.from) throw new CradleError('VALIDATION', 'Say which backup with --from <backup folder or UDID>.');
  const backupPath = await completeSwap(await resolveBackupArgument(options.from, options.dir ? [resolve(options.dir)] : engine.libraryLocations()));
  const encrypted = (await readManifestPlist(backupPath)).IsEncrypted === true;
  return { backupPath, ...(encrypted ? { password: await readPassword({ fromStdin: options.passwordStdin }, 0, 'Backup password: ') } : {}) };
}

function restoreOptions(options: RestoreCliOptions): RestoreOptions {
  return { settings: options.settings, system: options.system, remove: options.remove, reboot: options.reboot };
}

/** Words for a pre-flight: each check with ✓ ⚠ ✕ and its fix, then the consequences. */
export function describePreflight(preflight: RestorePreflight): string {
  const mark = { ok: '✓', warning: '⚠', error: '✕' } as const;
  const lines = preflight.checks.map((check) => `  ${mark[check.status]} ${check.title}${check.detail ? ` (${check.detail})` : ''}${check.status !== 'ok' && check.fix ? `\n      ${check.fix}` : ''}`);
  for (const warning of preflight.warnings) lines.push(`  ${warning.serious ? '!' : '·'} ${warning.message}`);
  return `${lines.join('\n')}\n`;
}

/** `cradle restore <udid> --from <backup> [...]`. */
export async function restoreCommand(engine: Engine, udid: string, options: RestoreCliOptions): Promise<number> {
  const { backupPath, password } = await backupAndPassword(engine, options);
  let shown = false;
  const onPreflight = (preflight: RestorePreflight) => {
    shown = true;
    if (!options.json) process.stderr.write(`Checks before restoring ${backupPath} onto ${preflight.deviceName ?? udid}:\n${describePreflight(preflight)}`);
  };
  try {
    const summary = await followJob(engine, options.json, () => startRestore(engine, { udid, backupPath, options: restoreOptions(options), password, confirmed: options.yes, onPreflight }));
    if (!options.json && summary) {
      process.stdout.write(`Restored ${String(summary.files)} files onto ${udid} in ${(Number(summary.durationMs) / 1000).toFixed(1)} s.${summary.rebooted ? ' The device restarted.' : ''}\nSet up a new passcode and Face ID or Touch ID on the device.\n`);
    }
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CradleError && error.code === 'VALIDATION' && shown && !options.yes && /^Confirm first/.test(error.message)) {
      throw new CradleError('VALIDATION', `${error.message} Run again with --yes to go ahead.`);
    }
    throw error;
  }
}

/** `cradle clone --from <backup> (--all | <udid>…) [--watch] [...]`: exit 1 when a device failed. */
export async function cloneCommand(engine: Engine, udids: string[], options: RestoreCliOptions): Promise<number> {
  if (!options.all && !options.watch && udids.length === 0) throw new CradleError('VALIDATION', 'Name the devices, or use --all (every connected device) or --watch (every device that gets connected).');
  const { backupPath, password } = await backupAndPassword(engine, options);
  const targets = options.all ? (await engine.usbmux.listDevices()).map((device) => device.udid).filter((udid) => udid !== basename(backupPath)) : udids;
  if (options.watch) engine.devices.start();
  return followFleet(
    engine,
    'clone:changed',
    () => {
      const run = new CloneRun(engine, {
        backupPath,
        udids: [...new Set(targets)],
        watch: options.watch,
        concurrency: options.concurrency ?? DEFAULT_FLEET_CONCURRENCY,
        ...(options.namePattern ? { namePattern: options.namePattern } : {}),
        options: restoreOptions(options),
        password,
        confirmed: options.yes,
      });
      return { finished: () => run.finished(), stop: () => run.stop(), report: () => run.report(), counts: () => run.status().counts, dispose: () => run.dispose() };
    },
    { json: options.json, report: options.report, noun: 'clone' },
  );
}
