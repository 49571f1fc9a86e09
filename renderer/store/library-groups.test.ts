import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BackupSummary } from '../../shared/library.ts';
import { groupBackups, visibleRows } from './library-groups.ts';

function backup(id: string, udid: string, state: BackupSummary['state'], date?: string): BackupSummary {
  return { id, path: `/b/${id}`, udid, date, sizeBytes: 1, encrypted: false, complete: state !== 'incomplete', source: 'cradle', state, location: '/b', format: 'modern', problems: [] };
}

test('one group per device, the current backup on top even when an archive is newer, groups newest first', () => {
  const groups = groupBackups([
    backup('v1', 'AAA', 'version', '2025-01-01T00:00:00Z'),
    backup('b1', 'BBB', 'complete', '2025-03-01T00:00:00Z'),
    backup('a', 'aaa', 'complete', '2025-02-01T00:00:00Z'),
    backup('x1', 'AAA', 'archived', '2025-02-02T00:00:00Z'),
    backup('v2', 'AAA', 'version', '2025-01-15T00:00:00Z'),
  ]);
  assert.deepEqual(
    groups.map((group) => [group.head.id, group.older.map((older) => older.id)]),
    [
      ['b1', []],
      ['a', ['x1', 'v2', 'v1']],
    ],
  );
});

test('a device with only archives: the newest archive heads the group; backups without a date sort last', () => {
  const [group] = groupBackups([backup('x1', 'C', 'archived'), backup('x2', 'C', 'archived', '2024-05-01T00:00:00Z')]);
  assert.equal(group?.head.id, 'x2');
  assert.deepEqual(group?.older.map((older) => older.id), ['x1']);
});

test('visible rows: heads, and the older rows of expanded groups only', () => {
  const groups = groupBackups([backup('a', 'A', 'complete', '2025-02-01T00:00:00Z'), backup('v', 'A', 'version', '2025-01-01T00:00:00Z'), backup('b', 'B', 'complete', '2025-01-01T00:00:00Z')]);
  assert.deepEqual(visibleRows(groups, new Set()).map((row) => row.id), ['a', 'b']);
  assert.deepEqual(visibleRows(groups, new Set(['A'])).map((row) => row.id), ['a', 'v', 'b']);
});
