/**
 * A long list that only renders the rows in view (@tanstack/react-virtual): one tab stop, a listbox for
 * screen readers (each row says its position of how many), ↑ ↓ Home End PageUp PageDown move the
 * selection, Enter or a double-click opens the row. Rows not fetched yet render as placeholders and the
 * owner hears which range is in view, so it can fetch them.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import './virtual-listbox.css';

/** Props of {@link VirtualListbox}. */
export interface VirtualListboxProps {
  /** Names the list for screen readers. */
  label: string;
  count: number;
  rowHeight: number;
  selectedIndex?: number;
  onSelect(index: number): void;
  /** Enter or a double-click on a row. */
  onOpen?(index: number): void;
  /** Keys the list does not handle itself (Backspace to go up…); return true when handled. */
  onOtherKey?(event: KeyboardEvent): boolean;
  /** The rows in view changed (overscan included), for fetching. */
  onRangeChange?(first: number, last: number): void;
  renderRow(index: number): ReactNode;
  /** A text for a screen reader to say of a row (defaults to its text content). */
  rowLabel?(index: number): string | undefined;
  className?: string;
}

/** A virtualized, keyboard-driven listbox. */
export function VirtualListbox({ label, count, rowHeight, selectedIndex, onSelect, onOpen, onOtherKey, onRangeChange, renderRow, rowLabel, className }: VirtualListboxProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const prefix = useId();
  // The app is not built with the React Compiler, so nothing memoizes this component behind the virtualizer's back.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: 12 });
  const rows = virtualizer.getVirtualItems();
  const first = rows[0]?.index ?? 0;
  const last = rows.at(-1)?.index ?? -1;

  const rangeListener = useRef(onRangeChange);
  useEffect(() => {
    rangeListener.current = onRangeChange;
  });
  useEffect(() => {
    if (last >= first) rangeListener.current?.(first, last);
  }, [first, last, count]);

  const move = (index: number) => {
    if (count === 0) return;
    const target = Math.min(count - 1, Math.max(0, index));
    onSelect(target);
    virtualizer.scrollToIndex(target, { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = selectedIndex ?? -1;
    const pageRows = Math.max(1, Math.floor((scroller.current?.clientHeight ?? rowHeight) / rowHeight) - 1);
    const targets: Record<string, number> = { ArrowDown: at + 1, ArrowUp: Math.max(0, at - 1), Home: 0, End: count - 1, PageDown: at + pageRows, PageUp: at - pageRows };
    const target = targets[event.key];
    if (target !== undefined) move(target);
    else if (event.key === 'Enter' && selectedIndex !== undefined && onOpen) onOpen(selectedIndex);
    else if (!onOtherKey?.(event)) return;
    event.preventDefault();
  };

  const selectedRendered = selectedIndex !== undefined && selectedIndex >= first && selectedIndex <= last;
  return (
    <div
      ref={scroller}
      className={`vlist ${className ?? ''}`}
      role="listbox"
      aria-label={label}
      tabIndex={0}
      aria-activedescendant={selectedRendered ? `${prefix}-${selectedIndex}` : undefined}
      onKeyDown={onKeyDown}
    >
      <div className="vlist-space" style={{ height: virtualizer.getTotalSize() }}>
        {rows.map((row) => (
          <div
            key={row.key}
            id={`${prefix}-${row.index}`}
            role="option"
            aria-selected={row.index === selectedIndex}
            aria-setsize={count}
            aria-posinset={row.index + 1}
            aria-label={rowLabel?.(row.index)}
            className="vlist-row"
            style={{ height: row.size, transform: `translateY(${row.start}px)` }}
            onClick={() => onSelect(row.index)}
            onDoubleClick={() => onOpen?.(row.index)}
          >
            {renderRow(row.index)}
          </div>
        ))}
      </div>
    </div>
  );
}
