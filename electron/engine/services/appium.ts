/**
 * appium-ios-device's service classes, loaded on first use. Its dependency tree (@appium/support and
 * everything it pulls in) costs about a second at process start, which commands that never talk to these
 * services (devices, pair, doctor, rename) should not pay. Deep imports: the package index loads even more.
 */
import type { AfcService } from 'appium-ios-device/build/lib/afc/index.js';
import type { InstallationProxyService } from 'appium-ios-device/build/lib/installation-proxy/index.js';
import type { MCInstallProxyService } from 'appium-ios-device/build/lib/mcinstall/index.js';
import type { PlistService } from 'appium-ios-device/build/lib/plist-service/index.js';
import type { EventEmitter } from 'node:events';

type AppiumModules = {
  AfcService: typeof AfcService;
  InstallationProxyService: typeof InstallationProxyService;
  MCInstallProxyService: typeof MCInstallProxyService;
  PlistService: typeof PlistService;
};

let loading: Promise<AppiumModules> | undefined;

/** The service classes (loaded once). */
export function loadAppium(): Promise<AppiumModules> {
  loading ??= Promise.all([
    import('appium-ios-device/build/lib/afc/index.js'),
    import('appium-ios-device/build/lib/installation-proxy/index.js'),
    import('appium-ios-device/build/lib/mcinstall/index.js'),
    import('appium-ios-device/build/lib/plist-service/index.js'),
  ]).then(([afc, installation, mcinstall, plist]) => ({
    AfcService: afc.AfcService,
    InstallationProxyService: installation.InstallationProxyService,
    MCInstallProxyService: mcinstall.MCInstallProxyService,
    PlistService: plist.PlistService,
  }));
  return loading;
}

/** The streams inside a PlistService that can emit errors. */
export function plistServiceInternals(service: PlistService): (EventEmitter | undefined)[] {
  return [service._splitter, service._decoder, service._encoder];
}
