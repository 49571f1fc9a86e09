/**
 * The Backups pane's table: one row per device's current backup, its older backups, archives and versions
 * folded under it (a disclosure), a row selected by click or the arrow keys (← → fold and unfold).
 */
import { ChevronRight, Lock } from 'lucide-react';
import { useRef, useState, type KeyboardEvent } from 'react';
import { formatBytes } from '../../shared/format.ts';
import type { BackupSummary, LibraryLocation } from '../../shared/library.ts';
import { visibleRows, type BackupGroup } from '../store/library-groups.ts';
import { formatDate } from './device/format.ts';

const STATE_WORDS: Record<BackupSummary['state'], string> = { complete: 'Complete', incomplete: 'Incomplete', archived: 'Archived', version: 'Version' };
const SOURCE_WORDS: Record<BackupSummary['source'], string> = { cradle: 'Cradle', idevicebackup2: 'idevicebackup2', finder: 'Finder or iTunes' };

/** A cell of text: cut to "…" when the column is narrow, the whole text in its tooltip. */
function TextCell({ text, title = text, className }: { text: string; title?: string; className?: string }) {
  return (
    <td className={className} title={title}>
      {text}
    </td>
  );
}

/** The state as the table says it: an archive or version that is not complete says so too. */
export function stateWords(backup: BackupSummary): string {
  const words = STATE_WORDS[backup.state];
  return (backup.state === 'archived' || backup.state === 'version') && !backup.complete ? `${words}, incomplete` : words;
}

/** "Backup folder" for the folder new backups go to, else the location's folder name. */
function locationWords(path: string, locations: readonly LibraryLocation[]): string {
  if (locations.find((location) => location.path === path)?.kind === 'backup-folder') return 'Backup folder';
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

/** Props of {@link BackupsTable}. */
export interface BackupsTableProps {
  groups: BackupGroup[];
  locations: readonly LibraryLocation[];
  selectedId?: string;
  onSelect(id: string): void;
  /** A double-click: the backup opens in the browser. */
  onOpen?(id: string): void;
}

/** The grouped table of backups. */
export function BackupsTable({ groups, locations, selectedId, onSelect, onOpen }: BackupsTableProps) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const body = useRef<HTMLTableSectionElement>(null);
  const rows = visibleRows(groups, expanded);
  const focusable = rows.some((row) => row.id === selectedId) ? selectedId : rows[0]?.id;
  const toggle = (udid: string, open: boolean) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (open) next.add(udid);
      else next.delete(udid);
      return next;
    });

  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, backup: BackupSummary, group: BackupGroup) => {
    const index = rows.findIndex((row) => row.id === backup.id);
    const move = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    if (move !== 0) {
      const next = rows[index + move];
      if (next) {
        onSelect(next.id);
        body.current?.querySelector<HTMLElement>(`[data-id="${next.id}"]`)?.focus();
      }
    } else if ((event.key === 'ArrowRight' || event.key === 'ArrowLeft') && group.older.length > 0) {
      toggle(group.udid, event.key === 'ArrowRight');
    } else if (event.key === ' ' || event.key === 'Enter') {
      onSelect(backup.id);
    } else return;
    event.preventDefault();
  };

  const row = (backup: BackupSummary, group: BackupGroup, isHead: boolean) => {
    const open = expanded.has(group.udid);
    const name = backup.deviceName ?? backup.udid;
    const location = locationWords(backup.location, locations);
    return (
      <tr
        key={backup.id}
        data-id={backup.id}
        className={isHead ? 'library-head' : 'library-older'}
        aria-selected={backup.id === selectedId}
        tabIndex={backup.id === focusable ? 0 : -1}
        title={[backup.path, `Made by ${SOURCE_WORDS[backup.source]}`, ...backup.problems].join('\n')}
        onClick={() => onSelect(backup.id)}
        onDoubleClick={() => onOpen?.(backup.id)}
        onKeyDown={(event) => onKeyDown(event, backup, group)}
      >
        <td className="library-disclosure-cell">
          {isHead && group.older.length > 0 && (
            <button
              type="button"
              className="library-disclosure"
              aria-expanded={open}
              aria-label={`${open ? 'Hide' : 'Show'} ${group.older.length} older ${group.older.length === 1 ? 'backup' : 'backups'} of ${name}`}
              tabIndex={-1}
              onClick={(event) => {
                event.stopPropagation();
                toggle(group.udid, !open);
              }}
            >
              <ChevronRight size={14} aria-hidden="true" />
              <span className="library-count">{group.older.length}</span>
            </button>
          )}
        </td>
        <TextCell text={name} />
        <TextCell text={backup.model ?? '—'} />
        <TextCell text={backup.iosVersion ?? '—'} />
        <TextCell text={backup.date ? formatDate(backup.date) : '—'} />
        <TextCell className="library-number" text={formatBytes(backup.sizeBytes)} />
        <td>{backup.encrypted && <Lock size={12} aria-label="Encrypted" className="library-lock" />}</td>
        <TextCell className={`library-state library-state-${backup.state}`} text={stateWords(backup)} />
        <TextCell className="library-secondary" text={SOURCE_WORDS[backup.source]} />
        <TextCell className="library-secondary" text={location} title={`${location}: ${backup.location}`} />
      </tr>
    );
  };

  return (
    <table className="library-table" aria-label="Backups by device">
      {/* Fixed widths: a narrow window cuts cells to "…" (their text in a tooltip) instead of scrolling sideways. */}
      <colgroup>
        <col className="library-col-disclosure" />
        <col className="library-col-device" />
        <col className="library-col-model" />
        <col className="library-col-ios" />
        <col className="library-col-date" />
        <col className="library-col-size" />
        <col className="library-col-lock" />
        <col className="library-col-state" />
        <col className="library-col-source library-secondary" />
        <col className="library-col-location library-secondary" />
      </colgroup>
      <thead>
        <tr>
          <th scope="col">
            <span className="visually-hidden">Older backups</span>
          </th>
          <th scope="col" title="Device">Device</th>
          <th scope="col" title="Model">Model</th>
          <th scope="col" title="iOS">iOS</th>
          <th scope="col" title="Date">Date</th>
          <th scope="col" title="Size">Size</th>
          <th scope="col">
            <Lock size={12} aria-label="Encrypted" />
          </th>
          <th scope="col" title="State">State</th>
          <th scope="col" className="library-secondary" title="Made by">Made by</th>
          <th scope="col" className="library-secondary" title="Location">Location</th>
        </tr>
      </thead>
      <tbody ref={body}>
        {groups.flatMap((group) => [row(group.head, group, true), ...(expanded.has(group.udid) ? group.older.map((older) => row(older, group, false)) : [])])}
      </tbody>
    </table>
  );
}
