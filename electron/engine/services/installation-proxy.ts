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
const PAGE_TIMEOUT_MS = 60_000;

/** Lists user apps with the attributes a backup keeps. */
export async function listUserApps(stream: Duplex): Promise<InstalledApp[]> {
  const channel = new PlistChannel(stream, 'xml');
  try {
    await channel.send({ Command: 'Browse', ClientOptions: { ApplicationType: 'User', ReturnAttributes: RETURN_ATTRIBUTES } });
    const apps: InstalledApp[] = [];
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const reply = await channel.receiveDict(PAGE_TIMEOUT_MS);
      if (typeof reply.Error === 'string') throw new CradleError('PROTOCOL', 'The device could not list its apps.', { error: reply.Error });
      if (Array.isArray(reply.CurrentList)) {
        for (const app of reply.CurrentList) if (typeof (app as InstalledApp | undefined)?.CFBundleIdentifier === 'string') apps.push(app as InstalledApp);
      }
      if (reply.Status === 'Complete') return apps;
    }
    throw new CradleError('PROTOCOL', 'The device never finished listing its apps.');
  } finally {
    channel.close();
  }
}
