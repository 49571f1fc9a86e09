/**
 * Remembered backup passwords (opt-in): encrypted by the host's cipher — Electron's safeStorage, whose key
 * lives in the OS keychain (macOS Keychain, Windows DPAPI, libsecret on Linux) — and kept in a file that
 * never holds plain text. Without a cipher (CLI, browser mode) nothing can be remembered.
 */
import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CradleError } from '../../../shared/errors.ts';

/** Encryption the host provides (Electron: safeStorage). */
export interface SecretCipher {
  isAvailable(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

/** Sealed secrets by key, stored as base64. */
type SealedFile = Record<string, string>;

/** A file of sealed secrets. */
export class SecretStore {
  private sealed: SealedFile;

  constructor(
    private readonly file?: string,
    private readonly cipher?: SecretCipher,
  ) {
    this.sealed = file ? load(file) : {};
  }

  /** Whether secrets can be remembered on this host. */
  get available(): boolean {
    return this.file !== undefined && this.cipher?.isAvailable() === true;
  }

  /** Whether a secret is remembered for `key`. */
  has(key: string): boolean {
    return key in this.sealed;
  }

  /** The remembered secret, or undefined (also when the OS keychain can no longer open it). */
  get(key: string): string | undefined {
    const sealed = this.sealed[key];
    if (!sealed || !this.available) return undefined;
    try {
      return this.cipher!.decrypt(Buffer.from(sealed, 'base64'));
    } catch {
      return undefined;
    }
  }

  /** Remembers a secret. */
  async set(key: string, secret: string): Promise<void> {
    if (!this.available) throw new CradleError('VALIDATION', 'This computer offers no keychain Cradle can use, so the password cannot be remembered.');
    this.sealed = { ...this.sealed, [key]: this.cipher!.encrypt(secret).toString('base64') };
    await this.save();
  }

  /** Forgets a secret. */
  async delete(key: string): Promise<void> {
    if (!(key in this.sealed)) return;
    const { [key]: _removed, ...rest } = this.sealed;
    this.sealed = rest;
    await this.save();
  }

  private async save(): Promise<void> {
    if (!this.file) return;
    await mkdir(dirname(this.file), { recursive: true });
    await writeFile(`${this.file}.tmp`, JSON.stringify(this.sealed), { mode: 0o600 });
    await rename(`${this.file}.tmp`, this.file);
  }
}

/** The key under which a device's backup password is remembered. */
export function backupPasswordKey(udid: string): string {
  return `backup-password:${udid}`;
}

function load(file: string): SealedFile {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return {};
  }
}
