/**
 * The Backups section's "Back up automatically when this iPhone connects": the device's own choice, or the
 * default of Settings › Automatic backups until it makes one.
 */
import { useId } from 'react';
import { autoBackupOn } from '../../../shared/settings.ts';
import { useStore } from '../../store/index.ts';
import { intervalWords } from '../settings-auto-backup-words.ts';

/** Props of {@link AutoBackupControl}. */
export interface AutoBackupControlProps {
  udid: string;
  /** "iPhone", "iPad". */
  noun: string;
}

/** The per-device automatic backup checkbox. */
export function AutoBackupControl({ udid, noun }: AutoBackupControlProps) {
  const auto = useStore((state) => state.settings?.autoBackup);
  const setDevice = useStore((state) => state.setDeviceAutoBackup);
  const noteId = useId();
  const own = auto?.devices[udid];
  return (
    <div className="auto-backup-control">
      <label className="checkbox">
        <input
          type="checkbox"
          checked={auto ? autoBackupOn(auto, udid) : false}
          disabled={!auto}
          aria-describedby={noteId}
          onChange={(event) => void setDevice(udid, event.target.checked)}
        />
        Back up automatically when this {noun} connects
      </label>
      <p id={noteId} className="fact-note auto-backup-note">
        {auto && `At most once every ${intervalWords(auto.intervalHours)}, while Cradle runs. `}
        {own === undefined ? (
          'As the default in Settings.'
        ) : (
          <button type="button" className="auto-backup-reset" onClick={() => void setDevice(udid, null)}>
            Use the Default in Settings
          </button>
        )}
      </p>
    </div>
  );
}
