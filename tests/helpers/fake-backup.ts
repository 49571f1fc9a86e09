/**
 * A small backup folder for unit tests of the library: the four top-level files (Finder-style Info.plist,
 * Status.plist finished on `date`) and one data file at `ab/abcdef`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'plist';

/** Writes the backup into `folder` (created). */
export function fakeBackup(folder: string, date: Date, data = 'file data'): void {
  fs.mkdirSync(path.join(folder, 'ab'), { recursive: true });
  fs.writeFileSync(path.join(folder, 'Info.plist'), build({ 'Device Name': 'Phone', 'Product Name': 'iPhone 14 Pro', 'iTunes Version': '12.13.2.3' }));
  fs.writeFileSync(path.join(folder, 'Manifest.plist'), build({ IsEncrypted: false, Date: date }));
  fs.writeFileSync(path.join(folder, 'Status.plist'), build({ SnapshotState: 'finished', Date: date }));
  fs.writeFileSync(path.join(folder, 'Manifest.db'), `manifest of ${date.toISOString()}`);
  fs.writeFileSync(path.join(folder, 'ab', 'abcdef'), data);
}
