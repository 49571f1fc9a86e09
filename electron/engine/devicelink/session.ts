/**
 * Answers a device's DeviceLink commands until its final Response: the loop mobilebackup2 Backup and
 * Restore both run. File paths are confined; progress is reported in bytes and files.
 */
import { CradleError } from '../../../shared/errors.ts';
import type { PathConfinement } from './confine.ts';
import { sendDownloads } from './download.ts';
import { dlErrorCode, MULTI_STATUS } from './file-errors.ts';
import type { DeviceLink } from './link.ts';
import type { SmallFiles } from './small-files.ts';
import { contentsOfDirectory, copyItem, createDirectory, freeSpace, moveItems, removeItems } from './operations.ts';
import { diskError, receiveUploads } from './upload.ts';

/** What the loop reports while it runs. */
export interface LinkProgress {
  /** Bytes moved in either direction. */
  onBytes(bytes: number): void;
  onFile(path: string): void;
  /** An upload batch starts: its size, and the device's overall percentage once it is done (jumpy). */
  onUploadBatch(bytes: number, percentAfter: number): void;
}

/** The device's final answer. */
export interface FinalResponse {
  errorCode: number;
  errorDescription?: string;
  content?: unknown;
}

/** Options of the loop. */
export interface LinkSessionOptions {
  confine: PathConfinement;
  /** The folder whose free space the device asks about. */
  spaceFolder: string;
  progress: LinkProgress;
  signal?: AbortSignal;
  /** Restores: the backup is only read; a command that would change it ends the session (nothing changes). */
  readOnly?: boolean;
  /**
   * A device that says nothing for this long is treated as gone. Between commands it may wait for the
   * passcode, so the default is long (10 minutes); inside a file stream it is 2 minutes.
   */
  idleTimeoutMs?: number;
  /** The backup's small files held for every device it goes to (a clone). */
  smallFiles?: SmallFiles;
}

/** Runs the command loop and returns the device's final Response. */
export async function runLinkSession(link: DeviceLink, options: LinkSessionOptions): Promise<FinalResponse> {
  const { confine, progress, signal } = options;
  for (;;) {
    if (signal?.aborted) throw new CradleError('CANCELLED', 'Cancelled.');
    const message = await link.receive(options.idleTimeoutMs ?? 10 * 60_000);
    const [name] = message as [string, ...unknown[]];
    if (options.readOnly && WRITING_COMMANDS.has(name)) {
      throw new CradleError('PROTOCOL', 'The device tried to change the backup during a restore, so Cradle stopped. The backup is untouched.', { name });
    }
    switch (name) {
      case 'DLMessageDownloadFiles': {
        const errors = await sendDownloads(link, confine, message[1], progress, signal, options.idleTimeoutMs, options.smallFiles);
        if (Object.keys(errors).length) await link.sendStatus(MULTI_STATUS, 'Multi status', errors);
        else await link.sendStatus(0);
        break;
      }
      case 'DLMessageUploadFiles': {
        const batch = Number(message[3]);
        const percentAfter = Number(message[2]);
        if (Number.isFinite(batch) && Number.isFinite(percentAfter)) progress.onUploadBatch(batch, percentAfter);
        const result = await receiveUploads(link, confine, { onBytes: progress.onBytes, onFile: progress.onFile }, signal, options.idleTimeoutMs);
        if (Object.keys(result.errors).length) await link.sendStatus(MULTI_STATUS, 'Multi status', result.errors);
        else await link.sendStatus(0);
        break;
      }
      case 'DLMessageGetFreeDiskSpace':
        await link.sendStatus(0, undefined, await freeSpace(options.spaceFolder));
        break;
      case 'DLMessagePurgeDiskSpace':
        // Cradle never deletes other data to make room: say so honestly.
        await link.sendStatus(-1, 'The computer cannot free space for this backup.');
        break;
      case 'DLContentsOfDirectory':
        await answer(link, () => contentsOfDirectory(confine, message[1]));
        break;
      case 'DLMessageCreateDirectory':
        await answer(link, () => createDirectory(confine, message[1]));
        break;
      case 'DLMessageMoveFiles':
      case 'DLMessageMoveItems':
        await answer(link, () => moveItems(confine, message[1]));
        break;
      case 'DLMessageRemoveFiles':
      case 'DLMessageRemoveItems':
        await answer(link, () => removeItems(confine, message[1]));
        break;
      case 'DLMessageCopyItem':
        await answer(link, () => copyItem(confine, message[1], message[2]));
        break;
      case 'DLMessageProcessMessage': {
        const response = (message[1] ?? {}) as Record<string, unknown>;
        if (response.MessageName !== 'Response') throw new CradleError('PROTOCOL', 'The device sent an unexpected message.', { name: response.MessageName });
        return {
          errorCode: Number(response.ErrorCode ?? 0),
          errorDescription: typeof response.ErrorDescription === 'string' ? response.ErrorDescription : undefined,
          content: response.Content,
        };
      }
      case 'DLMessageDisconnect':
        throw new CradleError('DEVICE_DISCONNECTED', 'The device ended the session before it finished.');
      default:
        throw new CradleError('PROTOCOL', 'The device sent a DeviceLink command Cradle does not know.', { name });
    }
  }
}

/** Commands that change the backup folder. */
const WRITING_COMMANDS = new Set([
  'DLMessageUploadFiles',
  'DLMessageCreateDirectory',
  'DLMessageMoveFiles',
  'DLMessageMoveItems',
  'DLMessageRemoveFiles',
  'DLMessageRemoveItems',
  'DLMessageCopyItem',
]);

/** Runs a file operation and answers with its status; PATH_ESCAPE and full disks end the session. */
async function answer(link: DeviceLink, operation: () => Promise<unknown>): Promise<void> {
  let payload: unknown;
  try {
    payload = await operation();
  } catch (error) {
    const fatal = diskError(error);
    if (fatal instanceof CradleError) throw fatal;
    await link.sendStatus(dlErrorCode(error), (error as Error).message);
    return;
  }
  await link.sendStatus(0, undefined, payload);
}
