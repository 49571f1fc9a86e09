/**
 * Installed user apps (com.apple.mobile.installation_proxy Browse), for Info.plist and the restore app
 * list. On our plist channel: appium-ios-device's client cost about half a second to load at every backup.
 * The device answers in pages (`Status: BrowsingApplications`, `CurrentList`) and ends with `Complete`.
 */
import type { Duplex } from 'node:stream';
import { CradleError } from '../../../shared/errors.ts';
import type { InstalledApp } from '../backup/info-plist.ts';
import { PlistChannel } from '../lockdown/plist-channel.ts';

/** The installation proxy service name. */
export const INSTALLATION_PROXY_SERVICE = 'com.apple.mobile.installation_proxy';

const RETURN_ATTRIBUTES = ['CFBundleIdentifier', 'ApplicationSINF', 'iTunesMetadata', 'CFBundleDisplayName', 'CFBundleVersion'];
/** A device with thousands of apps sends a few dozen pages; more means it never ends. */
const MAX_PAGES = 10_000;
/**
 * Far more apps than any device holds: a list that goes on (pages of apps, each with its SINF and metadata)
 * must end before it fills the memory, not only after MAX_PAGES pages.
 */
const MAX_APPS = 20_000;
/** Likewise for what the kept attributes weigh (SINF and iTunesMetadata are some kilobytes per app). */
const MAX_APP_BYTES = 512 * 1024 * 1024;
const PAGE_TIMEOUT_MS = 60_000;

/** Lists user apps with the attributes a backup keeps. */
export async function listUserApps(stream: Duplex): Promise<InstalledApp[]> {
  const channel = new PlistChannel(stream, 'xml');
  try {
    await channel.send({ Command: 'Browse', ClientOptions: { ApplicationType: 'User', ReturnAttributes: RETURN_ATTRIBUTES } });
    const apps: InstalledApp[] = [];
    let bytes = 0;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const reply = await channel.receiveDict(PAGE_TIMEOUT_MS);
      if (typeof reply.Error === 'string') throw new CradleError('PROTOCOL', 'The device could not list its apps.', { error: reply.Error });
      if (Array.isArray(reply.CurrentList)) {
        for (const app of reply.CurrentList) {
          if (typeof (app as InstalledApp | undefined)?.CFBundleIdentifier !== 'string') continue;
          // Only the attributes asked for are kept: anything else a device adds is not held.
          const kept = Object.fromEntries(RETURN_ATTRIBUTES.filter((key) => key in app).map((key) => [key, (app as InstalledApp)[key]])) as InstalledApp;
          apps.push(kept);
          bytes += weight(kept);
        }
        if (apps.length > MAX_APPS || bytes > MAX_APP_BYTES) throw new CradleError('PROTOCOL', 'The device listed far more apps than any device holds.', { apps: apps.length });
      }
      if (reply.Status === 'Complete') return apps;
    }
    throw new CradleError('PROTOCOL', 'The device never finished listing its apps.');
  } finally {
    channel.close();
  }
}

/** Roughly what an app's kept attributes hold in memory, in bytes. */
function weight(app: InstalledApp): number {
  let total = 0;
  for (const key of RETURN_ATTRIBUTES) {
    const value = app[key];
    if (Buffer.isBuffer(value) || typeof value === 'string') total += value.length;
  }
  return total;
}
