/**
 * The other backup floor: what the device and the protocol alone cost on this machine. A host that runs a full
 * backup of one device over the same connection Cradle uses (lockdown session, sync lock, mobilebackup2) and
 * drops every file the device uploads: nothing is written anywhere. It has no previous backup to offer, says
 * every folder is empty and every file operation succeeded.
 *
 *   node --import tsx bench/discard-host.ts <udid>     (prints "received <files> files, <bytes> bytes")
 */
import { openBackupConnection } from '../electron/engine/backup/connection.ts';
import { acquireSyncLock } from '../electron/engine/backup/sync-lock.ts';
import { MULTI_STATUS } from '../electron/engine/devicelink/file-errors.ts';
import type { DeviceLink } from '../electron/engine/devicelink/link.ts';
import { UsbmuxClient } from '../electron/engine/usbmux/client.ts';

const CODE_DATA = 0x0c;
const CODE_ERROR = 0x06;

const udid = process.argv[2];
const usbmux = new UsbmuxClient();
const device = (await usbmux.listDevices()).find((candidate) => candidate.udid === udid);
if (!device) throw new Error(`device ${udid} is not connected`);
const connection = await openBackupConnection(usbmux, device);
const release = await acquireSyncLock(connection.np, connection.afc);
const received = { files: 0, bytes: 0 };
try {
  const { link } = connection;
  await link.sendProcessMessage({ MessageName: 'Backup', TargetIdentifier: udid, Options: { ForceFullBackup: true } });
  for (let done = false; !done; ) {
    const message = await link.receive(10 * 60_000);
    switch (message[0]) {
      case 'DLMessageUploadFiles':
        await dropUploads(link);
        await link.sendStatus(0);
        break;
      case 'DLMessageDownloadFiles':
        await answerMissing(link, message[1] as string[]);
        break;
      case 'DLMessageGetFreeDiskSpace':
        await link.sendStatus(0, undefined, 1e12);
        break;
      case 'DLContentsOfDirectory':
        await link.sendStatus(0, undefined, {});
        break;
      case 'DLMessageProcessMessage': {
        const response = message[1] as { ErrorCode?: number; ErrorDescription?: string };
        if (Number(response.ErrorCode ?? 0) !== 0) throw new Error(`the device ended the backup with ${response.ErrorCode}: ${response.ErrorDescription}`);
        done = true;
        break;
      }
      case 'DLMessageDisconnect':
        throw new Error('the device ended the session');
      default:
        // Create, move, remove and copy: nothing is kept, so each simply succeeded.
        await link.sendStatus(0);
    }
  }
} finally {
  await release();
  await connection.close();
}
console.log(`received ${received.files} files, ${received.bytes} bytes`);

/** Reads one upload batch (name, backup name, frames per file; a zero length ends it) and keeps nothing. */
async function dropUploads(link: DeviceLink): Promise<void> {
  const reader = link.reader;
  const u32 = async () => (reader.tryRead(4) ?? (await reader.read(4))).readUInt32BE(0);
  const skip = async (length: number) => {
    for (let left = length; left > 0; ) left -= (reader.trySome(left) ?? (await reader.readSome(left))).length;
  };
  for (;;) {
    const nameLength = await u32();
    if (nameLength === 0) return;
    await skip(nameLength);
    await skip(await u32());
    for (;;) {
      const header = reader.tryRead(5) ?? (await reader.read(5));
      const payload = header.readUInt32BE(0) - 1;
      await skip(payload);
      if (header[4] !== CODE_DATA) break;
      received.bytes += payload;
    }
    received.files += 1;
  }
}

/** Answers a download request (the previous backup's files) with "no such file" for each. */
async function answerMissing(link: DeviceLink, paths: string[]): Promise<void> {
  const text = Buffer.from('No such file or directory');
  const parts: Buffer[] = [];
  const errors: Record<string, unknown> = {};
  for (const path of paths) {
    const name = Buffer.from(path);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(name.length, 0);
    parts.push(length, name);
    const frame = Buffer.alloc(5);
    frame.writeUInt32BE(text.length + 1, 0);
    frame[4] = CODE_ERROR;
    parts.push(frame, text);
    errors[path] = { DLFileErrorCode: 2, DLFileErrorString: text.toString() };
  }
  parts.push(Buffer.alloc(4));
  await link.write(Buffer.concat(parts));
  await link.sendStatus(paths.length > 0 ? MULTI_STATUS : 0, paths.length > 0 ? 'Multi status' : undefined, paths.length > 0 ? errors : undefined);
}
