/**
 * An independent reader of encrypted iOS backups, written from PROTOCOLS.md §4–§5 only (it shares no code
 * with the virtual device's encoder): keybag TLV, PBKDF2 key derivation, RFC 3394 unwrap, AES-CBC files and
 * Manifest.db, MBFile archives, and keychain items in AES-GCM with an empty IV (GHASH written out here).
 */
import { createCipheriv, createDecipheriv, pbkdf2Sync } from 'node:crypto';
import Database from 'better-sqlite3';
import { parseBuffer } from 'bplist-parser';
import forge from 'node-forge';

/** Parsed keybag: header tags and one tag map per class record. */
export interface TlvKeybag {
  header: Map<string, Buffer>;
  classes: Array<Map<string, Buffer>>;
}

/** One row of Manifest.db's Files table. */
export interface ManifestRow {
  fileID: string;
  domain: string;
  relativePath: string;
  flags: number;
  file: Buffer;
}

/** Every Files row of a Manifest.db: a file path, or the (decrypted) database bytes. */
export function readManifestRows(db: string | Buffer): ManifestRow[] {
  const handle = typeof db === 'string' ? new Database(db, { readonly: true, fileMustExist: true }) : new Database(db);
  try {
    return handle.prepare('SELECT fileID, domain, relativePath, flags, file FROM Files').all() as ManifestRow[];
  } finally {
    handle.close();
  }
}

/** Reads a binary plist with bplist-parser directly. */
export function readBinaryPlist(data: Buffer): unknown {
  return parseBuffer(data)[0];
}

/** Splits a keybag into TLV records; a UUID after the first one starts a class record. */
export function parseTlvKeybag(data: Buffer): TlvKeybag {
  const header = new Map<string, Buffer>();
  const classes: Array<Map<string, Buffer>> = [];
  let offset = 0;
  while (offset < data.length) {
    const tag = data.subarray(offset, offset + 4).toString('ascii');
    const length = data.readUInt32BE(offset + 4);
    const value = data.subarray(offset + 8, offset + 8 + length);
    offset += 8 + length;
    if (tag === 'UUID' && header.has('UUID')) classes.push(new Map());
    (classes.at(-1) ?? header).set(tag, value);
  }
  return { header, classes };
}

/** Derives the key-encryption key and unwraps every class key whose WRAP has the passcode bit. */
export function classKeysFor(keybag: TlvKeybag, password: string): Map<number, Buffer> {
  const num = (tag: string): number => keybag.header.get(tag)!.readUInt32BE(0);
  const k1 = pbkdf2Sync(password, keybag.header.get('DPSL')!, num('DPIC'), 32, 'sha256');
  const kek = pbkdf2Sync(k1, keybag.header.get('SALT')!, num('ITER'), 32, 'sha1');
  const keys = new Map<number, Buffer>();
  for (const record of keybag.classes) {
    if ((record.get('WRAP')!.readUInt32BE(0) & 2) === 0) continue;
    keys.set(record.get('CLAS')!.readUInt32BE(0), aesUnwrap(kek, record.get('WPKY')!));
  }
  return keys;
}

/** RFC 3394 unwrap via OpenSSL; throws when the integrity check fails. */
export function aesUnwrap(kek: Buffer, wrapped: Buffer): Buffer {
  const decipher = createDecipheriv('id-aes256-wrap', kek, Buffer.from('A6A6A6A6A6A6A6A6', 'hex'));
  return Buffer.concat([decipher.update(wrapped), decipher.final()]);
}

/** Decrypts data protected by a `u32 LE class ‖ wrapped key` (EncryptionKey / ManifestKey). */
export function decryptWithStoredKey(data: Buffer, storedKey: Buffer, classKeys: Map<number, Buffer>): Buffer {
  const classKey = classKeys.get(storedKey.readUInt32LE(0));
  if (!classKey) throw new Error(`no key for class ${storedKey.readUInt32LE(0)}`);
  const key = aesUnwrap(classKey, storedKey.subarray(4));
  const decipher = createDecipheriv('aes-256-cbc', key, Buffer.alloc(16));
  return Buffer.concat([decipher.update(data), decipher.final()]);
}

