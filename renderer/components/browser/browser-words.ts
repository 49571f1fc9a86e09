/**
 * How the backup browser words things: counts, durations, protection classes, file modes, what a
 * category's status means for the person, what an export wrote and what verify found. Pure, so it is
 * tested in Node.
 */
import type { ExportSummary, VerifyReport } from '../../../shared/browse.ts';
import type { CallRecord, CategoryInfo, CategoryStatus } from '../../../shared/categories.ts';
import { formatBytes } from '../../../shared/format.ts';

/** "1 file", "2,000 files". */
export function countWords(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? noun : nouns}`;
}

/** A call's length: "0:22", "9:47", "1:02:03". */
export function durationWords(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

const PROTECTION: Record<number, string> = {
  1: 'Complete (readable while unlocked)',
  2: 'Complete unless open',
  3: 'Until first unlock',
  4: 'None',
  6: 'When unlocked (keychain)',
  7: 'After first unlock (keychain)',
  8: 'Always (keychain)',
  9: 'When unlocked, this device only',
  10: 'After first unlock, this device only',
  11: 'Always, this device only',
};

/** A data protection class in words, with its number. */
export function protectionWords(protectionClass: number): string {
  const words = PROTECTION[protectionClass];
  return words ? `${words} · class ${protectionClass}` : `Class ${protectionClass}`;
}

/** The permission bits of a st_mode as `ls` writes them ("rw-r--r--"). */
export function modeWords(mode: number): string {
  const letters = 'rwxrwxrwx';
  let text = '';
  for (let bit = 0; bit < 9; bit++) text += mode & (0o400 >> bit) ? letters[bit] : '-';
  return text;
}

/** Unix seconds as an ISO string (dates travel as ISO in the interface). */
export function isoFromUnix(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/** What kind of call it was, in one or two words. */
export function callKindWords(call: Pick<CallRecord, 'direction' | 'answered' | 'service'>): string {
  const way = call.direction === 'outgoing' ? (call.answered ? 'Outgoing' : 'Not answered') : call.answered ? 'Incoming' : 'Missed';
  const service = call.service === 'facetime-video' ? 'FaceTime Video' : call.service === 'facetime-audio' ? 'FaceTime Audio' : call.service === 'phone' ? 'Phone' : 'Other';
  return `${way} · ${service}`;
}

/**
 * Why a category shows nothing, or only part, in the person's terms: what to do to see it. Undefined when
 * it is all there.
 */
export function statusWords(info: CategoryInfo, status: CategoryStatus, encrypted: boolean): string | undefined {
  const what = info.title;
  switch (status) {
    case 'ok':
      return info.encryptedOnly === 'part' && !encrypted && info.encryptedOnlyPart
        ? `${info.encryptedOnlyPart} is only in encrypted backups. Turn on “Encrypt local backup” for this device and back up again to keep it.`
        : undefined;
    case 'needs-encryption':
      return `Only in encrypted backups. This backup is not encrypted, so it does not hold ${what}. Turn on “Encrypt local backup” for this device and back up again.`;
    case 'locked':
      return `Unlock the backup with its password to see ${what}.`;
    case 'missing':
      return `This backup holds no ${what}.`;
    case 'unreadable':
      return `${what} could not be read from this backup.`;
  }
}

/** Whether a category shows the lock of "Only in encrypted backups" for this backup. */
export function needsEncryption(info: CategoryInfo, encrypted: boolean): boolean {
  return !encrypted && info.encryptedOnly === 'all';
}

/** What an export wrote ("Exported 3 files (1.2 MB) to /Users/anna/Desktop."), and what it left out. */
export function exportWords(summary: Partial<ExportSummary> & { path?: string }): string {
  const where = summary.path ?? summary.outDir;
  const files = summary.files ?? 0;
  const size = summary.bytes ? ` (${formatBytes(summary.bytes)})` : '';
  const main = summary.path ? `Saved to ${summary.path}.` : `Exported ${countWords(files, 'file')}${size}${where ? ` to ${where}` : ''}.`;
  const skipped = summary.skipped?.length ? ` ${countWords(summary.skipped.length, 'item')} could not be exported.` : '';
  return main + skipped;
}

/** Verify's verdict in one sentence. */
export function verifyWords(report: VerifyReport): string {
  const checked = `${countWords(report.files, 'file')} (${formatBytes(report.bytes)})`;
  if (!report.contentsChecked) return 'Only the backup’s settings and keybag could be checked: unlock it with its password to check its files too.';
  if (report.errors === 0 && report.warnings === 0) return `No problems found. ${checked} checked.`;
  const found = [report.errors ? countWords(report.errors, 'problem') : '', report.warnings ? countWords(report.warnings, 'warning') : ''].filter(Boolean).join(' and ');
  return `${found} found in ${checked}.${report.errors ? ' Some files may not restore or open.' : ''}`;
}

/** Initials for a contact's picture ("AK"). */
export function initials(name: string): string {
  const letters = name
    .split(/\s+/)
    .filter((word) => /\p{L}/u.test(word))
    .map((word) => [...word][0] ?? '');
  return (letters.length > 1 ? `${letters[0]}${letters.at(-1)}` : (letters[0] ?? '?')).toUpperCase();
}

/** A hue for an app or a contact, the same every time for the same text (drawn at 32 % lightness: white initials keep AA contrast). */
export function hueOf(text: string): number {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return hash % 360;
}
