/**
 * Pairing ("Trust This Computer"): certificates for the device, the Pair request, waiting while the
 * device shows its Trust prompt, and the record saved through usbmuxd for every tool on this computer.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CradleError } from '../../../shared/errors.ts';
import type { UsbmuxClient, UsbmuxDevice } from '../usbmux/client.ts';
import { createPairingCertificates } from './certificates.ts';
import { LockdownClient } from './client.ts';
import type { PairRecord } from './pair-record.ts';

/** What the person must do while pairing waits. */
export type PairingWait = 'trust' | 'unlock';

/** Options of a pairing. */
export interface PairOptions {
  signal?: AbortSignal;
  /** Called when the device waits for the person (Trust prompt showing, or device locked). */
  onWait?: (wait: PairingWait) => void;
  /** How often to ask again while waiting. */
  pollMs?: number;
}

/** The public part of a record, as Pair, ValidatePair and Unpair take it. */
function publicPart(record: PairRecord): Record<string, unknown> {
  return {
    DeviceCertificate: record.DeviceCertificate,
    HostCertificate: record.HostCertificate,
    HostID: record.HostID,
    RootCertificate: record.RootCertificate,
    SystemBUID: record.SystemBUID,
  };
}

/** Pairs with a device, waiting for Trust; returns the saved record. */
export async function pairDevice(usbmux: UsbmuxClient, device: UsbmuxDevice, options: PairOptions = {}): Promise<PairRecord> {
  const lockdown = await LockdownClient.connect(usbmux, device);
  try {
    await lockdown.queryType();
    const devicePublicKey = await lockdown.getValue(undefined, 'DevicePublicKey');
    if (!Buffer.isBuffer(devicePublicKey) && typeof devicePublicKey !== 'string') {
      throw new CradleError('PROTOCOL', 'The device did not give its public key for pairing.');
    }
    const wifi = await lockdown.getValue(undefined, 'WiFiAddress');
    const systemBuid = await usbmux.readBuid();
    const certs = await createPairingCertificates(devicePublicKey.toString());
    const record: PairRecord = {
      DeviceCertificate: Buffer.from(certs.deviceCertificate),
      HostCertificate: Buffer.from(certs.hostCertificate),
      HostPrivateKey: Buffer.from(certs.hostPrivateKey),
      RootCertificate: Buffer.from(certs.rootCertificate),
      RootPrivateKey: Buffer.from(certs.rootPrivateKey),
      SystemBUID: systemBuid,
      HostID: randomUUID().toUpperCase(),
      ...(typeof wifi === 'string' ? { WiFiMACAddress: wifi } : {}),
    };
    const escrowBag = await requestPairing(lockdown, record, options);
    const saved = { ...record, ...(escrowBag ? { EscrowBag: escrowBag } : {}) };
    await usbmux.savePairRecord(device.udid, device.deviceId, saved as unknown as Record<string, unknown>);
    return saved;
  } finally {
    await lockdown.close();
  }
}

async function requestPairing(lockdown: LockdownClient, record: PairRecord, options: PairOptions): Promise<Buffer | undefined> {
  let lastWait: PairingWait | undefined;
  for (;;) {
    if (options.signal?.aborted) throw new CradleError('CANCELLED', 'Pairing was cancelled.');
    try {
      const reply = await lockdown.request('Pair', {
        PairRecord: publicPart(record),
        PairingOptions: { ExtendedPairingErrors: true },
        ProtocolVersion: '2',
      });
      return Buffer.isBuffer(reply.EscrowBag) ? reply.EscrowBag : undefined;
    } catch (error) {
      const wait = error instanceof CradleError ? waitFor(error) : undefined;
      if (!wait) throw error;
      if (wait !== lastWait) options.onWait?.(wait);
      lastWait = wait;
      await sleep(options.pollMs ?? 1000, undefined, { signal: options.signal }).catch(() => undefined);
    }
  }
}

function waitFor(error: CradleError): PairingWait | undefined {
  if (error.code === 'PAIRING_PENDING') return 'trust';
  if (error.code === 'DEVICE_LOCKED') return 'unlock';
  return undefined;
}

/** Removes the pairing on the device (when reachable) and the stored record. */
export async function unpairDevice(usbmux: UsbmuxClient, device: UsbmuxDevice, record: PairRecord | undefined): Promise<void> {
  if (record) {
    const lockdown = await LockdownClient.connect(usbmux, device);
    try {
      await lockdown.request('Unpair', { PairRecord: publicPart(record), ProtocolVersion: '2' });
    } catch (error) {
      // A device that already forgot us is unpaired all the same.
      if (!(error instanceof CradleError && error.code === 'NOT_PAIRED')) throw error;
    } finally {
      await lockdown.close();
    }
  }
  await usbmux.deletePairRecord(device.udid);
}
