/**
 * appium-ios-device's MCInstall client (configuration profiles, for the device summary), loaded on first
 * use: its dependency tree (@appium/support and what it pulls in) costs about half a second, which commands
 * that never list profiles should not pay. Deep imports: the package index loads even more. AFC, the
 * installation proxy and the notification proxy are ours (services/): they sit on the backup path.
 */
import type { MCInstallProxyService } from 'appium-ios-device/build/lib/mcinstall/index.js';
import type { PlistService } from 'appium-ios-device/build/lib/plist-service/index.js';
import type { EventEmitter } from 'node:events';

type AppiumModules = {
  MCInstallProxyService: typeof MCInstallProxyService;
  PlistService: typeof PlistService;
};

let loading: Promise<AppiumModules> | undefined;

/** The service classes (loaded once). */
export function loadAppium(): Promise<AppiumModules> {
  loading ??= Promise.all([import('appium-ios-device/build/lib/mcinstall/index.js'), import('appium-ios-device/build/lib/plist-service/index.js')]).then(([mcinstall, plist]) => ({
    MCInstallProxyService: mcinstall.MCInstallProxyService,
    PlistService: plist.PlistService,
  }));
  return loading;
}

/** The streams inside a PlistService that can emit errors. */
export function plistServiceInternals(service: PlistService): (EventEmitter | undefined)[] {
  return [service._splitter, service._decoder, service._encoder];
}
