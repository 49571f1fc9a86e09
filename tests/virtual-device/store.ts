/**
 * The virtual device's user data: real files under `<root>/files/<domain>/<relativePath>` and their
 * metadata (mode, dates, inode, protection class, backup flags) in `<root>/store.json`.
 * Symlinks exist only as metadata (a backup records their Target, never content), so nothing on disk can
 * point outside the store.
 */
import fs from 'node:fs';
import path from 'node:path';
import { checkDomain, checkRelativePath, confinedPath, parentOf } from './store-paths.ts';
import { parseMetadata, serializeMetadata } from './store-format.ts';
import type { DeviceFileEntry, DeviceStore } from './types.ts';

/** Owner of user data on iOS (mobile:mobile). */
const MOBILE = 501;
/** Default class of iOS user files (UntilFirstUserAuthentication); directories carry no class. */
const DEFAULT_FILE_CLASS = 3;
const TYPE_BITS = { file: 0o100000, directory: 0o040000, symlink: 0o120000 } as const;
const DEFAULT_PERMISSIONS = { file: 0o644, directory: 0o755, symlink: 0o755 } as const;

type Meta = Partial<DeviceFileEntry> | undefined;

/** Opens (or creates) the device store under `root`, loading saved metadata when present. */
export function createDeviceStore(root: string): DeviceStore {
  return new FileDeviceStore(path.resolve(root));
}

const keyOf = (domain: string, relativePath: string): string => `${domain}\0${relativePath}`;
const byDomainAndPath = (a: DeviceFileEntry, b: DeviceFileEntry): number =>
  a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0;

class FileDeviceStore implements DeviceStore {
  readonly root: string;
  readonly tempDir: string;
  private readonly metadataPath: string;
  private entries = new Map<string, DeviceFileEntry>();
  private sorted: DeviceFileEntry[] | undefined;
  private nextInode = 1_000_000;
  private discarded = 0;

  constructor(base: string) {
    this.root = path.join(base, 'files');
    this.tempDir = path.join(base, 'tmp');
    this.metadataPath = path.join(base, 'store.json');
    fs.rmSync(this.tempDir, { recursive: true, force: true });
    fs.mkdirSync(this.tempDir, { recursive: true });
    if (fs.existsSync(this.metadataPath)) {
      const metadata = parseMetadata(fs.readFileSync(this.metadataPath, 'utf8'));
      for (const entry of metadata.entries) {
        checkDomain(entry.domain);
        checkRelativePath(entry.relativePath);
        this.entries.set(keyOf(entry.domain, entry.relativePath), Object.freeze(entry));
      }
      this.nextInode = metadata.nextInode;
    } else {
      // Without metadata, files on disk are leftovers of an unsaved run: the metadata is the truth.
      fs.rmSync(this.root, { recursive: true, force: true });
    }
    fs.mkdirSync(this.root, { recursive: true });
  }

  list(): DeviceFileEntry[] {
    this.sorted ??= [...this.entries.values()].sort(byDomainAndPath);
    return this.sorted.slice();
  }

  get(domain: string, relativePath: string): DeviceFileEntry | undefined {
    return this.entries.get(keyOf(domain, relativePath));
  }

  pathOf(domain: string, relativePath: string): string {
    return confinedPath(this.root, domain, relativePath);
  }

  writeFile(domain: string, relativePath: string, data: Buffer, meta?: Partial<DeviceFileEntry>): void {
    const full = this.prepareFile(domain, relativePath, meta);
    fs.writeFileSync(full, data);
    this.put('file', domain, relativePath, meta, data.length);
  }

  importFile(domain: string, relativePath: string, sourcePath: string, meta?: Partial<DeviceFileEntry>): void {
    const full = this.prepareFile(domain, relativePath, meta);
    try {
      fs.renameSync(sourcePath, full);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      fs.copyFileSync(sourcePath, full);
      fs.rmSync(sourcePath, { force: true });
    }
    this.put('file', domain, relativePath, meta, fs.statSync(full).size);
  }

  mkdir(domain: string, relativePath: string, meta?: Partial<DeviceFileEntry>): void {
    const full = this.pathOf(domain, relativePath);
    const existing = this.get(domain, relativePath);
    if (existing && existing.kind !== 'directory') throw new Error(`not a directory: ${domain}/${relativePath}`);
    this.ensureParents(domain, relativePath, meta);
    // A folder the store lists is on disk already (a restore declares every folder again).
    if (!existing) fs.mkdirSync(full, { recursive: true });
    this.put('directory', domain, relativePath, meta, 0);
  }

  symlink(domain: string, relativePath: string, target: string, meta?: Partial<DeviceFileEntry>): void {
    const full = this.prepareFile(domain, relativePath, meta);
    fs.rmSync(full, { force: true });
    this.put('symlink', domain, relativePath, { ...meta, target }, Buffer.byteLength(target));
  }

