/**
 * Opens what a backup, restore or password change needs: the device's values, notification proxy, AFC,
 * optionally the app list, and mobilebackup2 (started with the escrow bag) after the DeviceLink
 * handshake and Hello. The lockdown session ends once the services run, as Finder's does.
 */
import { CradleError } from '../../../shared/errors.ts';
import { DeviceLink } from '../devicelink/link.ts';
import { connectService, startLockdownSession } from '../lockdown/session.ts';
import { PlistReal } from '../plist/codec.ts';
import { AFC_SERVICE, AfcClient } from '../services/afc.ts';
import { INSTALLATION_PROXY_SERVICE, listUserApps } from '../services/installation-proxy.ts';
import { NOTIFICATION_PROXY_SERVICE, NotificationProxy } from '../services/notification-proxy.ts';
import type { UsbmuxClient, UsbmuxDevice } from '../usbmux/client.ts';
import type { JobContext } from '../jobs/job-manager.ts';
import type { InstalledApp } from './info-plist.ts';
import { SYNC_NOTIFICATIONS } from './sync-lock.ts';

/** The mobilebackup2 service name. */
export const MOBILEBACKUP2_SERVICE = 'com.apple.mobilebackup2';

/** An open mobilebackup2 connection with its helpers. */
export interface BackupConnection {
  link: DeviceLink;
  np: NotificationProxy;
  afc: AfcClient;
  /** Every lockdown value of the default domain. */
  values: Record<string, unknown>;
  /** com.apple.mobile.backup: WillEncrypt, RequiresEncrypt, CloudBackupEnabled. */
  backupValues: Record<string, unknown>;
  apps: InstalledApp[];
  close(): Promise<void>;
}

/**
 * Opens the connection; `check` runs on the values before mobilebackup2 starts (fail early, e.g. encryption).
 * `signal` (the job's cancel) closes every connection opened here, so a silent device cannot hold Cancel.
 */
export async function openBackupConnection(
  usbmux: UsbmuxClient,
  device: UsbmuxDevice,
  options: { withApps?: boolean; check?: (values: Record<string, unknown>, backupValues: Record<string, unknown>) => void; signal?: AbortSignal } = {},
): Promise<BackupConnection> {
  const { signal } = options;
  const session = await startLockdownSession(usbmux, device, signal);
  const opened: { close(): unknown }[] = [];
  try {
    const values = ((await session.lockdown.getValue()) ?? {}) as Record<string, unknown>;
    const backupValues = ((await session.lockdown.getValue('com.apple.mobile.backup')) ?? {}) as Record<string, unknown>;
    options.check?.(values, backupValues);
    const np = new NotificationProxy(await connectService(usbmux, session, NOTIFICATION_PROXY_SERVICE, { signal }));
    opened.push(np);
    const afc = await AfcClient.open(await connectService(usbmux, session, AFC_SERVICE, { signal }));
    opened.push({ close: () => afc.dispose() });
    const apps = options.withApps ? await listUserApps(await connectService(usbmux, session, INSTALLATION_PROXY_SERVICE, { signal })) : [];
    const link = new DeviceLink(await connectService(usbmux, session, MOBILEBACKUP2_SERVICE, { escrowBag: true, signal }));
    opened.push(link);
    await session.lockdown.close();
    await link.handshake();
    await hello(link);
    return {
      link,
      np,
      afc,
      values,
      backupValues,
      apps,
      close: async () => {
        await link.disconnect();
        link.close();
        await np.close();
        afc.dispose();
      },
    };
  } catch (error) {
    await session.lockdown.close();
    for (const item of opened) await item.close();
    throw error;
  }
}

/** What a job learns from the device while it syncs. */
export interface SyncWatch {
  /** The person cancelled on the device. */
  cancelledOnDevice(): boolean;
  /** Stops tying the connection to the job's cancel. */
  stop(): void;
}

/**
 * Ties a backup or restore connection to its job: Cancel closes the connection, a cancel on the device
 * closes it too, and the passcode prompt shows as a job state (then `phase` again once dismissed).
 */
export async function watchSync(connection: BackupConnection, job: JobContext, words: { passcode: string; phase: string }): Promise<SyncWatch> {
  const abort = () => void connection.close();
  job.signal.addEventListener('abort', abort, { once: true });
  let cancelled = false;
  connection.np.onNotification((name) => {
    if (name === SYNC_NOTIFICATIONS.cancel) {
      cancelled = true;
      void connection.close();
    }
    if (name === SYNC_NOTIFICATIONS.passcodeShown) job.prompt('passcode', words.passcode);
    if (name === SYNC_NOTIFICATIONS.passcodeDismissed) job.phase(words.phase);
  });
  for (const name of Object.values(SYNC_NOTIFICATIONS)) await connection.np.observe(name);
  return { cancelledOnDevice: () => cancelled, stop: () => job.signal.removeEventListener('abort', abort) };
}

async function hello(link: DeviceLink): Promise<void> {
  await link.sendProcessMessage({ MessageName: 'Hello', SupportedProtocolVersions: [new PlistReal(2.0), new PlistReal(2.1)] });
  const reply = await link.receive(30_000);
  const response = (reply[1] ?? {}) as Record<string, unknown>;
  if (reply[0] !== 'DLMessageProcessMessage' || response.MessageName !== 'Response') {
    throw new CradleError('PROTOCOL', 'The device did not answer the backup greeting.');
  }
  if (Number(response.ErrorCode ?? 0) !== 0) {
    throw new CradleError('IOS_TOO_OLD', 'The device speaks no backup protocol version Cradle knows.', { errorCode: response.ErrorCode });
  }
}
