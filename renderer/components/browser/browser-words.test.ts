import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CATEGORY_INFO } from '../../../shared/categories.ts';
import { callKindWords, countWords, durationWords, exportWords, hueOf, initials, isoFromUnix, modeWords, needsEncryption, protectionWords, statusWords, verifyWords } from './browser-words.ts';

test('counts, durations, modes and protection classes in words', () => {
  assert.equal(countWords(1, 'file'), '1 file');
  assert.equal(countWords(2000, 'match', 'matches'), '2,000 matches');
  assert.equal(durationWords(22), '0:22');
  assert.equal(durationWords(587), '9:47');
  assert.equal(durationWords(3723), '1:02:03');
  assert.equal(durationWords(-5), '0:00');
  assert.equal(modeWords(0o100644), 'rw-r--r--');
  assert.equal(modeWords(0o40755), 'rwxr-xr-x');
  assert.equal(protectionWords(3), 'Until first unlock · class 3');
  assert.equal(protectionWords(11), 'Always, this device only · class 11');
  assert.equal(protectionWords(5), 'Class 5');
  assert.equal(isoFromUnix(0), '1970-01-01T00:00:00.000Z');
});

test('calls say their direction, whether answered, and the service', () => {
  assert.equal(callKindWords({ direction: 'incoming', answered: false, service: 'phone' }), 'Missed · Phone');
  assert.equal(callKindWords({ direction: 'outgoing', answered: false, service: 'facetime-video' }), 'Not answered · FaceTime Video');
  assert.equal(callKindWords({ direction: 'outgoing', answered: true, service: 'facetime-audio' }), 'Outgoing · FaceTime Audio');
  assert.equal(callKindWords({ direction: 'incoming', answered: true, service: 'other' }), 'Incoming · Other');
});

test('a category’s status says what to do; the encrypted-only part only when the backup is not encrypted', () => {
  const calls = CATEGORY_INFO.calls;
  const safari = CATEGORY_INFO.safari;
  assert.match(statusWords(calls, 'needs-encryption', false) ?? '', /^Only in encrypted backups\. .*Encrypt local backup/);
  assert.equal(statusWords(calls, 'ok', true), undefined);
  assert.match(statusWords(safari, 'ok', false) ?? '', /^Website history is only in encrypted backups/);
  assert.equal(statusWords(safari, 'ok', true), undefined);
  assert.equal(statusWords(CATEGORY_INFO.notes, 'missing', true), 'This backup holds no Notes.');
  assert.match(statusWords(CATEGORY_INFO.passwords, 'locked', true) ?? '', /Unlock/);
  assert.match(statusWords(CATEGORY_INFO.contacts, 'unreadable', true) ?? '', /could not be read/);
  assert.equal(needsEncryption(calls, false), true);
  assert.equal(needsEncryption(calls, true), false);
  assert.equal(needsEncryption(safari, false), false, 'a part only does not lock the whole category');
});

test('what an export wrote, and what it could not', () => {
  assert.equal(exportWords({ outDir: '/tmp/out', files: 3, bytes: 1_200_000, skipped: [] }), 'Exported 3 files (1.2 MB) to /tmp/out.');
  assert.equal(exportWords({ outDir: '/tmp/out', files: 1, path: '/tmp/out/Anna Contacts.vcf' }), 'Saved to /tmp/out/Anna Contacts.vcf.');
  assert.equal(
    exportWords({ outDir: '/o', files: 0, bytes: 0, skipped: [{ domain: 'D', relativePath: '../x', reason: 'unsafe' }] }),
    'Exported 0 files to /o. 1 item could not be exported.',
  );
});

test('verify’s verdict: sound, problems, or only the plists of a locked backup', () => {
  const base = { path: '/b', encrypted: true, contentsChecked: true, files: 71, bytes: 6_100_000, errors: 0, warnings: 0, issues: [], issuesNotListed: 0 };
  assert.equal(verifyWords(base), 'No problems found. 71 files (6.1 MB) checked.');
  assert.equal(verifyWords({ ...base, errors: 2, warnings: 1 }), '2 problems and 1 warning found in 71 files (6.1 MB). Some files may not restore or open.');
  assert.equal(verifyWords({ ...base, warnings: 3 }), '3 warnings found in 71 files (6.1 MB).');
  assert.match(verifyWords({ ...base, contentsChecked: false }), /unlock it with its password/);
});

test('initials and hues of names', () => {
  assert.equal(initials('Anna Keller'), 'AK');
  assert.equal(initials('Lucía de la Cruz'), 'LC');
  assert.equal(initials('Mia'), 'M');
  assert.equal(initials('+1 555 0134'), '?');
  assert.equal(initials('élodie'), 'É');
  assert.equal(hueOf('com.apple.mobilesafari'), hueOf('com.apple.mobilesafari'));
  assert.ok(hueOf('x') >= 0 && hueOf('x') < 360);
});
