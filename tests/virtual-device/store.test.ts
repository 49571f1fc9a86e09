import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDeviceStore } from './store.ts';
import { UnsafeStorePathError } from './store-paths.ts';

function withTempDir(run: (dir: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cradle-store-'));
  try {
    run(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('writes files with parents and domain roots, and reads them back', () => {
  withTempDir((dir) => {
    const store = createDeviceStore(dir);
    store.writeFile('HomeDomain', 'Library/SMS/sms.db', Buffer.from('hello'), { protectionClass: 1, lastModified: 1_700_000_000 });
    assert.equal(fs.readFileSync(store.pathOf('HomeDomain', 'Library/SMS/sms.db'), 'utf8'), 'hello');
    assert.equal(store.pathOf('HomeDomain', 'Library/SMS/sms.db'), path.join(dir, 'files', 'HomeDomain', 'Library', 'SMS', 'sms.db'));
    const entry = store.get('HomeDomain', 'Library/SMS/sms.db');
    assert.equal(entry?.kind, 'file');
    assert.equal(entry?.size, 5);
    assert.equal(entry?.mode, 0o100644);
    assert.equal(entry?.protectionClass, 1);
    assert.equal(entry?.lastModified, 1_700_000_000);
    assert.equal(entry?.userId, 501);
    assert.deepEqual(
      store.list().map((e) => `${e.kind}:${e.domain}:${e.relativePath}`),
      ['directory:HomeDomain:', 'directory:HomeDomain:Library', 'directory:HomeDomain:Library/SMS', 'file:HomeDomain:Library/SMS/sms.db'],
    );
    assert.equal(store.get('HomeDomain', 'Library')?.mode, 0o040755);
  });
});

test('replacing a file keeps its inode and flags, and new files get distinct inodes', () => {
  withTempDir((dir) => {
    const store = createDeviceStore(dir);
    store.writeFile('D', 'a', Buffer.from('1'), { encryptedOnly: true });
    store.writeFile('D', 'b', Buffer.from('2'));
    const inode = store.get('D', 'a')?.inode;
    store.writeFile('D', 'a', Buffer.from('longer'));
    assert.equal(store.get('D', 'a')?.inode, inode);
    assert.equal(store.get('D', 'a')?.encryptedOnly, true);
    assert.equal(store.get('D', 'a')?.size, 6);
    assert.notEqual(store.get('D', 'b')?.inode, inode);
    assert.throws(() => store.writeFile('D', '', Buffer.alloc(0)));
    store.mkdir('D', 'dir');
    assert.throws(() => store.writeFile('D', 'dir', Buffer.alloc(0)));
    assert.throws(() => store.writeFile('D', 'a/child', Buffer.alloc(0)));
  });
});

test('state survives reopening the same root', () => {
  withTempDir((dir) => {
    const store = createDeviceStore(dir);
    store.writeFile('AppDomain-com.example.app', 'Documents/x.txt', Buffer.from('x'), { excludedFromBackup: true, inode: 42 });
    store.mkdir('MediaDomain', 'Library/SMS/Attachments', { lastModified: 1_600_000_000 });
    store.symlink('HomeDomain', 'Library/link', '/var/mobile/Library/target');
    store.save();
    const before = store.list();
    const reopened = createDeviceStore(dir);
    assert.deepEqual(reopened.list(), before);
    assert.equal(reopened.get('AppDomain-com.example.app', 'Documents/x.txt')?.excludedFromBackup, true);
    assert.equal(reopened.get('HomeDomain', 'Library/link')?.target, '/var/mobile/Library/target');
    assert.equal(fs.readFileSync(reopened.pathOf('AppDomain-com.example.app', 'Documents/x.txt'), 'utf8'), 'x');
    reopened.writeFile('HomeDomain', 'new', Buffer.from('n'));
    const inodes = reopened.list().map((e) => e.inode);
    assert.equal(new Set(inodes).size, inodes.length, 'inodes stay unique after reopening');
  });
});

test('an unsaved store starts empty on reopen', () => {
  withTempDir((dir) => {
    createDeviceStore(dir).writeFile('D', 'f', Buffer.from('x'));
    const reopened = createDeviceStore(dir);
    assert.equal(reopened.list().length, 0);
    assert.equal(fs.existsSync(path.join(dir, 'files', 'D')), false);
  });
});

test('importFile moves content in from tempDir', () => {
  withTempDir((dir) => {
    const store = createDeviceStore(dir);
    const source = path.join(store.tempDir, 'big');
    fs.writeFileSync(source, Buffer.alloc(100_000, 7));
    store.importFile('CameraRollDomain', 'Media/DCIM/100APPLE/IMG_0001.MOV', source, { protectionClass: 2 });
    assert.equal(fs.existsSync(source), false);
    assert.equal(store.get('CameraRollDomain', 'Media/DCIM/100APPLE/IMG_0001.MOV')?.size, 100_000);
    assert.equal(fs.statSync(store.pathOf('CameraRollDomain', 'Media/DCIM/100APPLE/IMG_0001.MOV')).size, 100_000);
  });
});

test('remove deletes a subtree, clear deletes everything', () => {
  withTempDir((dir) => {
    const store = createDeviceStore(dir);
    store.writeFile('D', 'a/b/c', Buffer.from('1'));
    store.writeFile('D', 'a/bc', Buffer.from('2'));
    store.writeFile('D', 'a-b', Buffer.from('3'));
    store.remove('D', 'a/b');
    assert.deepEqual(store.list().map((e) => e.relativePath), ['', 'a', 'a-b', 'a/bc']);
    assert.equal(fs.existsSync(path.join(dir, 'files', 'D', 'a', 'b')), false);
    store.remove('D', '');
    assert.equal(store.list().length, 0);
    store.writeFile('E', 'x', Buffer.from('1'));
    store.clear();
    assert.equal(store.list().length, 0);
    assert.deepEqual(fs.readdirSync(store.root), []);
  });
});

test('refuses domains and paths that could leave the store', () => {
  withTempDir((dir) => {
    const store = createDeviceStore(dir);
    const bad: Array<[string, string]> = [
      ['..', 'x'], ['.', 'x'], ['', 'x'], ['a/b', 'x'], ['a\\b', 'x'], ['a\0b', 'x'],
      ['D', '../x'], ['D', 'a/../../x'], ['D', '/etc/passwd'], ['D', 'a//b'], ['D', 'a/'], ['D', './a'],
      ['D', 'a\\..\\..\\x'], ['D', 'a\0b'],
    ];
    for (const [domain, relativePath] of bad) {
      assert.throws(() => store.writeFile(domain, relativePath, Buffer.from('x')), UnsafeStorePathError, `${domain} ${relativePath}`);
      assert.throws(() => store.mkdir(domain, relativePath), UnsafeStorePathError);
      assert.throws(() => store.pathOf(domain, relativePath), UnsafeStorePathError);
      assert.throws(() => store.remove(domain, relativePath), UnsafeStorePathError);
    }
    assert.deepEqual(fs.readdirSync(dir).sort(), ['files', 'tmp']);
    assert.deepEqual(fs.readdirSync(store.root), []);
  });
});

test('200,000 entries are created, saved and reopened', () => {
  withTempDir((dir) => {
    const store = createDeviceStore(dir);
    const content = Buffer.from('x');
    for (let i = 0; i < 200_000; i++) {
      store.writeFile(`AppDomain-com.example.app${i % 20}`, `Library/Caches/d${(i >> 8) % 64}/f${i}`, content, { lastModified: 1_700_000_000 });
    }
    const count = store.list().length;
    assert.ok(count > 200_000);
    store.save();
    const reopened = createDeviceStore(dir);
    assert.equal(reopened.list().length, count);
    assert.equal(reopened.get('AppDomain-com.example.app7', 'Library/Caches/d0/f7')?.size, 1);
  });
});
