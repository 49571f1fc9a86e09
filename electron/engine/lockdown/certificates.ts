/**
 * The certificates of a new pairing (X.509 v3, serial 0, empty names, ten years, SHA-256): our root CA,
 * our host certificate, and a certificate for the device's own public key, both signed by the root.
 * node-forge builds them; Node's crypto generates the RSA keys (much faster).
 */
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import type forgeModule from 'node-forge';

type Forge = typeof forgeModule;

const generate = promisify(generateKeyPair);

/** The certificates and private keys of a pairing, as PEM. */
export interface PairingCertificates {
  rootCertificate: string;
  rootPrivateKey: string;
  hostCertificate: string;
  hostPrivateKey: string;
  deviceCertificate: string;
}

async function newKeyPair(): Promise<{ privatePem: string; publicPem: string }> {
  const { privateKey, publicKey } = await generate('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
  };
}

function certificate(
  forge: Forge,
  publicKey: forgeModule.pki.PublicKey,
  signer: forgeModule.pki.PrivateKey,
  extensions: object[],
): string {
  const cert = forge.pki.createCertificate();
  cert.serialNumber = '00';
  cert.publicKey = publicKey;
  cert.validity.notBefore = new Date();
  cert.validity.notAfter = new Date(Date.now() + 10 * 365 * 24 * 3600 * 1000);
  cert.setSubject([]);
  cert.setIssuer([]);
  cert.setExtensions(extensions);
  cert.sign(signer as forgeModule.pki.rsa.PrivateKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/** Creates the certificates for pairing with a device whose public key is `devicePublicKeyPem` (PKCS#1 or SPKI). */
export async function createPairingCertificates(devicePublicKeyPem: string): Promise<PairingCertificates> {
  // node-forge is loaded here, not when the CLI or the app starts: only pairing makes certificates.
  const [{ default: forge }, root, host] = await Promise.all([import('node-forge'), newKeyPair(), newKeyPair()]);
  const rootKey = forge.pki.privateKeyFromPem(root.privatePem);
  const leafUsage = { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true };
  return {
    rootCertificate: certificate(forge, forge.pki.publicKeyFromPem(root.publicPem), rootKey, [
      { name: 'basicConstraints', cA: true, critical: true },
    ]),
    rootPrivateKey: root.privatePem,
    hostCertificate: certificate(forge, forge.pki.publicKeyFromPem(host.publicPem), rootKey, [
      { name: 'basicConstraints', cA: false, critical: true },
      leafUsage,
    ]),
    hostPrivateKey: host.privatePem,
    deviceCertificate: certificate(forge, forge.pki.publicKeyFromPem(devicePublicKeyPem), rootKey, [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'subjectKeyIdentifier' },
      leafUsage,
    ]),
  };
}
