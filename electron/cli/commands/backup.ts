/**
 * `cradle backup` and `cradle encryption`.
 */
import { formatBytes } from '../../../shared/format.ts';
import { resolve } from 'node:path';
import { CradleError } from '../../../shared/errors.ts';
import { startBackup, startPasswordChange } from '../../engine/api/backup-handlers.ts';
import type { Engine } from '../../engine/api/handlers.ts';
import { DEFAULT_FLEET_CONCURRENCY } from '../../../shared/fleet.ts';
import { BackupFleet } from '../../engine/fleet/backup-fleet.ts';
import { call } from '../call.ts';
import { followFleet } from '../fleet-output.ts';
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
        `the backup holds ${String(summary.files)} files, ${formatBytes(Number(summary.bytes))}; ` +
        `this backup received ${String(summary.receivedFiles)} files, ${formatBytes(Number(summary.receivedBytes))} in ${seconds.toFixed(1)} s\n`,
    );
  }
  return EXIT.ok;
}

/** Options of `cradle backup --all`. */
export interface BackupAllOptions {
  dir?: string;
  full: boolean;
  json: boolean;
  keepVersions?: number;
  watch: boolean;
  /** Skip a device whose last backup is newer than this (milliseconds). */
  everyMs?: number;
  concurrency?: number;
  report?: string;
}

/**
 * `cradle backup --all [--watch] [--every 12h] [--concurrency N] [--report F]`: every connected device (and,
 * with --watch, each that gets connected until Ctrl+C); untrusted devices are paired (tap Trust on each);
 * one failing never stops the others; exit 1 when a device failed.
 */
export async function backupAllCommand(engine: Engine, options: BackupAllOptions): Promise<number> {
  const folder = resolve(options.dir ?? engine.backupFolder());
  const udids = [...new Set((await engine.usbmux.listDevices()).map((device) => device.udid))];
  if (options.watch) engine.devices.start();
  else if (udids.length === 0) throw new CradleError('DEVICE_NOT_FOUND', 'No device is connected. Connect them with USB cables (a powered hub works), or add --watch to back up each one as it gets connected.');
  return followFleet(
    engine,
    'fleet:changed',
    () => {
      const fleet = new BackupFleet(engine, {
        udids,
        watch: options.watch,
        concurrency: options.concurrency ?? DEFAULT_FLEET_CONCURRENCY,
        folder: () => folder,
        startBackup: (udid) => startBackup(engine, udid, { folder, full: options.full, keepVersions: options.keepVersions }),
        minIntervalMs: () => options.everyMs,
        onChange: (status) => engine.events.emit('fleet:changed', status),
      });
      const run = fleet.run;
      return { finished: () => run.finished(), stop: () => run.stop(), report: () => run.report(), counts: () => run.counts(), dispose: () => run.dispose() };
    },
    { json: options.json, report: options.report, noun: 'backups' },
  );
}

/** "12h", "30m", "2d" as milliseconds; undefined when it is not such a duration. */
export function parseInterval(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(m|min|h|d)$/i.exec(text.trim());
  if (!match) return undefined;
  const unit = { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 }[match[2]!.toLowerCase() as 'm' | 'min' | 'h' | 'd'];
  const value = Number(match[1]) * unit;
  return value > 0 ? value : undefined;
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
