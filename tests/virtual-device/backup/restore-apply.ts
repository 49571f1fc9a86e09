/**
 * The last step of a restore: the downloaded, decrypted entries replace the device's content in the store,
 * and the device's management state follows what its content now says.
 */
import type { DeviceFileEntry, VirtualDevice } from '../types.ts';
import { FLAG_DIRECTORY, FLAG_SYMLINK } from './manifest-db.ts';
import { syncManagementValues } from './management.ts';
import type { RestoreItem } from './restore.ts';
import { inRestoreScope, isEncryptedOnlyEntry, type RestoreScope } from './restore-policy.ts';

const keyOf = (domain: string, relativePath: string): string => `${domain}\0${relativePath}`;

/**
 * Writes `items` into the device's store. With `removeNotRestored`, device entries in the restore's scope
 * that the backup does not have are removed first.
 */
export function applyRestore(device: VirtualDevice, items: readonly RestoreItem[], scope: RestoreScope, removeNotRestored: boolean): void {
  const store = device.store;
  if (removeNotRestored) {
    const incoming = new Set(items.map((item) => keyOf(item.row.domain, item.row.relativePath)));
    for (const entry of store.list()) {
      if (incoming.has(keyOf(entry.domain, entry.relativePath)) || !inRestoreScope(scope, entry.domain, entry.relativePath)) continue;
      // A removed folder took its children with it.
      if (store.get(entry.domain, entry.relativePath)) store.remove(entry.domain, entry.relativePath);
    }
  }
  // Parents sort before their children, so folders exist before what goes in them.
  const sorted = [...items].sort((a, b) => compare(a.row.domain, b.row.domain) || compare(a.row.relativePath, b.row.relativePath));
  for (const { row, contentPath } of sorted) {
    const { domain, relativePath, file } = row;
    const meta: Partial<DeviceFileEntry> = {
      mode: file.mode, lastModified: file.lastModified, birth: file.birth, protectionClass: file.protectionClass,
      inode: file.inode, userId: file.userId, groupId: file.groupId,
      ...(isEncryptedOnlyEntry(domain, relativePath) ? { encryptedOnly: true } : {}),
    };
    const existing = store.get(domain, relativePath);
    if (row.flags === FLAG_DIRECTORY) {
      if (existing && existing.kind !== 'directory') store.remove(domain, relativePath);
      store.mkdir(domain, relativePath, meta);
      continue;
    }
    if (existing?.kind === 'directory') store.remove(domain, relativePath);
    if (row.flags === FLAG_SYMLINK) store.symlink(domain, relativePath, file.target ?? '', meta);
    else if (contentPath !== undefined) store.importFile(domain, relativePath, contentPath, meta);
  }
  store.save();
  syncManagementValues(device);
  device.changed();
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
