/**
 * `cradle devices`, `info`, `pair`, `unpair`, `rename`.
 */
import { formatBytes } from '../../../shared/format.ts';
import type { DeviceSummary } from '../../../shared/devices.ts';
import type { Engine } from '../../engine/api/handlers.ts';
import { describeConnectedDevices, type ConnectedDevice } from '../../engine/devices/basic-info.ts';
import { call } from '../call.ts';
import { followJob } from '../job-runner.ts';
import { EXIT, printJson } from '../output.ts';

/** `cradle devices [--json]`. */
export async function devicesCommand(engine: Engine, json: boolean): Promise<number> {
  const devices = await describeConnectedDevices(engine.usbmux);
  if (json) printJson(devices);
  else process.stdout.write(devices.length ? devices.map(formatDeviceLine).join('\n') + '\n' : 'No devices connected.\n');
  return EXIT.ok;
}

function formatDeviceLine(device: ConnectedDevice): string {
  const serial = device.serialNumber ? `, serial ${device.serialNumber}` : '';
  const what = device.name ? `${device.name} — ${device.model ?? device.productType}, iOS ${device.iosVersion}${serial}` : (device.error ?? 'unknown');
  return `${device.udid}  ${what}${device.paired ? '' : '  (not paired)'}${device.connection === 'network' ? '  (Wi-Fi)' : ''}`;
}

/** `cradle info <udid> [--json]`. */
export async function infoCommand(engine: Engine, udid: string, json: boolean): Promise<number> {
  const summary = await call(engine, 'devices:summary', { udid });
  if (json) printJson(summary);
  else process.stdout.write(formatSummary(summary));
  return EXIT.ok;
}

function formatSummary(s: DeviceSummary): string {
  const yes = (on: boolean) => (on ? 'on' : 'off');
  const rows: [string, string | undefined][] = [
    ['Name', s.name],
    ['Model', `${s.model} (${s.productType})`],
    ['iOS', `${s.iosVersion} (${s.buildVersion})`],
    ['Serial number', s.serialNumber],
    ['UDID', s.udid],
    ['Phone number', s.phoneNumber],
    ['Capacity', s.capacityBytes === undefined ? undefined : `${formatBytes(s.capacityBytes)}, ${formatBytes(s.freeBytes ?? 0)} free`],
    ['Battery', s.battery && `${s.battery.percent} %${s.battery.charging ? ', charging' : ''}`],
    ['Encrypted local backups', `${yes(s.backup.encrypted)}${s.backup.encryptionRequired ? ' (required by a profile)' : ''}`],
    ['iCloud Backup', yes(s.backup.iCloudBackup)],
    ['Find My', yes(s.findMy)],
    ['Supervised', s.supervised ? 'yes' : 'no'],
    ['Profiles', s.profiles.length ? s.profiles.map((p) => p.displayName).join(', ') : 'none'],
    ['Last local backup', s.lastBackupDate ?? 'never'],
  ];
  return rows.filter(([, value]) => value !== undefined).map(([label, value]) => `${`${label}:`.padEnd(25)}${value}`).join('\n') + '\n';
}

/** `cradle pair <udid> [--json]`: waits while the device shows its Trust prompt; Ctrl+C cancels. */
export async function pairCommand(engine: Engine, udid: string, json: boolean): Promise<number> {
  await followJob(engine, json, () => call(engine, 'devices:pair', { udid }));
  if (!json) process.stdout.write(`Paired with ${udid}.\n`);
  return EXIT.ok;
}

/** `cradle unpair <udid>`. */
export async function unpairCommand(engine: Engine, udid: string, json: boolean): Promise<number> {
  await call(engine, 'devices:unpair', { udid });
  if (json) printJson({ unpaired: udid });
  else process.stdout.write(`This computer is no longer paired with ${udid}.\n`);
  return EXIT.ok;
}

/** `cradle rename <udid> <name>`. */
export async function renameCommand(engine: Engine, udid: string, name: string, json: boolean): Promise<number> {
  await call(engine, 'devices:rename', { udid, name });
  if (json) printJson({ udid, name });
  else process.stdout.write(`Renamed ${udid} to "${name}".\n`);
  return EXIT.ok;
}