/** The fields of an MBFile archive, resolving UIDs by hand. */
export function readMBFile(blob: Buffer): { relativePath: string; size: number; mode: number; protectionClass: number; encryptionKey?: Buffer; target?: string } {
  const archive = readBinaryPlist(blob) as { $archiver: string; $top: { root: { UID: number } }; $objects: unknown[] };
  if (archive.$archiver !== 'NSKeyedArchiver') throw new Error('not a keyed archive');
  const objects = archive.$objects;
  const deref = (v: unknown): unknown => (v && typeof v === 'object' && 'UID' in v ? objects[(v as { UID: number }).UID] : v);
  const root = deref(archive.$top.root) as Record<string, unknown>;
  const classObject = deref(root.$class) as { $classname: string };
  if (classObject.$classname !== 'MBFile') throw new Error(`class ${classObject.$classname}`);
  const key = deref(root.EncryptionKey) as { 'NS.data'?: Buffer } | undefined;
  const target = deref(root.Target);
  return {
    relativePath: deref(root.RelativePath) as string,
    size: Number(root.Size),
    mode: Number(root.Mode),
    protectionClass: Number(root.ProtectionClass),
    ...(key?.['NS.data'] ? { encryptionKey: key['NS.data'] } : {}),
    ...(typeof target === 'string' ? { target } : {}),
  };
}

/** Decrypts one keychain `v_Data` and decodes its DER attributes with node-forge. */
export function decryptKeychainItem(vData: Buffer, classKeys: Map<number, Buffer>): Record<string, string | Buffer | number> {
  const protectionClass = vData.readUInt32LE(4) & 0xf;
  const wrappedLength = vData.readUInt32LE(8);
  const itemKey = aesUnwrap(classKeys.get(protectionClass)!, vData.subarray(12, 12 + wrappedLength));
  const body = vData.subarray(12 + wrappedLength);
  const plaintext = gcmOpenEmptyIv(itemKey, body.subarray(0, -16), body.subarray(-16));
  const set = forge.asn1.fromDer(forge.util.createBuffer(plaintext.toString('binary')));
  const attributes: Record<string, string | Buffer | number> = {};
  for (const sequence of set.value as forge.asn1.Asn1[]) {
    const [name, value] = sequence.value as forge.asn1.Asn1[];
    const raw = Buffer.from(value!.value as string, 'binary');
    attributes[forge.util.decodeUtf8(name!.value as string)] =
      value!.type === forge.asn1.Type.UTF8 ? raw.toString('utf8') : value!.type === forge.asn1.Type.INTEGER ? raw.readIntBE(0, raw.length) : raw;
  }
  return attributes;
}

/**
 * AES-256-GCM open with an empty IV. Then J0 = GHASH_H(0^128 block ‖ zero lengths) = 0, so the keystream is
 * AES-CTR from counter 1 and the tag is GHASH_H(C ‖ lengths) ⊕ E_K(0). GHASH is done on byte arrays here.
 */
export function gcmOpenEmptyIv(key: Buffer, ciphertext: Buffer, tag: Buffer): Buffer {
  const ecb = (block: Buffer): Buffer => createCipheriv('aes-256-ecb', key, null).setAutoPadding(false).update(block);
  const h = ecb(Buffer.alloc(16));
  let y: Buffer = Buffer.alloc(16);
  const padded = Buffer.concat([ciphertext, Buffer.alloc((16 - (ciphertext.length % 16)) % 16)]);
  const lengths = Buffer.alloc(16);
  lengths.writeBigUInt64BE(BigInt(ciphertext.length * 8), 8);
  const input = Buffer.concat([padded, lengths]);
  for (let i = 0; i < input.length; i += 16) {
    const x = Buffer.from(y.map((b, j) => b ^ input[i + j]!));
    y = gfMul(x, h);
  }
  const expected = Buffer.from(y.map((b, j) => b ^ ecb(Buffer.alloc(16))[j]!));
  if (!expected.equals(tag)) throw new Error('GCM tag mismatch');
  const counter = Buffer.alloc(16);
  counter[15] = 1;
  const ctr = createDecipheriv('aes-256-ctr', key, counter);
  return Buffer.concat([ctr.update(ciphertext), ctr.final()]);
}

/** GF(2^128) product, bit-serial on bytes (SP 800-38D algorithm 1). */
function gfMul(x: Buffer, y: Buffer): Buffer {
  const z = Buffer.alloc(16);
  const v = Buffer.from(y);
  for (let i = 0; i < 128; i++) {
    if ((x[i >> 3]! >> (7 - (i & 7))) & 1) for (let j = 0; j < 16; j++) z[j]! ^= v[j]!;
    const lsb = v[15]! & 1;
    for (let j = 15; j > 0; j--) v[j] = (v[j]! >> 1) | ((v[j - 1]! & 1) << 7);
    v[0] = v[0]! >> 1;
    if (lsb) v[0]! ^= 0xe1;
  }
  return z;
}
