/**
 * numberedName: `name.ext`, `name 2.ext`, … always within 255 bytes, shortened by whole characters, and
 * saveNewFile saving beside a taken name with the longest names there are.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { numberedName, saveNewFile } from './extract.ts';

const bytes = (name: string) => Buffer.byteLength(name);

test('a name keeps itself first; numbered names fit in 255 bytes and keep their extension', () => {
  assert.equal(numberedName('photo.jpg', 1), 'photo.jpg');
  assert.equal(numberedName('photo.jpg', 2), 'photo 2.jpg');
  const longest = `${'n'.repeat(251)}.txt`;
  assert.equal(numberedName(longest, 1), longest);
  const second = numberedName(longest, 2);
  assert.equal(bytes(second), 255);
  assert.ok(second.endsWith(' 2.txt'));
  assert.ok(bytes(numberedName(longest, 1234)) <= 255);
});

test('shortening never cuts a character or a grapheme in half', () => {
  const family = '👨‍👩‍👧';
  const name = `${'x'.repeat(16)}${family.repeat(13)}.png`;
  assert.equal(bytes(name), 254);
  const numbered = numberedName(name, 7);
  assert.equal(numbered, `${'x'.repeat(16)}${family.repeat(12)} 7.png`, 'one whole family emoji fewer');
  const cjk = numberedName('漢'.repeat(85), 2);
  assert.ok(bytes(cjk) <= 255 && cjk.endsWith(' 2'));
  assert.equal(cjk.slice(0, -2), '漢'.repeat(cjk.length - 2), 'whole characters only');
});

test('an "extension" too long to keep is part of the name', () => {
  const name = `a.${'x'.repeat(252)}`;
  const numbered = numberedName(name, 3);
  assert.ok(bytes(numbered) <= 255);
  assert.ok(numbered.endsWith(' 3'));
});

test('saveNewFile saves a second file of the longest name beside the first', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cradle-numbered-'));
  try {
    const name = `${'r'.repeat(250)}.csv`;
    const first = await saveNewFile(dir, name, Buffer.from('one'));
    const second = await saveNewFile(dir, name, Buffer.from('two'));
    assert.notEqual(first, second);
    assert.deepEqual(readdirSync(dir).map(bytes).sort(), [254, 255]);
    assert.equal(readFileSync(first, 'utf8'), 'one');
    assert.equal(readFileSync(second, 'utf8'), 'two');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
