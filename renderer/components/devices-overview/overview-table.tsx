/**
 * The Devices overview's table: one row per connected device (name, model, iOS, serial, battery, last
 * backup and its age, state), sortable by every column, multi-select with checkboxes and a select-all
 * header checkbox. A click on a row toggles it; its name opens the device page.
 */
import { ArrowDown, ArrowUp, RotateCcw } from 'lucide-react';
import { useEffect, useRef, type ReactNode } from 'react';
import { formatDate } from '../device/format.ts';
import { DeviceIcon } from '../device-icon.tsx';
import { ProgressBar } from '../progress-bar.tsx';
import { ageWords } from '../../../shared/format.ts';
import type { OverviewRow, SortKey, SortOrder } from './overview-rows.ts';

/** Props of {@link OverviewTable}. */
export interface OverviewTableProps {
  rows: readonly OverviewRow[];
  order: SortOrder;
  onSort(key: SortKey): void;
  selected: ReadonlySet<string>;
  onSelect(udids: readonly string[], on: boolean): void;
  onOpen(udid: string): void;
  onRetry(udid: string): void;
  /** Now, for the backups' ages. */
  now: number;
}

const COLUMNS: readonly { key: SortKey; title: string; className: string }[] = [
  { key: 'name', title: 'Name', className: 'col-name' },
  { key: 'model', title: 'Model', className: 'col-model' },
  { key: 'ios', title: 'iOS', className: 'col-ios' },
  { key: 'serial', title: 'Serial', className: 'col-serial' },
  { key: 'battery', title: 'Battery', className: 'col-battery' },
  { key: 'lastBackup', title: 'Last Backup', className: 'col-backup' },
  { key: 'state', title: 'State', className: 'col-state' },
];

/** The table of connected devices. */
export function OverviewTable({ rows, order, onSort, selected, onSelect, onOpen, onRetry, now }: OverviewTableProps) {
  const udids = rows.map((row) => row.device.udid);
  const count = udids.filter((udid) => selected.has(udid)).length;
  return (
    <table className="overview-table" aria-label="Connected devices">
      <colgroup>
        <col className="col-check" />
        {COLUMNS.map((column) => (
          <col key={column.key} className={column.className} />
        ))}
      </colgroup>
      <thead>
        <tr>
          <th scope="col" className="col-check">
            <SelectAll all={udids.length} count={count} onChange={(on) => onSelect(udids, on)} />
          </th>
          {COLUMNS.map((column) => (
            <SortHeader key={column.key} column={column} order={order} onSort={onSort} />
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <Row
            key={row.device.udid}
            row={row}
            selected={selected.has(row.device.udid)}
            onSelect={(on) => onSelect([row.device.udid], on)}
            onOpen={() => onOpen(row.device.udid)}
            onRetry={() => onRetry(row.device.udid)}
            now={now}
          />
        ))}
      </tbody>
    </table>
  );
}

function SelectAll({ all, count, onChange }: { all: number; count: number; onChange(on: boolean): void }) {
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (box.current) box.current.indeterminate = count > 0 && count < all;
  }, [all, count]);
  return <input ref={box} type="checkbox" aria-label="Select all devices" checked={all > 0 && count === all} disabled={all === 0} onChange={(event) => onChange(event.target.checked)} />;
}

function SortHeader({ column, order, onSort }: { column: (typeof COLUMNS)[number]; order: SortOrder; onSort(key: SortKey): void }) {
  const active = order.key === column.key;
  const Arrow = order.descending ? ArrowDown : ArrowUp;
  return (
    <th scope="col" className={column.className} aria-sort={active ? (order.descending ? 'descending' : 'ascending') : undefined}>
      <button type="button" className="overview-sort" onClick={() => onSort(column.key)}>
        {column.title}
        {active && <Arrow size={12} aria-hidden="true" />}
      </button>
    </th>
  );
}

interface RowProps {
  row: OverviewRow;
  selected: boolean;
  onSelect(on: boolean): void;
  onOpen(): void;
  onRetry(): void;
  now: number;
}

function Row({ row, selected, onSelect, onOpen, onRetry, now }: RowProps) {
  const { device, label, lastBackup } = row;
  return (
    <tr
      className="overview-row"
      aria-selected={selected}
      data-udid={device.udid}
      onClick={(event) => {
        // Clicks on the row's own controls do what they say; elsewhere a click toggles the row.
        if (!(event.target as HTMLElement).closest('button, input')) onSelect(!selected);
      }}
    >
      <td className="col-check">
        <input type="checkbox" aria-label={`Select ${label}`} checked={selected} onChange={(event) => onSelect(event.target.checked)} />
      </td>
      <td className="col-name">
        <button type="button" className="overview-name" title={label} aria-label={label} onClick={onOpen}>
          <DeviceIcon deviceClass={device.deviceClass} productType={device.productType} size={14} />
          <span className="overview-names">
            <span className="overview-ellipsis">{device.name ?? device.udid}</span>
            {row.distinction && <span className="overview-ellipsis overview-distinction muted">{row.distinction}</span>}
          </span>
        </button>
      </td>
      <Cell className="col-model" value={device.model ?? device.productType} />
      <Cell className="col-ios" value={device.iosVersion} />
      <Cell className="col-serial" value={device.serialNumber} />
      <Cell className="col-battery" value={device.batteryPercent === undefined ? undefined : `${device.batteryPercent} %`} />
      <td className="col-backup">
        {lastBackup ? (
          <time dateTime={lastBackup} title={formatDate(lastBackup)}>
            {ageWords(lastBackup, now)}
          </time>
        ) : (
          <span className="muted">Never</span>
        )}
      </td>
      <td className="col-state">
        <StateCell row={row} onRetry={onRetry} />
      </td>
    </tr>
  );
}

function Cell({ className, value }: { className: string; value: ReactNode }) {
  return (
    <td className={className}>
      {value === undefined ? <span className="muted">—</span> : <span className="overview-ellipsis" title={typeof value === 'string' ? value : undefined}>{value}</span>}
    </td>
  );
}

function StateCell({ row, onRetry }: { row: OverviewRow; onRetry(): void }) {
  const { status, label } = row;
  return (
    <div className="overview-state">
      <span className="overview-state-line">
        <span className={`chip chip-${status.tone}`} title={status.detail}>
          {status.words}
        </span>
        {status.canRetry && (
          <button type="button" className="button small" aria-label={`Retry ${label}`} onClick={onRetry}>
            <RotateCcw size={12} aria-hidden="true" />
          </button>
        )}
      </span>
      {status.tone === 'active' && <ProgressBar fraction={status.fraction} label={`Progress of ${label}`} valueText={status.words} />}
      {status.detail && (
        <span className="overview-detail overview-ellipsis muted" title={status.detail}>
          {status.detail}
        </span>
      )}
    </div>
  );
}
