/**
 * com.apple.mobilebackup2, device side: DeviceLink handshake, Hello (protocol version), then one request
 * at a time (Backup, Restore, Info, List, Unback, ChangePassword, EnableCloudBackup), each answered by a
 * final `Response {ErrorCode, ErrorDescription?}`.
 */
import type { Duplex } from 'node:stream';
import { Real } from '../plist.ts';
import type { ServiceDefinition, VirtualDevice } from '../types.ts';
import { runBackup } from './backup.ts';
import { DeviceLink } from './device-link.ts';
import { MBError, MBErrorCode } from './errors.ts';
import { runChangePassword, runEnableCloudBackup, runInfo, runList, runUnback, type ReplyFields } from './requests.ts';
import { runRestore } from './restore.ts';

/** Protocol versions this device speaks, lowest first. */
const SUPPORTED_VERSIONS = [2.0, 2.1];
/** Longest wait for the host to hang up before a post-restore reboot happens anyway. */
const REBOOT_WAIT_MS = 10_000;

/** The mobilebackup2 lockdown service. */
export const mobilebackup2Service: ServiceDefinition = {
  name: 'com.apple.mobilebackup2',
  ssl: false,
  needsUnlock: true,
  handle(socket: Duplex, device: VirtualDevice): void {
    serve(socket, device).catch(() => socket.destroy());
  },
};

async function serve(socket: Duplex, device: VirtualDevice): Promise<void> {
  const link = new DeviceLink(socket);
  await link.handshake();
  for (;;) {
    const message = await link.receive();
    if (!message || message[0] === 'DLMessageDisconnect') break;
    if (message[0] !== 'DLMessageProcessMessage' || !isRecord(message[1])) continue;
    const request = message[1];
    let reboot = false;
    let reply: ReplyFields;
    try {
      const result = await dispatch(link, device, request);
      reboot = result.reboot === true;
      reply = { ErrorCode: 0, ...result.fields };
    } catch (error) {
      if (socket.destroyed) throw error;
      const mbError = error instanceof MBError ? error : new MBError(MBErrorCode.Failed, (error as Error).message);
      reply = { ErrorCode: mbError.code, ErrorDescription: mbError.message };
    }
    await link.processMessage({ MessageName: 'Response', ...reply });
    if (reboot) {
      scheduleReboot(socket, device);
      // Keep reading (the host's Disconnect), so its hang-up reaches the device and the reboot starts.
      socket.resume();
      return;
    }
  }
  socket.end();
}

async function dispatch(link: DeviceLink, device: VirtualDevice, request: Record<string, unknown>): Promise<{ fields?: ReplyFields; reboot?: boolean }> {
  switch (request.MessageName) {
    case 'Hello':
      return { fields: { ProtocolVersion: new Real(negotiate(request.SupportedProtocolVersions)) } };
    case 'Backup':
      await runBackup(link, device, request);
      return {};
    case 'Restore':
      return runRestore(link, device, request);
    case 'Info':
      return { fields: await runInfo(link, device, request) };
    case 'List':
      return { fields: await runList(link, device, request) };
    case 'Unback':
      return runUnback();
    case 'ChangePassword':
      return { fields: await runChangePassword(device, request) };
    case 'EnableCloudBackup':
      return { fields: runEnableCloudBackup(device, request) };
    default:
      throw new MBError(MBErrorCode.NotSupported, `Unknown request ${String(request.MessageName)}`);
  }
}

/** The highest version both sides support; error 1 when there is none. */
function negotiate(offered: unknown): number {
  const versions = Array.isArray(offered) ? offered.filter((v): v is number => typeof v === 'number') : [];
  const common = SUPPORTED_VERSIONS.filter((v) => versions.some((o) => Math.abs(o - v) < 1e-9));
  const best = common.at(-1);
  if (best === undefined) throw new MBError(MBErrorCode.NoCommonVersion, `No common protocol version (host offers ${versions.join(', ')})`);
  return best;
}

/** After a restore the device reboots once the host has hung up (or after a while). */
function scheduleReboot(socket: Duplex, device: VirtualDevice): void {
  let done = false;
  const reboot = (): void => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    device.reboot?.();
  };
  const timer = setTimeout(() => {
    socket.destroy();
    reboot();
  }, REBOOT_WAIT_MS);
  // The host hanging up shows as 'end' (the connection may stay half open) or 'close'.
  socket.once('end', reboot);
  socket.once('close', reboot);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value);
}
