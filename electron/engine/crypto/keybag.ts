/**
 * The backup keybag (Manifest.plist `BackupKeyBag`, PROTOCOLS.md §5): TLV records of a 4-byte ASCII tag,
 * a u32 BE length and the value. Header first (VERS, TYPE, UUID, HMCK, WRAP, SALT, ITER, DPWT, DPIC, DPSL),
 * then one record per protection class (UUID, CLAS, WRAP, KTYP, WPKY); a UUID after the first one starts
 * the next class record.
 */
import { CradleError } from '../../../shared/errors.ts';
import { isWrappedKeyShape } from './key-wrap.ts';

/** WRAP bit: the class key is also encrypted with the device's hardware key (cannot leave the device). */
export const WRAP_DEVICE = 1;
/** WRAP bit: the class key is wrapped with the key derived from the backup password. */
export const WRAP_PASSCODE = 2;

/** Node's PBKDF2 takes at most a signed 32-bit iteration count; more would only be a hostile keybag. */
const MAX_ITERATIONS = 0x7fffffff;

/** One class record of a keybag. */
export interface KeybagClass {
  uuid: Buffer;
  protectionClass: number;
  /** WRAP bits: {@link WRAP_PASSCODE}, {@link WRAP_DEVICE}. */
  wrap: number;
  keyType?: number;
  /** The wrapped class key (40 bytes for a 256-bit key). */
  wrappedKey?: Buffer;
}

/** A decoded backup keybag. */
export interface Keybag {
  version: number;
  type: number;
  uuid: Buffer;
  hmck?: Buffer;
  wrap: number;
  /** Salt and iteration count of the PBKDF2-HMAC-SHA1 step. */
  salt: Buffer;
  iterations: number;
  dpwt?: number;
  /** Iteration count and salt of the PBKDF2-HMAC-SHA256 step (iOS 10.2 and later). */
  dpic?: number;
  dpsl?: Buffer;
  /** Class records by protection class. */
  classes: Map<number, KeybagClass>;
}

/** True when a class key is wrapped with the password alone, so a computer can unwrap it. */
export function isPasswordWrapped(entry: Pick<KeybagClass, 'wrap'>): boolean {
  return (entry.wrap & WRAP_PASSCODE) !== 0 && (entry.wrap & WRAP_DEVICE) === 0;
}

/**
 * Decodes a backup keybag.
 * @throws CradleError BACKUP_CORRUPT when a record is cut off, a length runs past the end, or a field the
 *   key derivation needs is missing or malformed.
 */
export function parseKeybag(data: Buffer): Keybag {
  const header = new Map<string, Buffer>();
  const records: Array<Map<string, Buffer>> = [];
  let offset = 0;
  while (offset < data.length) {
    if (data.length - offset < 8) throw corrupt(`a record is cut off at byte ${offset}`);
    const tag = data.toString('latin1', offset, offset + 4);
    const length = data.readUInt32BE(offset + 4);
    // Checked against what is left before any slice: a hostile length never allocates anything.
    if (length > data.length - offset - 8) throw corrupt(`the ${printable(tag)} record at byte ${offset} claims ${length} bytes, more than the keybag holds`);
    const value = Buffer.from(data.subarray(offset + 8, offset + 8 + length));
    offset += 8 + length;
    if (tag === 'UUID' && header.has('UUID')) records.push(new Map());
    (records.at(-1) ?? header).set(tag, value);
  }
  const keybag: Keybag = {
    version: u32(header, 'VERS'),
    type: u32(header, 'TYPE'),
    uuid: bytes(header, 'UUID'),
    hmck: header.get('HMCK'),
    wrap: u32(header, 'WRAP'),
    salt: bytes(header, 'SALT'),
    iterations: iterations(header, 'ITER'),
    dpwt: header.has('DPWT') ? u32(header, 'DPWT') : undefined,
    dpic: header.has('DPIC') ? iterations(header, 'DPIC') : undefined,
    dpsl: header.get('DPSL'),
    classes: new Map(),
  };
  if ((keybag.dpic === undefined) !== (keybag.dpsl === undefined)) throw corrupt('it has only one of DPIC and DPSL');
  for (const record of records) {
    const entry: KeybagClass = {
      uuid: bytes(record, 'UUID'),
      protectionClass: u32(record, 'CLAS'),
      wrap: u32(record, 'WRAP'),
      keyType: record.has('KTYP') ? u32(record, 'KTYP') : undefined,
      wrappedKey: record.get('WPKY'),
    };
    if (entry.wrappedKey && !isWrappedKeyShape(entry.wrappedKey)) throw corrupt(`the key of class ${entry.protectionClass} is ${entry.wrappedKey.length} bytes, not a wrapped key`);
    if (isPasswordWrapped(entry) && !entry.wrappedKey) throw corrupt(`class ${entry.protectionClass} has no key`);
    keybag.classes.set(entry.protectionClass, entry);
  }
  return keybag;
}

function u32(record: Map<string, Buffer>, tag: string): number {
  const value = bytes(record, tag);
  if (value.length !== 4) throw corrupt(`its ${tag} field is ${value.length} bytes instead of 4`);
  return value.readUInt32BE(0);
}

function iterations(record: Map<string, Buffer>, tag: string): number {
  const count = u32(record, tag);
  if (count < 1 || count > MAX_ITERATIONS) throw corrupt(`its ${tag} iteration count ${count} is out of range`);
  return count;
}

function bytes(record: Map<string, Buffer>, tag: string): Buffer {
  const value = record.get(tag);
  if (!value) throw corrupt(`it has no ${tag} field`);
  return value;
}

/** A tag as text for a message: hostile bytes become '?'. */
function printable(tag: string): string {
  return tag.replace(/[^\x20-\x7e]/g, '?');
}

function corrupt(why: string): CradleError {
  return new CradleError(
    'BACKUP_CORRUPT',
    'The backup\'s key bag (in Manifest.plist) is damaged, so its encryption cannot be opened. Make a new encrypted backup of the device.',
    why,
  );
}
