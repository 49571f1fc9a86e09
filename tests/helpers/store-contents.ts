/**
 * A virtual device's content served through the BackupContents interface, as a backup of it would hold it:
 * excluded app data is never there, encrypted-only files (keychain, Wi-Fi, call history…) only when
 * `encrypted`. Lets category readers be unit-tested against the content generator without making a backup;
 * the integration tests cover real backups through openBackup.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CradleError } from '../../shared/errors.ts';
import type { BackupContents, BackupEntry, BackupFileDetails } from '../../electron/engine/library/backup-reader.ts';
import { ensureKeychain } from '../virtual-device/backup/device-keychain.ts';
import { encryptKeychain, KEYCHAIN_DOMAIN, KEYCHAIN_PATH, parseKeychain, serializeKeychain, type KeychainAttributes } from '../virtual-device/backup/keychain.ts';
import { drawScene } from '../virtual-device/content/art.ts';
import { appsFor, personaOf, populateProfile } from '../virtual-device/content/index.ts';
import { encodeJpeg } from '../virtual-device/content/jpeg.ts';
import { decodePlist, encodeXml } from '../virtual-device/plist.ts';
import { createDeviceStore } from '../virtual-device/store.ts';
import type { DeviceFileEntry, DeviceStore, Profile, VirtualDevice } from '../virtual-device/types.ts';

// What the generator wrote, for tests to compare the readers with (engine tests may not import the device).
export { catalogFor, keychainItemsFor, personaOf } from '../virtual-device/content/index.ts';
export type { Profile } from '../virtual-device/types.ts';

const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;

/** Extra choices of {@link storeContents}. */
export interface StoreContentsOptions {
  /** Reported as the backup folder (where readers look for Info.plist); the store's root by default. */
  folder?: string;
  /** Class keys the keychain is encrypted with, as a device encrypts it into an encrypted backup. */
  classKeys?: ReadonlyMap<number, Buffer>;
}

/** Serves `store` as the contents of a backup of it (encrypted or not). */
export function storeContents(store: DeviceStore, manifestPlist: Record<string, unknown>, encrypted: boolean,
  options: StoreContentsOptions = {}): BackupContents {
  const included = store.list().filter((e) => !e.excludedFromBackup && (encrypted || (!e.encryptedOnly && e.domain !== KEYCHAIN_DOMAIN)));
  const byKey = new Map<string, { entry: BackupEntry; source: DeviceFileEntry }>();
  const entries = included.map((source) => {
    const entry: BackupEntry = {
      fileID: createHash('sha1').update(`${source.domain}-${source.relativePath}`).digest('hex'),
      domain: source.domain, relativePath: source.relativePath, kind: source.kind,
    };
    byKey.set(`${source.domain}\0${source.relativePath}`, { entry, source });
    return entry;
  });
  const sourceOf = (entry: BackupEntry): DeviceFileEntry => {
    const found = byKey.get(`${entry.domain}\0${entry.relativePath}`);
    if (!found) throw new CradleError('BACKUP_NOT_FOUND', `${entry.domain}/${entry.relativePath} is not in this backup.`);
    return found.source;
  };
  const bytesOf = (entry: BackupEntry): Buffer => {
    const data = fs.readFileSync(store.pathOf(entry.domain, entry.relativePath));
    const isKeychain = entry.domain === KEYCHAIN_DOMAIN && entry.relativePath === KEYCHAIN_PATH;
    return isKeychain && options.classKeys ? encryptKeychain(parseKeychain(data), new Map(options.classKeys)) : data;
  };
  return {
    path: options.folder ?? store.root,
    format: 'modern',
    encrypted,
    manifestPlist,
    entries: () => entries,
    domains: () => {
      const counts = new Map<string, number>();
      for (const entry of entries) counts.set(entry.domain, (counts.get(entry.domain) ?? 0) + 1);
      return counts;
    },
    domainEntries: (domain) => entries.filter((entry) => entry.domain === domain),
    find: (domain, relativePath) => byKey.get(`${domain}\0${relativePath}`)?.entry,
    byId: (fileID) => entries.find((entry) => entry.fileID === fileID),
    details(entry): BackupFileDetails {
      const source = sourceOf(entry);
      const details: BackupFileDetails = {
        ...entry, size: source.size, mode: source.mode, lastModified: source.lastModified, birth: source.birth,
        protectionClass: source.protectionClass, inode: source.inode, userId: source.userId, groupId: source.groupId,
      };
      if (source.target !== undefined) details.target = source.target;
      return details;
    },    detailsMany(list) {
      return list.map((entry) => this.details(entry));
    },

    dataPath: (entry) => store.pathOf(entry.domain, entry.relativePath),
    async readFile(entry, maxBytes = DEFAULT_MAX_BYTES) {
      if (sourceOf(entry).kind !== 'file') throw new CradleError('BACKUP_CORRUPT', `${entry.relativePath} is not a file.`);
      const data = bytesOf(entry);
      if (data.length > maxBytes) throw new CradleError('BACKUP_CORRUPT', `${entry.relativePath} is larger than ${maxBytes} bytes.`);
      return data;
    },
    openStream: (entry) => fs.createReadStream(store.pathOf(entry.domain, entry.relativePath)),
    close: () => undefined,
  };
}

