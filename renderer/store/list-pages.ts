/**
 * The backup browser's file list, a page at a time: the pages fetched so far of one folder (or one search),
 * which pages a visible range still needs, and the sort orders. The engine sorts folder listings (folders
 * first) and pages them in any order; search results come as one page and are sorted here.
 * Pure, so it is tested in Node.
 */
import type { Page, SortOrder, TreeItem } from '../../shared/browse.ts';

export type { SortOrder };

/** Rows fetched per request (the engine allows up to 2,000). */
export const PAGE_SIZE = 500;

/** The rows of one listing fetched so far, by page number. */
export interface ListPages {
  /** Names the listing (a folder or a search), so a late answer for another one is dropped. */
  key: string;
  /** Rows the listing has, once the first page told. */
  total?: number;
  pages: Readonly<Record<number, readonly TreeItem[]>>;
}

/** What the list is sorted by. */
export type SortKey = SortOrder['key'];

/** The engine's own order: folders first, then names. */
export const NAME_ORDER: SortOrder = { key: 'name', ascending: true };

/** The key of a folder's listing in one order. */
export function folderKey(domain: string, path: string, order: SortOrder = NAME_ORDER): string {
  return `folder\0${domain}\0${path}\0${order.key}\0${order.ascending}`;
}

/** The key of a search's results. */
export function searchKey(query: string): string {
  return `search\0${query}`;
}

/** A listing with nothing fetched yet. */
export function emptyPages(key: string): ListPages {
  return { key, pages: {} };
}

/** Adds one fetched page (its offset must be a multiple of PAGE_SIZE). */
export function addPage(list: ListPages, page: Page<TreeItem>): ListPages {
  return { ...list, total: page.total, pages: { ...list.pages, [Math.floor(page.offset / PAGE_SIZE)]: page.items } };
}

/** The rows in engine order once every page is there, else undefined. */
export function completeItems(list: ListPages): TreeItem[] | undefined {
  if (list.total === undefined) return undefined;
  const count = Math.ceil(list.total / PAGE_SIZE);
  const items: TreeItem[] = [];
  for (let page = 0; page < count; page++) {
    const rows = list.pages[page];
    if (!rows) return undefined;
    items.push(...rows);
  }
  return items;
}

/** Whether a listing in this order can be shown from some of its pages (folders: the engine sorts; a search sorts here). */
export function isPagedOrder(order: SortOrder, searching = false): boolean {
  return !searching || (order.key === 'name' && order.ascending);
}

/** The page numbers rows first…last (in the engine's order) need that are not fetched yet. */
export function missingPages(list: ListPages, first: number, last: number): number[] {
  const total = list.total;
  if (total === undefined) return list.pages[0] ? [] : [0];
  const from = Math.floor(Math.max(0, first) / PAGE_SIZE);
  const to = Math.floor(Math.min(total - 1, last) / PAGE_SIZE);
  const missing: number[] = [];
  for (let page = from; page <= to; page++) if (!list.pages[page]) missing.push(page);
  return missing;
}

/** Row `index` in the engine's order, or undefined while its page is not fetched. */
export function rowAt(list: ListPages, index: number): TreeItem | undefined {
  if (index < 0) return undefined;
  return list.pages[Math.floor(index / PAGE_SIZE)]?.[index % PAGE_SIZE];
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Rows sorted by `order`; folders stay before files in every order, as Finder keeps them. */
export function sortRows(items: readonly TreeItem[], order: SortOrder): TreeItem[] {
  const value = (item: TreeItem) => (order.key === 'size' ? (item.size ?? -1) : (item.lastModified ?? -1));
  const compare = (a: TreeItem, b: TreeItem) => {
    const folders = Number(b.kind === 'directory') - Number(a.kind === 'directory');
    if (folders !== 0) return folders;
    const byKey = order.key === 'name' ? 0 : value(a) - value(b);
    const result = byKey !== 0 ? byKey : collator.compare(a.name, b.name);
    return order.ascending ? result : -result;
  };
  return [...items].sort(compare);
}

/** The order after a click on a column's heading: the same column flips, another starts ascending (dates newest first). */
export function nextOrder(current: SortOrder, key: SortKey): SortOrder {
  if (current.key === key) return { key, ascending: !current.ascending };
  return { key, ascending: key !== 'date' };
}
