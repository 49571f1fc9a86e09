/**
 * The list of a folder (or of search results): virtualized, pages fetched as they scroll into view,
 * sortable by name, size or date (the engine sorts a folder and pages it in that order; search results
 * are sorted here). Enter or a double-click opens a folder; Backspace goes up.
 */
import { ArrowDown, ArrowUp, File, Folder, Link } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import type { TreeItem } from '../../../shared/browse.ts';
import { formatBytes } from '../../../shared/format.ts';
import { parentPath } from '../../store/browser-paths.ts';
import { useStore } from '../../store/index.ts';
import { completeItems, isPagedOrder, missingPages, nextOrder, rowAt, sortRows, type SortKey, type SortOrder } from '../../store/list-pages.ts';
import { ErrorNotice } from '../device/error-notice.tsx';
import { formatDate } from '../device/format.ts';
import { countWords, isoFromUnix } from './browser-words.ts';
import { VirtualListbox } from './virtual-listbox.tsx';

const ROW_HEIGHT = 24;
const COLUMNS: { key: SortKey; label: string }[] = [
  { key: 'name', label: 'Name' },
  { key: 'size', label: 'Size' },
  { key: 'date', label: 'Date Modified' },
];

/** The file list. */
export function FileList() {
  const listing = useStore((state) => state.files.listing);
  const error = useStore((state) => state.files.listingError);
  const searching = useStore((state) => state.files.search !== '');
  const selected = useStore((state) => state.files.selected);
  const view = useStore((state) => state.browser?.view);
  const loadPages = useStore((state) => state.loadPages);
  const order = useStore((state) => state.files.order);
  const setOrder = useStore((state) => state.sortFiles);
  const selectFile = useStore((state) => state.selectFile);
  const showView = useStore((state) => state.showBrowserView);
  const paged = isPagedOrder(order, searching);
  const all = useMemo(() => (listing ? completeItems(listing) : undefined), [listing]);
  const sorted = useMemo(() => (all && !paged ? sortRows(all, order) : undefined), [all, paged, order]);
  const waitingForAll = !paged && !sorted;
  // A row chosen before its page arrived (End in a long folder) is selected once it is there.
  const [pending, setPending] = useState<{ key?: string; order: SortOrder; index: number }>();
  const pendingIndex = pending && pending.key === listing?.key && pending.order === order ? pending.index : undefined;

  const rowOf = (index: number): TreeItem | undefined => (sorted ? sorted[index] : listing && paged ? rowAt(listing, index) : undefined);
  const pendingRow = pendingIndex === undefined ? undefined : rowOf(pendingIndex);
  useEffect(() => {
    if (pendingRow) void selectFile(pendingRow);
  }, [pendingRow, selectFile]);

  if (error) return <ErrorNotice error={error} />;
  const total = listing?.total;
  const selectedIndex = selected ? findIndex(selected, total ?? 0, rowOf) : pendingIndex;
  const select = (index: number) => {
    setPending({ key: listing?.key, order, index });
    void selectFile(rowOf(index));
  };
  const open = (item: TreeItem | undefined) => {
    if (item?.kind === 'directory') showView({ kind: 'files', domain: item.domain, path: item.relativePath });
  };

  return (
    <div className="file-list">
      <div className="file-columns" role="group" aria-label="Sort by">
        {COLUMNS.map((column) => {
          const active = order.key === column.key;
          const Arrow = order.ascending ? ArrowUp : ArrowDown;
          return (
            <button
              key={column.key}
              type="button"
              className={`file-column file-column-${column.key}`}
              aria-pressed={active}
              aria-label={`Sort by ${column.label.toLowerCase()}${active ? (order.ascending ? ', ascending' : ', descending') : ''}`}
              onClick={() => setOrder(nextOrder(order, column.key))}
            >
              {column.label}
              {active && <Arrow size={11} aria-hidden="true" />}
            </button>
          );
        })}
      </div>
      {total === 0 ? (
        <p className="file-list-empty muted">{searching ? 'No file or folder has that in its name.' : 'This folder is empty.'}</p>
      ) : total === undefined || waitingForAll ? (
        <p className="file-list-empty muted" role="status">
          {total === undefined ? 'Reading…' : `Sorting ${countWords(total, 'item')}…`}
        </p>
      ) : (
        <VirtualListbox
          label={searching ? 'Search results' : 'Folder contents'}
          count={total}
          rowHeight={ROW_HEIGHT}
          selectedIndex={selectedIndex}
          onSelect={select}
          onOpen={(index) => open(rowOf(index))}
          onOtherKey={(event) => {
            if (event.key !== 'Backspace' || view?.kind !== 'files' || searching || view.path === '') return false;
            showView({ kind: 'files', domain: view.domain, path: parentPath(view.path) });
            return true;
          }}
          onRangeChange={(first, last) => {
            if (listing && paged) void loadPages(missingPages(listing, first, last));
          }}
          renderRow={(index) => <FileRow item={rowOf(index)} showPath={searching} />}
        />
      )}
    </div>
  );
}

/** Where the selected row is in the rows fetched so far (a selection on a page not fetched is not shown). */
function findIndex(selected: TreeItem, total: number, rowOf: (index: number) => TreeItem | undefined): number | undefined {
  for (let index = 0; index < total; index++) {
    const row = rowOf(index);
    if (row && row.domain === selected.domain && row.relativePath === selected.relativePath) return index;
  }
  return undefined;
}

function FileRow({ item, showPath }: { item: TreeItem | undefined; showPath: boolean }) {
  if (!item) return <span className="file-cell file-placeholder" aria-label="Loading" />;
  const Icon = item.kind === 'directory' ? Folder : item.kind === 'symlink' ? Link : File;
  return (
    <>
      <span className="file-cell file-name" title={`${item.domain}/${item.relativePath}`}>
        <Icon size={13} aria-hidden="true" className={`file-icon file-icon-${item.kind}`} />
        <span className="file-name-text">{item.name}</span>
        {showPath && <span className="file-path secondary">{item.domain}/{parentPath(item.relativePath)}</span>}
      </span>
      <span className="file-cell file-size">{item.kind === 'directory' ? countWords(item.children ?? 0, 'item') : item.size !== undefined ? formatBytes(item.size) : '—'}</span>
      <span className="file-cell file-date">{item.lastModified ? formatDate(isoFromUnix(item.lastModified)) : '—'}</span>
    </>
  );
}
