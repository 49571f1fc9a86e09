/**
 * Lockdown sessions and services with a device: read the pair record, start a TLS session, start
 * services and connect to them (TLS when the service asks).
 */
import type { Duplex } from 'node:stream';
import { CradleError } from '../../../shared/errors.ts';
import type { UsbmuxClient, UsbmuxDevice } from '../usbmux/client.ts';
import { LockdownClient } from './client.ts';
import { parsePairRecord, type PairRecord } from './pair-record.ts';
import { upgradeToTls } from './tls.ts';

/** A started session: the lockdown client (in TLS) and the pair record it used. */
export interface LockdownSession {
  lockdown: LockdownClient;
  record: PairRecord;
}

/**
 * Reads the stored pair record of a device.
 * @throws CradleError NOT_PAIRED when there is none.
 */
export async function readPairRecord(usbmux: UsbmuxClient, device: UsbmuxDevice): Promise<PairRecord> {
  const stored = await usbmux.readPairRecord(device.udid);
  if (!stored) throw new CradleError('NOT_PAIRED', 'This computer is not paired with the device yet. Pair it and tap Trust on the device.');
  return parsePairRecord(stored);
}

/**
 * Opens lockdown and starts a session with the stored pair record. Close the lockdown client when done.
 * `signal` (a job's cancel) closes the connection at once, whatever the device is doing.
 */
export async function startLockdownSession(usbmux: UsbmuxClient, device: UsbmuxDevice, signal?: AbortSignal): Promise<LockdownSession> {
  const record = await readPairRecord(usbmux, device);
  const lockdown = await LockdownClient.connect(usbmux, device, signal);
  try {
    await lockdown.queryType();
    await lockdown.startSession(record);
    return { lockdown, record };
  } catch (error) {
    await lockdown.close();
    throw error;
  }
}

/** Runs `work` inside a session and always ends the session. */
export async function withLockdownSession<T>(
  usbmux: UsbmuxClient,
  device: UsbmuxDevice,
  work: (session: LockdownSession) => Promise<T>,
): Promise<T> {
  const session = await startLockdownSession(usbmux, device);
  try {
    return await work(session);
  } finally {
    await session.lockdown.close();
  }
}

/** Starts a service within a session and connects to it (TLS when the device asks); `signal` closes it. */
export async function connectService(
  usbmux: UsbmuxClient,
  session: LockdownSession,
  service: string,
  options: { escrowBag?: boolean; signal?: AbortSignal } = {},
): Promise<Duplex> {
  const escrowBag = options.escrowBag ? session.record.EscrowBag : undefined;
  if (options.escrowBag && !escrowBag) {
    throw new CradleError('NOT_PAIRED', 'The pairing with this device lacks its escrow bag. Unpair and pair it again.');
  }
  const endpoint = await session.lockdown.startService(service, escrowBag);
  const socket = await usbmux.connect(session.lockdown.device.deviceId, endpoint.port, { signal: options.signal });
  socket.on('error', () => {});
  return endpoint.ssl ? upgradeToTls(socket, session.record) : socket;
}
