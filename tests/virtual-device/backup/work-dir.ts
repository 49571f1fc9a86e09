/**
 * Scratch folders of backup and restore operations, inside the store's scratch folder so that finished
 * downloads are renamed into the store (same file system) and leftovers of a crash are cleared with it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { VirtualDevice } from '../types.ts';

/** Creates a fresh scratch folder for one operation. */
export function createWorkDir(device: VirtualDevice, label: string): string {
  fs.mkdirSync(device.store.tempDir, { recursive: true });
  return fs.mkdtempSync(path.join(device.store.tempDir, `${label}-`));
}

/** Removes a scratch folder and everything left in it. */
export function removeWorkDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
