/**
 * TLS with a device: the host is the client and presents the pair record's root certificate (what
 * lockdownd checks); the device's certificate must be the one in the pair record (pinned, since it is
 * signed by our own root and no CA vouches for it).
 */
import { X509Certificate } from 'node:crypto';
import type { Socket } from 'node:net';
import { connect, createSecureContext, type SecureContext, type TLSSocket } from 'node:tls';
import { CradleError } from '../../../shared/errors.ts';
import type { PairRecord } from './pair-record.ts';

/** Contexts made per pair record, kept: a device gets several sessions and services a minute. */
const contexts = new Map<string, SecureContext>();
const MAX_CONTEXTS = 64;

/** The TLS context (certificate, key, protocol floor) of a pair record, made once. */
function contextFor(record: PairRecord): SecureContext {
  const id = `${record.RootCertificate.toString('latin1')}\0${record.RootPrivateKey.toString('latin1')}`;
  let context = contexts.get(id);
  if (!context) {
    // Devices before iOS 10 only speak TLS 1.0 with old ciphers.
    context = createSecureContext({ cert: record.RootCertificate, key: record.RootPrivateKey, minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' });
    if (contexts.size >= MAX_CONTEXTS) contexts.delete(contexts.keys().next().value!);
    contexts.set(id, context);
  }
  return context;
}

/** Upgrades a connected socket to TLS and checks the device's certificate against the pair record. */
export function upgradeToTls(socket: Socket, record: PairRecord, timeoutMs = 10_000): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    let secure: TLSSocket;
    try {
      secure = connect({ socket, secureContext: contextFor(record), rejectUnauthorized: false, checkServerIdentity: () => undefined });
    } catch (error) {
      reject(new CradleError('NOT_PAIRED', 'The stored pairing with this device is unreadable. Pair it again.', String(error)));
      return;
    }
    const timer = setTimeout(() => fail(new CradleError('TIMEOUT', 'The device did not complete the secure connection.')), timeoutMs);
    const fail = (error: CradleError) => {
      clearTimeout(timer);
      secure.destroy();
      reject(error);
    };
    secure.once('error', (error: NodeJS.ErrnoException) => {
      const cut = socket.destroyed || error.code === 'ECONNRESET' || error.code === 'EPIPE';
      fail(
        cut
          ? new CradleError('DEVICE_DISCONNECTED', 'The device disconnected. Reconnect it and try again.', error.message)
          : new CradleError('NOT_PAIRED', 'The secure connection to the device failed. Pair it again.', error.message),
      );
    });
    secure.once('secureConnect', () => {
      clearTimeout(timer);
      secure.removeAllListeners('error');
      secure.on('error', () => {});
      const peer = secure.getPeerX509Certificate();
      let expected: X509Certificate;
      try {
        expected = new X509Certificate(record.DeviceCertificate);
      } catch {
        fail(new CradleError('NOT_PAIRED', 'The stored device certificate is unreadable. Pair the device again.'));
        return;
      }
      if (!peer || peer.fingerprint256 !== expected.fingerprint256) {
        fail(new CradleError('NOT_PAIRED', 'The device did not present the certificate this computer paired with. Pair it again.'));
        return;
      }
      resolve(secure);
    });
  });
}
