/**
 * Info.plist: the host's own description of a backup (Finder and iTunes write the same one), from the
 * device's lockdown values and its installed apps.
 */
import { randomBytes } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { marketingName } from '../devices/product-names.ts';
import { encodeXmlPlist } from '../plist/codec.ts';
import { CRADLE_VERSION } from '../version.ts';

/** An installed app as installation_proxy reports it. */
export type InstalledApp = Record<string, unknown> & { CFBundleIdentifier: string };

/** Builds the Info.plist dict. */
export function buildInfoPlist(udid: string, values: Record<string, unknown>, apps: InstalledApp[], now = new Date()): Record<string, unknown> {
  const text = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
  const optional = (name: string, value: string | undefined) => (value ? { [name]: value } : {});
  const productType = text('ProductType') ?? '';
  return {
    'Build Version': text('BuildVersion') ?? '',
    'Device Name': text('DeviceName') ?? '',
    'Display Name': text('DeviceName') ?? '',
    GUID: randomBytes(16).toString('hex').toUpperCase(),
    ...optional('ICCID', text('IntegratedCircuitCardIdentity')),
    ...optional('IMEI', text('InternationalMobileEquipmentIdentity')),
    ...optional('MEID', text('MobileEquipmentIdentifier')),
    ...optional('Phone Number', text('PhoneNumber')),
    'Product Name': marketingName(productType),
    'Product Type': productType,
    'Product Version': text('ProductVersion') ?? '',
    'Serial Number': text('SerialNumber') ?? '',
    'Target Identifier': udid,
    'Target Type': 'Device',
    'Unique Identifier': udid.toUpperCase(),
    'Last Backup Date': now,
    'Installed Applications': apps.map((app) => app.CFBundleIdentifier),
    Applications: Object.fromEntries(
      apps.map((app) => [
        app.CFBundleIdentifier,
        {
          ...(Buffer.isBuffer(app.ApplicationSINF) ? { ApplicationSINF: app.ApplicationSINF } : {}),
          ...(Buffer.isBuffer(app.iTunesMetadata) ? { iTunesMetadata: app.iTunesMetadata } : {}),
        },
      ]),
    ),
    'iTunes Files': {},
    'iTunes Settings': {},
    'iTunes Version': `Cradle ${CRADLE_VERSION}`,
  };
}

/** Writes Info.plist into a backup folder (temp file + rename: never in place). */
export async function writeInfoPlist(folder: string, info: Record<string, unknown>): Promise<void> {
  const path = join(folder, 'Info.plist');
  await writeFile(`${path}.cradle-part`, encodeXmlPlist(info));
  await rename(`${path}.cradle-part`, path);
}
