/**
 * The pair record: what a host and a device share once the person tapped Trust. Stored by usbmuxd
 * (binary plist) so Finder, iTunes, libimobiledevice and Cradle all use the same one.
 */
import { CradleError } from '../../../shared/errors.ts';

/** A complete pair record as stored through usbmuxd. Certificates and keys are PEM bytes. */
export interface PairRecord {
  DeviceCertificate: Buffer;
  HostCertificate: Buffer;
  HostPrivateKey: Buffer;
  RootCertificate: Buffer;
  RootPrivateKey: Buffer;
  SystemBUID: string;
  HostID: string;
  WiFiMACAddress?: string;
  /** Returned by the device on Pair; mobilebackup2 is started with it. */
  EscrowBag?: Buffer;
}

type PemField = 'DeviceCertificate' | 'HostCertificate' | 'HostPrivateKey' | 'RootCertificate' | 'RootPrivateKey';

/**
 * Reads a stored record, accepting PEM as data or string (tools differ).
 * @throws CradleError NOT_PAIRED when it lacks what a session needs.
 */
export function parsePairRecord(value: Record<string, unknown>): PairRecord {
  const pem = (key: PemField) => {
    const field = value[key];
    if (Buffer.isBuffer(field)) return field;
    if (typeof field === 'string') return Buffer.from(field);
    throw new CradleError('NOT_PAIRED', 'The stored pairing with this device is incomplete. Pair it again.', { missing: key });
  };
  const text = (key: 'SystemBUID' | 'HostID') => {
    const field = value[key];
    if (typeof field === 'string' && field) return field;
    throw new CradleError('NOT_PAIRED', 'The stored pairing with this device is incomplete. Pair it again.', { missing: key });
  };
  return {
    DeviceCertificate: pem('DeviceCertificate'),
    HostCertificate: pem('HostCertificate'),
    HostPrivateKey: pem('HostPrivateKey'),
    RootCertificate: pem('RootCertificate'),
    RootPrivateKey: pem('RootPrivateKey'),
    SystemBUID: text('SystemBUID'),
    HostID: text('HostID'),
    ...(typeof value.WiFiMACAddress === 'string' ? { WiFiMACAddress: value.WiFiMACAddress } : {}),
    ...(Buffer.isBuffer(value.EscrowBag) ? { EscrowBag: value.EscrowBag } : {}),
  };
}