/** Manifest.plist of a backup of a profile's device: Lockdown facts and the apps whose data is in `store`. */
export function manifestFor(store: DeviceStore, profile: Profile, encrypted: boolean): Record<string, unknown> {
  const persona = personaOf(profile);
  const backedUp = new Set(store.list().filter((e) => e.relativePath === '' && !e.excludedFromBackup).map((e) => e.domain));
  const applications = Object.fromEntries(appsFor(profile).filter((app) => backedUp.has(`AppDomain-${String(app.CFBundleIdentifier)}`))
    .map((app) => [app.CFBundleIdentifier, { CFBundleIdentifier: app.CFBundleIdentifier, CFBundleVersion: app.CFBundleVersion, Path: app.Path, ContainerContentClass: 'Data/Application' }]));
  return {
    Version: '10.0', IsEncrypted: encrypted, Applications: applications,
    Lockdown: { DeviceName: persona.deviceName, ProductType: persona.productType, ProductVersion: '17.5.1' },
  };
}

/** A profile's device content in a temporary folder, with a backup-like folder holding the host's Info.plist. */
export interface ProfileDevice {
  profile: Profile;
  store: DeviceStore;
  /** Folder with an Info.plist listing the apps (as a host writes it), to pass as `folder`. */
  folder: string;
  /**
   * The class keys a computer gets by unlocking the backup (6–8): the device encrypts the keychain with
   * these and with the ThisDeviceOnly ones (9–11), which never leave it.
   */
  classKeys: ReadonlyMap<number, Buffer>;
  /** The contents of a backup of this device. */
  contents(encrypted: boolean): BackupContents;
  remove(): void;
}

/** Generates a profile's content (keychain included, as a device has it before its first encrypted backup). */
export function makeProfileDevice(profile: Profile, udid = '00008110-001C2D3E4F5A6B7C'): ProfileDevice {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cradle-categories-${profile}-`));
  const store = createDeviceStore(path.join(dir, 'device'));
  populateProfile(store, profile, { udid });
  ensureKeychain({ store, profile } as Pick<VirtualDevice, 'store' | 'profile'> as VirtualDevice);
  const folder = path.join(dir, 'backup');
  fs.mkdirSync(folder);
  fs.writeFileSync(path.join(folder, 'Info.plist'), encodeXml({
    Applications: Object.fromEntries(appsFor(profile).map((app) => [app.CFBundleIdentifier, { iTunesMetadata: app.iTunesMetadata }])),
  }));
  const deviceKeys = new Map([6, 7, 8, 9, 10, 11].map((c) => [c, randomBytes(32)]));
  const classKeys = new Map([...deviceKeys].filter(([c]) => c <= 8));
  return {
    profile, store, folder, classKeys,
    contents: (encrypted) => storeContents(store, manifestFor(store, profile, encrypted), encrypted, { folder, ...(encrypted ? { classKeys: deviceKeys } : {}) }),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** A plist of the device's content, decoded. */
export function devicePlist(device: ProfileDevice, domain: string, relativePath: string): Record<string, unknown> {
  return decodePlist(fs.readFileSync(device.store.pathOf(domain, relativePath))) as Record<string, unknown>;
}

/** Adds an item to the device's keychain (encrypted into "encrypted" contents like the others). */
export function addKeychainItem(device: ProfileDevice, section: 'genp' | 'inet', attributes: KeychainAttributes): void {
  const keychain = parseKeychain(fs.readFileSync(device.store.pathOf(KEYCHAIN_DOMAIN, KEYCHAIN_PATH)));
  keychain[section].push(attributes);
  device.store.writeFile(KEYCHAIN_DOMAIN, KEYCHAIN_PATH, serializeKeychain(keychain), { encryptedOnly: true });
}

/** A real, decodable JPEG picture (the generator's encoder), `seed` making it distinct. */
export function testJpeg(width: number, height: number, seed: string): Buffer {
  return encodeJpeg(drawScene(width, height, seed));
}
