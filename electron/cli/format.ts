/**
 * Human-readable output of the CLI's commands.
 */
import type { AppInfo } from '../../shared/app-info.ts';

/** The text `cradle doctor` prints. */
export function formatDoctor(info: AppInfo): string {
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
