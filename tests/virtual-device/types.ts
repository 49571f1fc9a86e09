/**
 * The shapes the parts of the virtual device agree on: transport (usbmuxd, lockdownd, services),
 * content (the device's files) and the backup service (mobilebackup2).
 */
import type { Duplex } from 'node:stream';

/** Content profile of a virtual device. */
export type Profile = 'personal' | 'golden' | 'managed';

/** One entry of the device's file system, as a backup sees it (domain + path relative to the domain). */
export interface DeviceFileEntry {
  domain: string;
  /** Path inside the domain, '' for the domain root, no leading slash. */
  relativePath: string;
  kind: 'file' | 'directory' | 'symlink';
  /** Symlink target, for kind 'symlink'. */
  target?: string;
  /** Full st_mode (type bits + permissions), as MBFile.Mode. */
  mode: number;
  size: number;
  /** Unix seconds. */
  lastModified: number;
  birth: number;
  /** Data protection class 1..11 (PROTOCOLS.md §5). */
  protectionClass: number;
  inode: number;
  userId: number;
  groupId: number;
  /** True when a backup includes this entry only when the backup is encrypted (keychain, Wi-Fi, call history…). */
  encryptedOnly?: boolean;
  /** True for data of a managed app excluded from backups ("Prevent app backup"). */
  excludedFromBackup?: boolean;
}

/**
 * The device's user data: a real directory tree on disk (`<root>/<domain>/<relativePath>`) plus metadata.
 * Implemented in store.ts. Writing to a path creates the missing parent folder entries and the domain root;
 * domains and paths with `..`, `.`, empty segments, a leading `/`, `\` or NUL throw UnsafeStorePathError.
 * Backups read it; restores replace it; tests compare against it byte for byte.
 */
export interface DeviceStore {
  /** Folder holding the domain folders. */
  readonly root: string;
  /** Scratch folder on the same file system as the content: files written here are renamed in by importFile. */
  readonly tempDir: string;
  /** Every entry, domain roots included, in a stable order. */
  list(): DeviceFileEntry[];
  get(domain: string, relativePath: string): DeviceFileEntry | undefined;
  /** Absolute path of an entry's content on disk. */
  pathOf(domain: string, relativePath: string): string;
  /** Creates or replaces a file (parents created); metadata defaults are filled in. */
  writeFile(domain: string, relativePath: string, data: Buffer, meta?: Partial<DeviceFileEntry>): void;
  /**
   * Creates or replaces a file from a path on disk, for large content and restores. The source is consumed:
   * renamed in (instant from tempDir), or copied then deleted across file systems.
   */
  importFile(domain: string, relativePath: string, sourcePath: string, meta?: Partial<DeviceFileEntry>): void;
  mkdir(domain: string, relativePath: string, meta?: Partial<DeviceFileEntry>): void;
  /** Creates or replaces a symlink entry (metadata only: backups carry its Target, never content). */
  symlink(domain: string, relativePath: string, target: string, meta?: Partial<DeviceFileEntry>): void;
  remove(domain: string, relativePath: string): void;
  /** Removes every entry (used by a full restore before the backup's content goes in). */
  clear(): void;
  /** Persists metadata (the content is already on disk). */
  save(): void;
}

/** Lockdown values by domain; '' is the default (no-domain) set. */
export type LockdownValues = Record<string, Record<string, unknown>>;

/** How the device answers a Pair request. */
export type TrustMode = 'auto' | 'pending' | 'deny';

/** The whole simulated device: identity, state, files. Owned by the transport; read and changed by services. */
export interface VirtualDevice {
  readonly udid: string;
  /** usbmuxd DeviceID. */
  readonly deviceId: number;
  readonly profile: Profile;
  /** Per-device state folder (pair records, keys, store, backup settings). */
  readonly dir: string;
  readonly values: LockdownValues;
  readonly store: DeviceStore;
  /** RSA private key of the device (PEM, PKCS#8) whose public half is DevicePublicKey. */
  readonly privateKeyPem: string;
  /** Passcode lock: while locked, StartService of protected services fails and backups end with 208. */
  locked: boolean;
  /** Whether "Find My" is on (com.apple.fmip IsAssociated); restore fails with 211 while on. */
  findMy: boolean;
  trustMode: TrustMode;
  /** Backup password when local backup encryption is on (WillEncrypt), else null. */
  backupPassword: string | null;
  /** Key derivation iteration counts for encrypted backups (real: DPIC 10,000,000 and ITER 10,000). */
  kdf: { dpic: number; iter: number };
  /** Bytes per second cap for this device's tunnels (undefined = unthrottled). */
  throttleBytesPerSecond?: number;
  /** Emits a status change to listeners (control interface, usbmuxd Paired events). */
  changed(): void;
  /**
   * Simulates a reboot after a restore (RestoreShouldReboot): the device detaches from usbmuxd (tunnels cut)
   * and attaches again a moment later. Implemented by the transport; optional so services work without it.
   */
  reboot?(): void;
}

/** A lockdown service: receives the service connection (already TLS-wrapped when it asked for SSL). */
export interface ServiceDefinition {
  name: string;
  /** Whether StartService answers EnableServiceSSL:true. */
  ssl: boolean;
  /** Whether the service refuses to start while the device is locked. */
  needsUnlock?: boolean;
  handle(socket: Duplex, device: VirtualDevice): void;
}
