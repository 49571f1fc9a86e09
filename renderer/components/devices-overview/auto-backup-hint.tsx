/**
 * Under the overview: what backs devices up by itself (on connect, daily), with a way to Settings.
 */
import { useStore } from '../../store/index.ts';
import { intervalWords } from '../settings-auto-backup-words.ts';

/** One line about automatic backups, and Settings… */
export function AutoBackupHint() {
  const auto = useStore((state) => state.settings?.autoBackup);
  const navigate = useStore((state) => state.navigate);
  if (!auto) return null;
  const parts = [
    auto.onConnect ? `when a device connects (at most once every ${intervalWords(auto.intervalHours)})` : undefined,
    auto.dailyAt ? `every day at ${auto.dailyAt}` : undefined,
  ].filter(Boolean);
  return (
    <p className="overview-hint muted">
      {parts.length > 0 ? `Devices are backed up automatically ${parts.join(' and ')}, while Cradle runs.` : 'Automatic backups are off.'}{' '}
      <button type="button" className="overview-link" onClick={() => navigate({ kind: 'settings' })}>
        Settings…
      </button>
    </p>
  );
}
