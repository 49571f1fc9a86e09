/**
 * Installed user apps (com.apple.mobile.installation_proxy Browse), for Info.plist and the restore
 * app list.
 */
import { InstallationProxyService } from 'appium-ios-device/build/lib/installation-proxy/index.js';
import type { Duplex } from 'node:stream';
import type { InstalledApp } from '../backup/info-plist.ts';
import { useAppiumService } from './appium-adapter.ts';
import { createPlistService, plistServiceInternals } from './plist-service.ts';

/** The installation proxy service name. */
export const INSTALLATION_PROXY_SERVICE = 'com.apple.mobile.installation_proxy';

/** Lists user apps with the attributes a backup keeps. */
export function listUserApps(stream: Duplex): Promise<InstalledApp[]> {
  return useAppiumService(
    stream,
    (s) => new InstallationProxyService(createPlistService(s)),
    (service) => plistServiceInternals(service._plistService),
    async (service) => {
      const apps = await service.listApplications({
        applicationType: 'User',
        returnAttributes: ['CFBundleIdentifier', 'ApplicationSINF', 'iTunesMetadata', 'CFBundleDisplayName', 'CFBundleVersion'],
      });
      return Object.values(apps).filter((app): app is InstalledApp => typeof app?.CFBundleIdentifier === 'string');
    },
    'the installed apps',
  );
}
