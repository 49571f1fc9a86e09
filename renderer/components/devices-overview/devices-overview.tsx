/**
 * The Devices overview (the sidebar's "All Devices"): every connected device in a sortable table with its
 * last backup and what it is doing, Back Up Selected and Back Up All. Backups run in the engine's one
 * queue, so leaving this pane never stops them.
 */
import { useEffect, useMemo, useState } from 'react';
import { useStore } from '../../store/index.ts';
import { activeJob } from '../../store/jobs-reducer.ts';
import { ErrorNotice } from '../device/error-notice.tsx';
import { AutoBackupHint } from './auto-backup-hint.tsx';
import { canBackUp, lastBackupDates, nextSortOrder, overviewRows, sortRows, type SortOrder } from './overview-rows.ts';
import { OverviewTable } from './overview-table.tsx';
import { OverviewToolbar } from './overview-toolbar.tsx';
import { useMinuteClock } from './use-minute-clock.ts';
// The state chips are the clone grid's (the same tones, the same colours).
import '../clone/clone-grid.css';
import './devices-overview.css';

/** The main pane when "All Devices" is selected and devices are connected. */
export function DevicesOverview() {
  const devices = useStore((state) => state.devices);
  const backups = useStore((state) => state.backups);
  const tiles = useStore((state) => state.fleet?.tiles);
  const jobs = useStore((state) => state.jobs);
  const fleetError = useStore((state) => state.fleetError);
  const loadLibrary = useStore((state) => state.loadLibrary);
  const navigate = useStore((state) => state.navigate);
  const retry = useStore((state) => state.retryFleet);
  const [order, setOrder] = useState<SortOrder>({ key: 'name', descending: false });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const now = useMinuteClock();
  useEffect(() => {
    void loadLibrary();
  }, [loadLibrary]);

  const lastBackups = useMemo(() => lastBackupDates(backups ?? []), [backups]);
  const rows = useMemo(
    () => sortRows(overviewRows(devices, lastBackups, tiles ?? [], (udid) => activeJob(jobs, udid)), order),
    [devices, lastBackups, tiles, jobs, order],
  );
  const eligible = rows.filter((row) => canBackUp(row.device)).map((row) => row.device.udid);
  const select = (udids: readonly string[], on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      for (const udid of udids) {
        if (on) next.add(udid);
        else next.delete(udid);
      }
      return next;
    });

  return (
    <section className="overview-pane" aria-labelledby="overview-title">
      <header className="overview-head">
        <h1 id="overview-title">Devices</h1>
        <span className="muted">{devices.length === 1 ? '1 device' : `${devices.length} devices`}</span>
      </header>
      <OverviewToolbar selected={eligible.filter((udid) => selected.has(udid))} all={eligible} />
      {fleetError && <ErrorNotice error={fleetError} />}
      <div className="overview-scroll">
        <OverviewTable
          rows={rows}
          order={order}
          onSort={(key) => setOrder((current) => nextSortOrder(current, key))}
          selected={selected}
          onSelect={select}
          onOpen={(udid) => navigate({ kind: 'device', udid })}
          onRetry={(udid) => void retry(udid)}
          now={now}
        />
      </div>
      <AutoBackupHint />
    </section>
  );
}
