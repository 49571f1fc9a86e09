/**
 * Installed user apps (com.apple.mobile.installation_proxy Browse), for Info.plist and the restore
 * app list.
 */
import type { Duplex } from 'node:stream';
import type { InstalledApp } from '../backup/info-plist.ts';
import { useAppiumService } from './appium-adapter.ts';
import { loadAppium, plistServiceInternals } from './appium.ts';

/** The installation proxy service name. */
export const INSTALLATION_PROXY_SERVICE = 'com.apple.mobile.installation_proxy';

/** Lists user apps with the attributes a backup keeps. */
export async function listUserApps(stream: Duplex): Promise<InstalledApp[]> {
  const { InstallationProxyService, PlistService } = await loadAppium();
  return useAppiumService(
    stream,
    (s) => new InstallationProxyService(new PlistService(s)),
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
