/**
 * A fingerprint of every file in a folder (relative path → SHA-1), to prove a backup did not change.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Path → SHA-1 of every file below `folder`. */
export function fingerprint(folder: string): Map<string, string> {
  const prints = new Map<string, string>();
  for (const entry of fs.readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    prints.set(path.relative(folder, full), createHash('sha1').update(fs.readFileSync(full)).digest('hex'));
  }
  return prints;
}
