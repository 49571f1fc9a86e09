/**
 * The backup's files as a tree: domains, the children of one folder (paged, for a virtualized list),
 * name search. A domain's rows are read and indexed the first time it is listed (a backup of 100,000 files
 * opens without reading the domains nobody looks at). Name search reads every row once into a name index
 * (all names, lower-cased, in one string), which the app builds right after the first listing.
 */
import type { DomainItem, Page, SortOrder, TreeItem } from '../../../shared/browse.ts';
import type { BackupContents, BackupEntry } from './backup-reader.ts';

/** The tree index of one backup. */
export class BackupTree {
  private readonly children = new Map<string, BackupEntry[]>();
  private readonly indexed = new Set<string>();
  /** Folder listings in an order other than the index's own, by folder and order. */
  private readonly sorted = new Map<string, BackupEntry[]>();
  /** Size and date of entries, read once from their records (sorting a folder needs every one). */
  private readonly facts = new Map<BackupEntry, { size: number; date: number }>();
  private names: NameIndex | undefined;

  constructor(private readonly contents: BackupContents) {}

  /** The entry with this fileID. */
  entry(fileID: string): BackupEntry | undefined {
    return this.contents.byId(fileID);
  }

  /** Every domain, by name. */
  domains(): DomainItem[] {
    return [...this.contents.domains()].map(([domain, entries]) => ({ domain, entries })).sort((a, b) => a.domain.localeCompare(b.domain));
  }

  /**
   * The children of `relativePath` in `domain` ('' = the domain root), folders first, a page at a time; by
   * name unless `order` says size or date (the sorted listing is kept, so later pages cost nothing).
   */
  list(domain: string, relativePath: string, offset = 0, limit = 500, order: SortOrder = { key: 'name', ascending: true }): Page<TreeItem> {
    this.index(domain);
    const key = folderKey(domain, relativePath);
    const byName = this.children.get(key) ?? [];
    const list = order.key === 'name' && order.ascending ? byName : this.sortedList(`${key}\0${order.key}\0${order.ascending}`, byName, order);
    return { total: list.length, offset, items: list.slice(offset, offset + limit).map((entry) => this.item(entry)) };
  }

  private sortedList(key: string, byName: BackupEntry[], order: SortOrder): BackupEntry[] {
    let list = this.sorted.get(key);
    if (list) return list;
    const value = (entry: BackupEntry) => {
      if (order.key === 'name') return 0;
      let facts = this.facts.get(entry);
      if (!facts) {
        const item = entry.kind === 'directory' ? undefined : this.item(entry);
        facts = { size: item?.size ?? -1, date: item?.lastModified ?? -1 };
        this.facts.set(entry, facts);
      }
      return order.key === 'size' ? facts.size : facts.date;
    };
    const rank = new Map(byName.map((entry, index) => [entry, index]));
    list = [...byName].sort((a, b) => {
      const folders = Number(b.kind === 'directory') - Number(a.kind === 'directory');
      if (folders !== 0) return folders;
      const result = value(a) - value(b) || rank.get(a)! - rank.get(b)!;
      return order.ascending ? result : -result;
    });
    this.sorted.set(key, list);
    return list;
  }

  /** Every file and folder under `relativePath` (itself included when it is a file), for exports. */
  *walk(domain: string, relativePath: string): Generator<BackupEntry> {
    const self = this.contents.find(domain, relativePath);
    if (self?.kind !== 'directory' && self) {
      yield self;
      return;
    }
    this.index(domain);
    const pending = [relativePath];
    while (pending.length > 0) {
      const folder = pending.pop()!;
      for (const entry of this.children.get(folderKey(domain, folder)) ?? []) {
        yield entry;
        if (entry.kind === 'directory') pending.push(entry.relativePath);
      }
    }
  }

  /** Entries whose name contains `query` (case-insensitive), domains in order, up to `limit`. */
  search(query: string, limit = 500): Page<TreeItem> {
    const needle = query.toLowerCase();
    const { text, starts, entries } = this.prepareSearch();
    const found: BackupEntry[] = [];
    let total = 0;
    for (let at = text.indexOf(needle); at !== -1; ) {
      const index = nameAt(starts, at);
      const end = starts[index + 1]! - 1;
      // A match across the separator is none: look again from within this name's next character.
      if (at + needle.length > end) {
        at = text.indexOf(needle, at + 1);
        continue;
      }
      total += 1;
      if (found.length < limit) found.push(entries[index]!);
      at = text.indexOf(needle, end + 1);
    }
    return { total, offset: 0, items: found.map((entry) => this.item(entry)) };
  }

