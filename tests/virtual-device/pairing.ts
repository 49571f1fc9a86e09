/**
 * Device side of lockdown pairing (PROTOCOLS.md §2 "Pairing"): the Trust prompt, checks of the host's
 * certificates, the escrow bag, and ValidatePair / Unpair.
 */
import { createPublicKey, randomBytes, X509Certificate } from 'node:crypto';
import type { DeviceState, HostPairing } from './device.ts';

/** A lockdown reply dict. */
export type LockdownReply = Record<string, unknown>;

/** Answers a Pair request: prompts, validates the record, remembers the host, returns the escrow bag. */
export function pair(device: DeviceState, request: Record<string, unknown>): LockdownReply {
  const reply = { Request: 'Pair' };
  if (device.locked) return { ...reply, Error: 'PasswordProtected' };
  const record = parseRecord(request.PairRecord);
  if (typeof record === 'string') return { ...reply, Error: record };
  const certificateError = checkCertificates(device, record);
  if (certificateError) return { ...reply, Error: certificateError };
  const trust = trustAnswer(device);
  if (trust) return { ...reply, Error: trust };
  const escrowBag = device.hosts.get(record.HostID)?.EscrowBag ?? makeEscrowBag();
  device.hosts.set(record.HostID, {
    ...record,
    EscrowBag: escrowBag,
    WiFiMACAddress: String(device.domain('').WiFiAddress ?? ''),
  });
  device.changed();
  device.emit('paired', record.HostID);
  return { ...reply, EscrowBag: escrowBag };
}

/** Answers ValidatePair: success when the host's record is known. */
export function validatePair(device: DeviceState, request: Record<string, unknown>): LockdownReply {
  const hostId = hostIdOf(request);
  if (!hostId || !device.hosts.has(hostId)) return { Request: 'ValidatePair', Error: 'InvalidHostID' };
  return { Request: 'ValidatePair' };
}

/** Answers Unpair: forgets the host, so its sessions fail with InvalidHostID from now on. */
export function unpair(device: DeviceState, request: Record<string, unknown>): LockdownReply {
  const hostId = hostIdOf(request);
  if (!hostId || !device.hosts.delete(hostId)) return { Request: 'Unpair', Error: 'InvalidHostID' };
  device.changed();
  return { Request: 'Unpair' };
}

/** The Trust prompt: undefined = trusted now, else the lockdown error to answer with. */
function trustAnswer(device: DeviceState): string | undefined {
  if (device.trustPrompt === 'denied' || device.trustMode === 'deny') {
    device.trustPrompt = 'denied';
    return 'UserDeniedPairing';
  }
  if (device.trustMode === 'auto') return undefined;
  if (device.trustPrompt === 'accepted') {
    device.trustPrompt = 'none';
    return undefined;
  }
  if (device.trustPrompt !== 'showing') {
    device.trustPrompt = 'showing';
    device.changed();
  }
  return 'PairingDialogResponsePending';
}

function hostIdOf(request: Record<string, unknown>): string | undefined {
  const record = request.PairRecord as Record<string, unknown> | undefined;
  const hostId = record?.HostID ?? request.HostID;
  return typeof hostId === 'string' ? hostId : undefined;
}

type RecordWithoutEscrow = Omit<HostPairing, 'EscrowBag' | 'WiFiMACAddress'>;

/** Reads the Pair request's record; returns a lockdown error string when it is unusable. */
function parseRecord(value: unknown): RecordWithoutEscrow | string {
  if (!value || typeof value !== 'object') return 'MissingPairRecord';
  const record = value as Record<string, unknown>;
  const pem = (key: string): Buffer | undefined => {
    const field = record[key];
    if (Buffer.isBuffer(field)) return field;
    return typeof field === 'string' ? Buffer.from(field, 'utf8') : undefined;
  };
  const hostCertificate = pem('HostCertificate');
  const rootCertificate = pem('RootCertificate');
  const deviceCertificate = pem('DeviceCertificate');
  if (typeof record.HostID !== 'string' || record.HostID === '') return 'MissingHostID';
  if (!hostCertificate || !rootCertificate || !deviceCertificate || typeof record.SystemBUID !== 'string') {
    return 'InvalidPairRecord';
  }
  return {
    HostID: record.HostID,
    SystemBUID: record.SystemBUID,
    HostCertificate: hostCertificate,
    RootCertificate: rootCertificate,
    DeviceCertificate: deviceCertificate,
  };
}

/** The device certificate must carry this device's public key and be signed by the host's root. */
function checkCertificates(device: DeviceState, record: RecordWithoutEscrow): string | undefined {
  try {
    const root = new X509Certificate(record.RootCertificate);
    const host = new X509Certificate(record.HostCertificate);
    const deviceCertificate = new X509Certificate(record.DeviceCertificate);
    const ours = createPublicKey(device.privateKeyPem).export({ type: 'spki', format: 'der' });
    const theirs = deviceCertificate.publicKey.export({ type: 'spki', format: 'der' });
    if (!ours.equals(theirs)) return 'InvalidPairRecord';
    if (!deviceCertificate.verify(root.publicKey) || !host.verify(root.publicKey)) return 'InvalidPairRecord';
    return undefined;
  } catch {
    return 'InvalidPairRecord';
  }
}

/**
 * A new escrow bag: a keybag-shaped TLV blob (tag, u32 BE length, value). The host only stores it and
 * hands it back on StartService, so its content only has to be unique per pairing.
 */
function makeEscrowBag(): Buffer {
  const tlv = (tag: string, value: Buffer): Buffer => {
    const header = Buffer.alloc(8);
    header.write(tag, 0, 'latin1');
    header.writeUInt32BE(value.length, 4);
    return Buffer.concat([header, value]);
  };
  const u32 = (n: number): Buffer => {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(n, 0);
    return out;
  };
  return Buffer.concat([
    tlv('VERS', u32(4)),
    tlv('TYPE', u32(2)),
    tlv('UUID', randomBytes(16)),
    tlv('HMCK', randomBytes(40)),
    tlv('WRAP', u32(1)),
    tlv('SALT', randomBytes(20)),
    tlv('ITER', u32(10_000)),
    tlv('SIGN', randomBytes(20)),
  ]);
}
