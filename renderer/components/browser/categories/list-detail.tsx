/**
 * The list-and-card layout of the person-data categories (contacts, messages, notes): a virtualized
 * list on the left, optionally filtered by a search field, and the selected item on the right.
 */
import { Search } from 'lucide-react';
import { useMemo, useState, type ReactNode } from 'react';
import { VirtualListbox } from '../virtual-listbox.tsx';

/** Props of {@link ListDetail}. */
export interface ListDetailProps<T> {
  /** Names the list ("Contacts"). */
  label: string;
  items: readonly T[];
  rowHeight: number;
  renderRow(item: T): ReactNode;
  renderDetail(item: T): ReactNode;
  /** The text a search matches; without it there is no search field. */
  searchText?(item: T): string;
  /** Shown on the right before anything is selected. */
  placeholder: string;
}

/** A list with the selected item's card beside it; the first item starts selected. */
export function ListDetail<T>({ label, items, rowHeight, renderRow, renderDetail, searchText, placeholder }: ListDetailProps<T>) {
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<T | undefined>(items[0]);
  const shown = useMemo(() => {
    const needle = query.trim().toLocaleLowerCase();
    return needle && searchText ? items.filter((item) => searchText(item).toLocaleLowerCase().includes(needle)) : items;
  }, [items, query, searchText]);
  const index = selected === undefined ? -1 : shown.indexOf(selected);

  return (
    <div className="list-detail">
      <div className="list-detail-list">
        {searchText && (
          <label className="search-field list-search">
            <Search size={13} aria-hidden="true" />
            <span className="visually-hidden">Search {label.toLowerCase()}</span>
            <input type="search" placeholder="Search" value={query} onChange={(event) => setQuery(event.target.value)} />
          </label>
        )}
        {shown.length === 0 ? (
          <p className="muted list-detail-none">{query ? 'Nothing matches.' : 'None.'}</p>
        ) : (
          <VirtualListbox
            label={label}
            count={shown.length}
            rowHeight={rowHeight}
            selectedIndex={index < 0 ? undefined : index}
            onSelect={(at) => setSelected(shown[at])}
            renderRow={(at) => {
              const item = shown[at];
              return item === undefined ? null : renderRow(item);
            }}
          />
        )}
      </div>
      <div className="list-detail-card">{selected !== undefined && index >= 0 ? renderDetail(selected) : <p className="muted">{placeholder}</p>}</div>
    </div>
  );
}
