/**
 * `cradle doctor`: version, platform, and whether usbmuxd answers (with what to do when it does not).
 */
import type { AppInfo } from '../../../shared/app-info.ts';
import type { Engine } from '../../engine/api/handlers.ts';
import { call } from '../call.ts';
import { EXIT, printJson } from '../output.ts';

/** `cradle doctor [--json]`; exits 3 when no usbmuxd answers. */
export async function doctorCommand(engine: Engine, json: boolean): Promise<number> {
  const info = await call(engine, 'app:info', {});
  if (json) printJson(info);
  else process.stdout.write(formatDoctor(info));
  return info.usbmuxd.reachable ? EXIT.ok : EXIT.noUsbmuxd;
}

function formatDoctor(info: AppInfo): string {
  const { usbmuxd } = info;
  const lines = [
    `${info.name} ${info.version} (${info.platform} ${info.arch}, Node ${info.versions.node})`,
    `usbmuxd: ${usbmuxd.address} (${usbmuxd.source === 'env' ? 'from USBMUXD_SOCKET_ADDRESS' : 'default'}): ` +
      (usbmuxd.reachable ? 'answering' : 'not answering'),
  ];
  if (!usbmuxd.reachable) {
    if (usbmuxd.hint) lines.push(`  ${usbmuxd.hint}`);
    if (usbmuxd.error) lines.push(`  Details: ${usbmuxd.error}`);
  }
  return `${lines.join('\n')}\n`;
}
