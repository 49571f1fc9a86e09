/**
 * The Backups pane: the backups in the backup folder, newest first; until there are any, how to make one.
 */
import { Archive, Lock } from 'lucide-react';
import { useEffect } from 'react';
import { formatBytes } from '../../shared/format.ts';
import { useStore } from '../store/index.ts';
import { formatDate } from './device/format.ts';
import { EmptyState } from './empty-state.tsx';

/** The main pane when Backups is selected. */
export function BackupsPane() {
  const backups = useStore((state) => state.backups);
  const error = useStore((state) => state.libraryError);
  const load = useStore((state) => state.loadLibrary);
  useEffect(() => {
    void load();
  }, [load]);

  if (backups?.length === 0 || (!backups && error)) {
    return (
      <EmptyState icon={<Archive size={48} />} title="No backups yet">
        <p>Back up a connected device and its backup appears here.</p>
        {error && <p className="notice" role="alert">{error.message}</p>}
      </EmptyState>
    );
  }
  return (
    <section className="library-pane" aria-labelledby="library-title">
      <h1 id="library-title">Backups</h1>
      <table className="library-table">
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">Model</th>
            <th scope="col">iOS</th>
            <th scope="col">Date</th>
            <th scope="col">Size</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {(backups ?? []).map((backup) => (
            <tr key={backup.id} title={backup.problems.join('\n') || backup.path}>
              <td>
                {backup.encrypted && <Lock size={12} aria-label="Encrypted" className="library-lock" />}
                {backup.deviceName ?? backup.udid}
              </td>
              <td>{backup.model ?? '—'}</td>
              <td>{backup.iosVersion ?? '—'}</td>
              <td>{backup.date ? formatDate(backup.date) : '—'}</td>
              <td>{formatBytes(backup.sizeBytes)}</td>
              <td>{backup.complete ? 'Complete' : 'Incomplete'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
