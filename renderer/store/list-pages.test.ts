import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TreeItem } from '../../shared/browse.ts';
import { addPage, completeItems, emptyPages, folderKey, isPagedOrder, missingPages, nextOrder, NAME_ORDER, PAGE_SIZE, rowAt, sortRows } from './list-pages.ts';

function item(name: string, extra: Partial<TreeItem> = {}): TreeItem {
  return { fileID: name.padEnd(40, '0'), domain: 'HomeDomain', relativePath: `Library/${name}`, name, kind: 'file', ...extra };
}

/** One page of a listing of `total` rows named r0, r1… */
function page(offset: number, total: number) {
  const items = Array.from({ length: Math.max(0, Math.min(PAGE_SIZE, total - offset)) }, (_, index) => item(`r${offset + index}`));
  return { total, offset, items };
}

test('an empty listing asks for its first page, then for the pages a visible range still lacks', () => {
  const key = folderKey('HomeDomain', 'Library');
  const list = emptyPages(key);
  assert.deepEqual(missingPages(list, 0, 40), [0]);
  const first = addPage(list, page(0, 100_000));
  assert.equal(first.key, key);
  assert.equal(first.total, 100_000);
  assert.deepEqual(missingPages(first, 0, 40), []);
  assert.deepEqual(missingPages(first, 480, 1020), [1, 2]);
  assert.deepEqual(missingPages(first, 99_990, 100_050), [199], 'the range is clipped to the listing');
  assert.equal(rowAt(first, 7)?.name, 'r7');
  assert.equal(rowAt(first, 700), undefined, 'a row of a page not fetched yet');
  assert.equal(rowAt(first, -1), undefined);
});

test('every row comes in engine order only once every page is there', () => {
  let list = addPage(emptyPages('k'), page(0, 1200));
  assert.equal(completeItems(list), undefined);
  assert.deepEqual(missingPages(list, 0, 1199), [1, 2]);
  list = addPage(addPage(list, page(1000, 1200)), page(500, 1200));
  assert.deepEqual(missingPages(list, 0, 1199), []);
  assert.deepEqual(completeItems(list)?.map((row) => row.name).slice(498, 502), ['r498', 'r499', 'r500', 'r501']);
  assert.equal(completeItems(list)?.length, 1200);
  assert.deepEqual(completeItems(addPage(emptyPages('k'), { total: 0, offset: 0, items: [] })), []);
});

test('folders page in every order (the engine sorts), searches only by name; a click flips the column or starts a new one', () => {
  assert.equal(isPagedOrder(NAME_ORDER), true);
  assert.equal(isPagedOrder({ key: 'size', ascending: true }), true);
  assert.equal(isPagedOrder(NAME_ORDER, true), true);
  assert.equal(isPagedOrder({ key: 'name', ascending: false }, true), false);
  assert.equal(isPagedOrder({ key: 'size', ascending: true }, true), false);
  assert.deepEqual(nextOrder(NAME_ORDER, 'name'), { key: 'name', ascending: false });
  assert.deepEqual(nextOrder(NAME_ORDER, 'size'), { key: 'size', ascending: true });
  assert.deepEqual(nextOrder(NAME_ORDER, 'date'), { key: 'date', ascending: false }, 'dates start newest first');
});

test('sorting keeps folders first and breaks ties by name, numbers in names counted as numbers', () => {
  const rows = [
    item('IMG_10.JPG', { size: 300, lastModified: 30 }),
    item('IMG_9.JPG', { size: 100, lastModified: 50 }),
    item('DCIM', { kind: 'directory', children: 4 }),
    item('a.plist', { size: 100, lastModified: 10 }),
    item('unknown'),
  ];
  const names = (order: Parameters<typeof sortRows>[1]) => sortRows(rows, order).map((row) => row.name);
  assert.deepEqual(names({ key: 'name', ascending: true }), ['DCIM', 'a.plist', 'IMG_9.JPG', 'IMG_10.JPG', 'unknown']);
  assert.deepEqual(names({ key: 'name', ascending: false }), ['DCIM', 'unknown', 'IMG_10.JPG', 'IMG_9.JPG', 'a.plist']);
  assert.deepEqual(names({ key: 'size', ascending: true }), ['DCIM', 'unknown', 'a.plist', 'IMG_9.JPG', 'IMG_10.JPG']);
  assert.deepEqual(names({ key: 'date', ascending: false }), ['DCIM', 'IMG_9.JPG', 'IMG_10.JPG', 'a.plist', 'unknown']);
  assert.equal(rows[0]?.name, 'IMG_10.JPG', 'the input is left as it was');
});
