/**
 * The device's own backup keybag: created when a backup password is set, kept (with its unwrapped class
 * keys, as the Secure Enclave would) in the device's state folder, so encrypted backups neither redo
 * PBKDF2 nor change keys between incremental backups.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { VirtualDevice } from '../types.ts';
import { createKeybag, parseKeybag, serializeKeybag, type ClassKeys, type Keybag } from './keybag.ts';

/** The device's current backup keybag with its class keys. */
export interface DeviceKeybag {
  keybag: Keybag;
  /** The keybag as stored in Manifest.plist `BackupKeyBag`. */
  serialized: Buffer;
  classKeys: ClassKeys;
}

interface StoredKeybag {
  keybag: string;
  classKeys: Record<string, string>;
  passwordCheck: string;
}

const FILE_NAME = 'backup-keybag.json';
const loaded = new WeakMap<VirtualDevice, { stored: StoredKeybag; value: DeviceKeybag }>();

/**
 * The device's hardware key (like the AES key 0x835 of real devices): fixed per device, never leaves it.
 * Derived from the device's private key so it survives restarts of the simulator.
 */
export function deviceHardwareKey(device: VirtualDevice): Buffer {
  return createHash('sha256').update('cradle virtual device hardware key\0').update(device.privateKeyPem).digest();
}

/**
 * Returns the keybag for the device's current backup password and iteration counts, creating (and saving)
 * a new one when there is none yet or the password or counts changed. Requires encryption to be on.
 */
export async function deviceKeybag(device: VirtualDevice): Promise<DeviceKeybag> {
  const password = device.backupPassword;
  if (password === null) throw new Error('backup encryption is off');
  const file = path.join(device.dir, FILE_NAME);
  let current = loaded.get(device) ?? readStored(file);
  if (current && !fits(current, device, password)) current = undefined;
  if (!current) {
    const { keybag, classKeys } = await createKeybag(password, device.kdf, deviceHardwareKey(device));
    const serialized = serializeKeybag(keybag);
    const stored: StoredKeybag = {
      keybag: serialized.toString('base64'),
      classKeys: Object.fromEntries([...classKeys].map(([c, k]) => [String(c), k.toString('hex')])),
      passwordCheck: passwordCheck(keybag, password),
    };
    fs.mkdirSync(device.dir, { recursive: true });
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(stored), { mode: 0o600 });
    fs.renameSync(`${file}.tmp`, file);
    current = { stored, value: { keybag, serialized, classKeys } };
  }
  loaded.set(device, current);
  return current.value;
}

function fits(current: { stored: StoredKeybag; value: DeviceKeybag }, device: VirtualDevice, password: string): boolean {
  const { keybag } = current.value;
  return keybag.dpic === device.kdf.dpic && keybag.iterations === device.kdf.iter
    && current.stored.passwordCheck === passwordCheck(keybag, password);
}

/** A salted hash that tells whether the stored keybag belongs to the current password (no PBKDF2 needed). */
function passwordCheck(keybag: Keybag, password: string): string {
  return createHash('sha256').update(keybag.salt).update(keybag.uuid).update(password, 'utf8').digest('hex');
}

function readStored(file: string): { stored: StoredKeybag; value: DeviceKeybag } | undefined {
  let stored: StoredKeybag;
  try {
    stored = JSON.parse(fs.readFileSync(file, 'utf8')) as StoredKeybag;
  } catch {
    return undefined;
  }
  const serialized = Buffer.from(stored.keybag, 'base64');
  const classKeys: ClassKeys = new Map(Object.entries(stored.classKeys).map(([c, k]) => [Number(c), Buffer.from(k, 'hex')]));
  return { stored, value: { keybag: parseKeybag(serialized), serialized, classKeys } };
}
