/**
 * TLS with a device: the host is the client and presents the pair record's root certificate (what
 * lockdownd checks); the device's certificate must be the one in the pair record (pinned, since it is
 * signed by our own root and no CA vouches for it).
 */
import { X509Certificate } from 'node:crypto';
import type { Socket } from 'node:net';
import { connect, type TLSSocket } from 'node:tls';
import { CradleError } from '../../../shared/errors.ts';
import type { PairRecord } from './pair-record.ts';

/** Upgrades a connected socket to TLS and checks the device's certificate against the pair record. */
export function upgradeToTls(socket: Socket, record: PairRecord, timeoutMs = 10_000): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const secure = connect({
      socket,
      cert: record.RootCertificate,
      key: record.RootPrivateKey,
      rejectUnauthorized: false,
      // Devices before iOS 10 only speak TLS 1.0 with old ciphers.
      minVersion: 'TLSv1',
      ciphers: 'DEFAULT:@SECLEVEL=0',
      checkServerIdentity: () => undefined,
    });
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