  /** Builds the name index once (reads every row); later searches only scan it. */
  prepareSearch(): NameIndex {
    if (this.names) return this.names;
    const entries = this.contents.entries();
    const lowered = entries.map((entry) => nameOf(entry).toLowerCase());
    const starts = new Int32Array(entries.length + 1);
    for (let index = 0, at = 0; index < lowered.length; index += 1) {
      starts[index] = at;
      at += lowered[index]!.length + 1;
      starts[index + 1] = at;
    }
    return (this.names = { text: lowered.join(SEPARATOR) + SEPARATOR, starts, entries });
  }

  /** A listing row for one entry (reads its record for size and date). */
  item(entry: BackupEntry): TreeItem {
    const item: TreeItem = { fileID: entry.fileID, domain: entry.domain, relativePath: entry.relativePath, name: nameOf(entry), kind: entry.kind };
    if (entry.kind === 'directory') item.children = this.index(entry.domain).get(folderKey(entry.domain, entry.relativePath))?.length ?? 0;
    else {
      try {
        const details = this.contents.details(entry);
        item.size = details.size;
        item.lastModified = details.lastModified;
      } catch {
        // An unreadable record still lists; verify reports it.
      }
    }
    return item;
  }

  /**
   * Builds a domain's folder index once: children by parent path, sorted, with a synthetic folder entry
   * for every parent the manifest does not list itself (so such manifests still browse).
   */
  private index(domain: string): Map<string, BackupEntry[]> {
    if (this.indexed.has(domain)) return this.children;
    this.indexed.add(domain);
    const entries = this.contents.domainEntries(domain);
    const folders = new Set<string>();
    const add = (parent: string, entry: BackupEntry) => {
      const key = folderKey(domain, parent);
      const list = this.children.get(key);
      if (list) list.push(entry);
      else this.children.set(key, [entry]);
    };
    for (const entry of entries) {
      if (entry.relativePath === '') continue;
      if (entry.kind === 'directory') folders.add(entry.relativePath);
      // A path that climbs or is absolute hangs at the domain's top, where it shows and exports report it.
      add(isUnsafePath(entry.relativePath) ? '' : parentOf(entry.relativePath), entry);
    }
    for (const entry of entries) {
      if (isUnsafePath(entry.relativePath)) continue;
      for (let path = parentOf(entry.relativePath); path !== '' && !folders.has(path); path = parentOf(path)) {
        folders.add(path);
        add(parentOf(path), { fileID: '', domain, relativePath: path, kind: 'directory' });
      }
    }
    for (const [key, list] of this.children) if (key.startsWith(`${domain}\0`)) list.sort(byFolderThenName);
    return this.children;
  }
}

/** Every name of a backup, lower-cased, one string: name i is text[starts[i] .. starts[i+1] - 1). */
interface NameIndex {
  text: string;
  starts: Int32Array;
  entries: readonly BackupEntry[];
}

/** Between names in the index (a match that would cross it is discarded, so any character would do). */
const SEPARATOR = '\n';

/** The index of the name the character at `at` belongs to (binary search over the starts). */
function nameAt(starts: Int32Array, at: number): number {
  let low = 0;
  let high = starts.length - 2;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= at) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The last segment of an entry's path, or its domain for a root. */
export function nameOf(entry: Pick<BackupEntry, 'domain' | 'relativePath'>): string {
  if (entry.relativePath === '') return entry.domain;
  const slash = entry.relativePath.lastIndexOf('/');
  return slash < 0 ? entry.relativePath : entry.relativePath.slice(slash + 1);
}

function isUnsafePath(relativePath: string): boolean {
  return relativePath.startsWith('/') || relativePath.includes('\0') || relativePath.split('/').some((segment) => segment === '..' || segment === '.' || segment === '');
}

function parentOf(relativePath: string): string {
  const slash = relativePath.lastIndexOf('/');
  return slash < 0 ? '' : relativePath.slice(0, slash);
}

function folderKey(domain: string, relativePath: string): string {
  return `${domain}\0${relativePath}`;
}

function byFolderThenName(a: BackupEntry, b: BackupEntry): number {
  if ((a.kind === 'directory') !== (b.kind === 'directory')) return a.kind === 'directory' ? -1 : 1;
  const x = nameOf(a);
  const y = nameOf(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
