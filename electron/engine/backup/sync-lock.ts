/**
 * The sync lock around a backup or restore: tells the device a sync starts (it shows "Syncing"),
 * takes the exclusive AFC lock on /com.apple.itunes.lock_sync, and releases it at the end.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { CradleError } from '../../../shared/errors.ts';
import { AFC_MODE, type AfcClient } from '../services/afc.ts';
import type { NotificationProxy } from '../services/notification-proxy.ts';

const LOCK_FILE = '/com.apple.itunes.lock_sync';
const ATTEMPTS = 50;
const RETRY_MS = 200;

/** Notifications the device relays during a sync. */
export const SYNC_NOTIFICATIONS = {
  cancel: 'com.apple.itunes-client.syncCancelRequest',
  suspend: 'com.apple.itunes-client.syncSuspendRequest',
  resume: 'com.apple.itunes-client.syncResumeRequest',
  passcodeShown: 'com.apple.LocalAuthentication.ui.presented',
  passcodeDismissed: 'com.apple.LocalAuthentication.ui.dismissed',
} as const;

/** Takes the sync lock; returns the function that releases it. */
export async function acquireSyncLock(np: NotificationProxy, afc: AfcClient, signal?: AbortSignal): Promise<() => Promise<void>> {
  await np.post('com.apple.itunes-mobdev.syncWillStart');
  const handle = await afc.open(LOCK_FILE, AFC_MODE.readWrite);
  await np.post('com.apple.itunes-mobdev.syncLockRequest');
  let locked = false;
  for (let attempt = 0; attempt < ATTEMPTS && !locked; attempt += 1) {
    if (signal?.aborted) break;
    locked = await afc.lock(handle, true);
    if (!locked) await sleep(RETRY_MS);
  }
  if (!locked) {
    await afc.close(handle).catch(() => undefined);
    await np.post('com.apple.itunes-mobdev.syncDidFinish').catch(() => undefined);
    if (signal?.aborted) throw new CradleError('CANCELLED', 'Cancelled.');
    throw new CradleError('BUSY', 'Another backup or restore of this device is running (in Cradle, Finder, iTunes or Apple Devices). Wait for it to finish, or close that app, and try again.');
  }
  await np.post('com.apple.itunes-mobdev.syncDidStart');
  return async () => {
    await afc.lock(handle, false).catch(() => undefined);
    await afc.close(handle).catch(() => undefined);
    await np.post('com.apple.itunes-mobdev.syncDidFinish').catch(() => undefined);
  };
}
