/**
 * Paths in the backup browser: domains grouped as the Files tree shows them (system, apps, app groups,
 * extensions), short names for app domains, breadcrumbs of a folder, and the rows of the tree as it is
 * unfolded (what arrow keys move through). Pure, so it is tested in Node.
 */
import type { DomainItem, TreeItem } from '../../shared/browse.ts';

/** A heading of the Files tree and its domains. */
export interface DomainGroup {
  id: string;
  title: string;
  domains: DomainItem[];
}

/** Domain prefixes, most specific first (AppDomainGroup- before AppDomain-), and the group each goes in. */
const PREFIXES: readonly [prefix: string, group: string][] = [
  ['AppDomainGroup-', 'app-groups'],
  ['AppDomainPlugin-', 'extensions'],
  ['AppDomain-', 'apps'],
  ['SysSharedContainerDomain-', 'system-containers'],
  ['SysContainerDomain-', 'system-containers'],
];

const GROUP_TITLES: Record<string, string> = {
  system: 'System',
  'system-containers': 'System Containers',
  apps: 'Apps',
  'app-groups': 'App Groups',
  extensions: 'App Extensions',
};

const GROUP_ORDER = ['system', 'system-containers', 'apps', 'app-groups', 'extensions'];

function prefixOf(domain: string): readonly [string, string] | undefined {
  return PREFIXES.find(([prefix]) => domain.startsWith(prefix) && domain.length > prefix.length);
}

/** The domains under their headings, in a fixed order; empty headings left out. */
export function groupDomains(domains: readonly DomainItem[]): DomainGroup[] {
  const byGroup = new Map<string, DomainItem[]>();
  for (const domain of domains) {
    const group = prefixOf(domain.domain)?.[1] ?? 'system';
    byGroup.set(group, [...(byGroup.get(group) ?? []), domain]);
  }
  return GROUP_ORDER.filter((id) => byGroup.has(id)).map((id) => ({ id, title: GROUP_TITLES[id] ?? id, domains: byGroup.get(id) ?? [] }));
}

/** A domain as the tree names it: an app domain by its bundle id, others as they are. */
export function domainLabel(domain: string): string {
  const prefix = prefixOf(domain);
  return prefix ? domain.slice(prefix[0].length) : domain;
}

/** One step of a breadcrumb trail. */
export interface Crumb {
  label: string;
  domain: string;
  path: string;
}

/** The trail from the domain to `path` ('' = the domain itself). */
export function breadcrumbs(domain: string, path: string): Crumb[] {
  const crumbs: Crumb[] = [{ label: domainLabel(domain), domain, path: '' }];
  const segments = path.split('/').filter(Boolean);
  segments.forEach((segment, index) => crumbs.push({ label: segment, domain, path: segments.slice(0, index + 1).join('/') }));
  return crumbs;
}

/** The folder holding `path` ('' for a top-level item). */
export function parentPath(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** The key of a tree node: a group, a domain, or a folder in a domain. */
export function nodeKey(domain: string, path: string): string {
  return `${domain}\0${path}`;
}

/** One visible row of the Files tree. */
export interface TreeRow {
  key: string;
  kind: 'group' | 'domain' | 'folder';
  label: string;
  /** 1 for headings, 2 for domains, 3+ for folders (aria-level). */
  level: number;
  /** The row's parent, for ← (undefined for headings). */
  parentKey?: string;
  domain?: string;
  path?: string;
  expandable: boolean;
  expanded: boolean;
  /** Entries, for domains (a hint of size). */
  entries?: number;
}

/** Subfolders read so far, by node key; undefined while a folder was not read. */
export type SubfolderIndex = Readonly<Record<string, readonly TreeItem[] | undefined>>;

/** The rows of the tree as unfolded: headings, their domains, and the read subfolders of unfolded nodes. */
export function treeRows(groups: readonly DomainGroup[], expanded: ReadonlySet<string>, subfolders: SubfolderIndex): TreeRow[] {
  const rows: TreeRow[] = [];
  const addFolders = (domain: string, path: string, level: number) => {
    const parentKey = nodeKey(domain, path);
    for (const folder of subfolders[parentKey] ?? []) {
      const key = nodeKey(domain, folder.relativePath);
      const known = subfolders[key];
      // Unknown until read: a folder with children may hold folders; once read, only subfolders count.
      const expandable = known ? known.length > 0 : (folder.children ?? 0) > 0;
      const open = expandable && expanded.has(key);
      rows.push({ key, kind: 'folder', label: folder.name, level, parentKey, domain, path: folder.relativePath, expandable, expanded: open });
      if (open) addFolders(domain, folder.relativePath, level + 1);
    }
  };
  for (const group of groups) {
    const groupKey = `group:${group.id}`;
    const groupOpen = expanded.has(groupKey);
    rows.push({ key: groupKey, kind: 'group', label: group.title, level: 1, expandable: true, expanded: groupOpen });
    if (!groupOpen) continue;
    for (const item of group.domains) {
      const key = nodeKey(item.domain, '');
      const known = subfolders[key];
      const expandable = known ? known.length > 0 : item.entries > 0;
      const open = expandable && expanded.has(key);
      rows.push({ key, kind: 'domain', label: domainLabel(item.domain), level: 2, parentKey: groupKey, domain: item.domain, path: '', expandable, expanded: open, entries: item.entries });
      if (open) addFolders(item.domain, '', 3);
    }
  }
  return rows;
}