  remove(domain: string, relativePath: string): void {
    const full = this.pathOf(domain, relativePath);
    const entry = this.get(domain, relativePath);
    if (entry?.kind === 'directory') {
      const prefix = relativePath === '' ? keyOf(domain, '') : keyOf(domain, `${relativePath}/`);
      for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
    }
    this.entries.delete(keyOf(domain, relativePath));
    this.sorted = undefined;
    this.discard(full);
  }

  clear(): void {
    this.entries.clear();
    this.sorted = undefined;
    this.discard(this.root);
    fs.mkdirSync(this.root, { recursive: true });
  }

  save(): void {
    const temporary = `${this.metadataPath}.tmp`;
    fs.writeFileSync(temporary, serializeMetadata(this.entries.values(), this.nextInode));
    fs.renameSync(temporary, this.metadataPath);
  }

  /**
   * Takes a file or folder out of the store at once (a rename into tempDir) and deletes it in the
   * background, as a phone frees space after a restore: deleting a big tree synchronously would stall every
   * other simulated device sharing this process. tempDir is emptied at the next start if the process dies.
   */
  private discard(full: string): void {
    const trash = path.join(this.tempDir, `discarded-${process.pid}-${this.discarded++}`);
    try {
      fs.renameSync(full, trash);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      fs.rmSync(full, { recursive: true, force: true });
      return;
    }
    void fs.promises.rm(trash, { recursive: true, force: true }).catch(() => undefined);
  }

  /** Checks the path, refuses to replace a directory, creates parents; returns the content path. */
  private prepareFile(domain: string, relativePath: string, meta: Meta): string {
    const full = this.pathOf(domain, relativePath);
    if (relativePath === '') throw new Error(`a domain root is a directory: ${domain}`);
    if (this.get(domain, relativePath)?.kind === 'directory') throw new Error(`is a directory: ${domain}/${relativePath}`);
    this.ensureParents(domain, relativePath, meta);
    return full;
  }

  /** Creates directory entries (and folders) for every missing ancestor, domain root included. */
  private ensureParents(domain: string, relativePath: string, meta: Meta): void {
    const missing: string[] = [];
    let current: string | undefined = relativePath === '' ? undefined : parentOf(relativePath);
    while (current !== undefined) {
      const entry = this.get(domain, current);
      if (entry) {
        if (entry.kind !== 'directory') throw new Error(`not a directory: ${domain}/${current}`);
        break;
      }
      missing.push(current);
      current = current === '' ? undefined : parentOf(current);
    }
    if (missing.length === 0) return;
    fs.mkdirSync(this.pathOf(domain, missing[0] as string), { recursive: true });
    // Implicit folders take the child's dates so generated content stays deterministic.
    const dates = { lastModified: meta?.lastModified, birth: meta?.birth ?? meta?.lastModified };
    for (let i = missing.length - 1; i >= 0; i--) this.put('directory', domain, missing[i] as string, dates, 0);
  }

  private put(kind: DeviceFileEntry['kind'], domain: string, relativePath: string, meta: Meta, size: number): void {
    const key = keyOf(domain, relativePath);
    const previous = this.entries.get(key);
    const kept = previous && previous.kind === kind ? previous : undefined;
    const now = Math.floor(Date.now() / 1000);
    // A rewritten file is modified now; re-declaring a folder keeps its date.
    const lastModified = meta?.lastModified ?? (kind === 'directory' ? kept?.lastModified : undefined) ?? now;
    const entry: DeviceFileEntry = {
      domain,
      relativePath,
      kind,
      mode: TYPE_BITS[kind] | ((meta?.mode ?? kept?.mode ?? DEFAULT_PERMISSIONS[kind]) & 0o7777),
      size,
      lastModified,
      birth: meta?.birth ?? kept?.birth ?? lastModified,
      protectionClass: meta?.protectionClass ?? kept?.protectionClass ?? (kind === 'file' ? DEFAULT_FILE_CLASS : 0),
      inode: meta?.inode ?? kept?.inode ?? this.nextInode++,
      userId: meta?.userId ?? kept?.userId ?? MOBILE,
      groupId: meta?.groupId ?? kept?.groupId ?? MOBILE,
    };
    if (kind === 'symlink') entry.target = meta?.target ?? '';
    if (meta?.encryptedOnly ?? kept?.encryptedOnly) entry.encryptedOnly = true;
    if (meta?.excludedFromBackup ?? kept?.excludedFromBackup) entry.excludedFromBackup = true;
    this.entries.set(key, Object.freeze(entry));
    this.sorted = undefined;
  }
}
