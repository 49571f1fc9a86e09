import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TreeItem } from '../../shared/browse.ts';
import { breadcrumbs, domainLabel, groupDomains, nodeKey, parentPath, treeRows } from './browser-paths.ts';

const domains = [
  { domain: 'AppDomain-com.spotify.client', entries: 8 },
  { domain: 'AppDomainGroup-group.com.spotify.client', entries: 4 },
  { domain: 'AppDomainPlugin-com.spotify.client.WidgetExtension', entries: 4 },
  { domain: 'CameraRollDomain', entries: 32 },
  { domain: 'HomeDomain', entries: 22 },
  { domain: 'SysSharedContainerDomain-systemgroup.com.apple.configurationprofiles', entries: 5 },
  { domain: 'EmptyDomain', entries: 0 },
];

function folder(domain: string, relativePath: string, children: number): TreeItem {
  return { fileID: '', domain, relativePath, name: relativePath.split('/').pop() ?? '', kind: 'directory', children };
}

test('domains go under System, System Containers, Apps, App Groups and App Extensions, in that order, each in the order given', () => {
  const groups = groupDomains([...domains].reverse());
  assert.deepEqual(
    groups.map((group) => [group.title, group.domains.map((item) => item.domain)]),
    [
      ['System', ['EmptyDomain', 'HomeDomain', 'CameraRollDomain']],
      ['System Containers', ['SysSharedContainerDomain-systemgroup.com.apple.configurationprofiles']],
      ['Apps', ['AppDomain-com.spotify.client']],
      ['App Groups', ['AppDomainGroup-group.com.spotify.client']],
      ['App Extensions', ['AppDomainPlugin-com.spotify.client.WidgetExtension']],
    ],
  );
  assert.deepEqual(groupDomains([]), []);
});

test('app domains are named by their bundle id; others (and a bare prefix) as they are', () => {
  assert.equal(domainLabel('AppDomainGroup-group.com.spotify.client'), 'group.com.spotify.client');
  assert.equal(domainLabel('AppDomain-com.spotify.client'), 'com.spotify.client');
  assert.equal(domainLabel('HomeDomain'), 'HomeDomain');
  assert.equal(domainLabel('AppDomain-'), 'AppDomain-');
});

test('breadcrumbs lead from the domain to the folder; the parent of a top-level item is the root', () => {
  assert.deepEqual(breadcrumbs('AppDomain-com.a.b', 'Library/Caches'), [
    { label: 'com.a.b', domain: 'AppDomain-com.a.b', path: '' },
    { label: 'Library', domain: 'AppDomain-com.a.b', path: 'Library' },
    { label: 'Caches', domain: 'AppDomain-com.a.b', path: 'Library/Caches' },
  ]);
  assert.deepEqual(breadcrumbs('HomeDomain', ''), [{ label: 'HomeDomain', domain: 'HomeDomain', path: '' }]);
  assert.equal(parentPath('Library/Caches/x.db'), 'Library/Caches');
  assert.equal(parentPath('Library'), '');
});

test('the tree shows unfolded headings, domains and the subfolders read so far, with levels and parents', () => {
  const groups = groupDomains(domains);
  const home = nodeKey('HomeDomain', '');
  const library = nodeKey('HomeDomain', 'Library');
  const subfolders = {
    [home]: [folder('HomeDomain', 'Library', 3), folder('HomeDomain', 'Documents', 0)],
    [library]: [folder('HomeDomain', 'Library/Notes', 2)],
  };
  const folded = treeRows(groups, new Set(), subfolders);
  assert.deepEqual(folded.map((row) => row.label), ['System', 'System Containers', 'Apps', 'App Groups', 'App Extensions']);
  assert.ok(folded.every((row) => row.level === 1 && !row.expanded));

  const rows = treeRows(groups, new Set(['group:system', home, library, nodeKey('HomeDomain', 'Library/Notes')]), subfolders);
  const system = rows.slice(0, rows.findIndex((row) => row.label === 'System Containers'));
  assert.deepEqual(
    system.map((row) => [row.label, row.level, row.expandable, row.expanded]),
    [
      ['System', 1, true, true],
      ['CameraRollDomain', 2, true, false],
      ['HomeDomain', 2, true, true],
      ['Library', 3, true, true],
      // Not read yet: it may hold folders, so it can unfold.
      ['Notes', 4, true, true],
      ['Documents', 3, false, false],
      ['EmptyDomain', 2, false, false],
    ],
  );
  assert.equal(rows.find((row) => row.label === 'Notes')?.parentKey, library);
  assert.equal(rows.find((row) => row.label === 'HomeDomain')?.parentKey, 'group:system');
});

test('a folder read and found without subfolders no longer unfolds', () => {
  const groups = groupDomains([{ domain: 'HomeDomain', entries: 2 }]);
  const home = nodeKey('HomeDomain', '');
  const rows = treeRows(groups, new Set(['group:system', home]), { [home]: [] });
  assert.deepEqual(rows.map((row) => [row.label, row.expandable, row.expanded]), [['System', true, true], ['HomeDomain', false, false]]);
});
