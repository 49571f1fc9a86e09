/**
 * `app:info`: version, platform and whether usbmuxd answers.
 */
import { probeUsbmuxd } from '../usbmux/probe.ts';
import { CRADLE_NAME, CRADLE_VERSION } from '../version.ts';
import type { EngineServices, HandlerTable } from './handlers.ts';

/** Handlers of the app's own channels. */
export function appHandlers({ host }: EngineServices): Pick<HandlerTable, 'app:info'> {
  return {
    'app:info': async () => ({
      name: CRADLE_NAME,
      version: CRADLE_VERSION,
      platform: process.platform,
      arch: process.arch,
      versions: { node: process.versions.node, ...host.runtimeVersions },
      usbmuxd: await probeUsbmuxd(),
    }),
  };
}
