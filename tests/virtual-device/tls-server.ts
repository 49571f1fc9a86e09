/**
 * The device side of lockdown TLS: a plaintext connection is upgraded in place to a TLS server using the
 * device key and the DeviceCertificate from the host's pair record (PROTOCOLS.md §2, §8).
 */
import { X509Certificate } from 'node:crypto';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';

/** What a TLS upgrade needs: the device's key and certificate, and which client certificates to accept. */
export interface TlsCredentials {
  /** Device private key (PEM). */
  key: string;
  /** DeviceCertificate from the pair record (PEM). */
  cert: Buffer;
  /** Certificates the host may present (the pair record's root and host certificates, PEM). */
  peers: Buffer[];
  /** Allow TLS 1.0 and weak ciphers (hosts cap TLS at 1.0 for devices before iOS 10). */
  legacy: boolean;
}

/** How long a host may take to finish the handshake. */
const HANDSHAKE_TIMEOUT_MS = 30_000;

/**
 * Upgrades `socket` to TLS as the server. The caller must have stopped reading plaintext from it.
 * Resolves once the handshake is done and the host's certificate is one of `credentials.peers`.
 */
export function acceptTls(socket: Duplex, credentials: TlsCredentials): Promise<tls.TLSSocket> {
  const secureContext = tls.createSecureContext({
    key: credentials.key,
    cert: credentials.cert,
    ...(credentials.legacy ? { minVersion: 'TLSv1' as const, ciphers: 'DEFAULT:@SECLEVEL=0' } : {}),
  });
  const secure = new tls.TLSSocket(socket, {
    isServer: true,
    secureContext,
    requestCert: true,
    // Pair-record certificates are self-made; the check below compares them byte for byte instead.
    rejectUnauthorized: false,
  });
  const accepted = credentials.peers.map((pem) => new X509Certificate(pem).raw);
  return new Promise((resolve, reject) => {
    const fail = (error: Error): void => {
      clearTimeout(timer);
      secure.destroy();
      socket.destroy();
      reject(error);
    };
    const timer = setTimeout(() => fail(new Error('TLS handshake timed out')), HANDSHAKE_TIMEOUT_MS);
    const closedEarly = (): void => fail(new Error('connection closed during the TLS handshake'));
    secure.once('error', fail);
    secure.once('close', closedEarly);
    secure.once('secure', () => {
      clearTimeout(timer);
      secure.off('close', closedEarly);
      secure.off('error', fail);
      // Later errors (a host vanishing) only close the connection.
      secure.on('error', () => secure.destroy());
      const peer = secure.getPeerCertificate(true);
      if (!peer?.raw || !accepted.some((der) => der.equals(peer.raw))) {
        fail(new Error('the host presented no certificate from its pair record'));
        return;
      }
      resolve(secure);
    });
  });
}
