/**
 * Settings for the library: the folders it lists backups from (the backup folder, and added ones such as
 * external disks, shown as not connected when absent) and how many earlier backups each device keeps.
 */
import { useId } from 'react';
import { MAX_KEEP_VERSIONS } from '../../shared/settings.ts';
import { useStore } from '../store/index.ts';

const VERSION_CHOICES = [0, 1, 2, 3, 5, 10, MAX_KEEP_VERSIONS];

/** The Locations and Versions sections of Settings. */
export function LibrarySettings() {
  const settings = useStore((state) => state.settings);
  const addLocation = useStore((state) => state.addLocation);
  const removeLocation = useStore((state) => state.removeLocation);
  const setKeepVersions = useStore((state) => state.setKeepVersions);
  const headingId = useId();
  const versionsId = useId();
  const keep = settings?.keepVersions ?? 0;
  const choices = VERSION_CHOICES.includes(keep) ? VERSION_CHOICES : [...VERSION_CHOICES, keep].sort((a, b) => a - b);
  return (
    <>
      <h2 id={headingId}>Library locations</h2>
      <p className="settings-hint">The Backups list shows the backups in each of these folders.</p>
      <ul className="settings-locations" aria-labelledby={headingId}>
        {settings?.locations.map((location) => (
          <li key={location.path} className="settings-location">
            {location.kind === 'backup-folder' ? (
              // Its path is shown above, under "Back up to".
              <span className="settings-location-name">The backup folder</span>
            ) : (
              <>
                <code className="settings-location-name">{location.path}</code>
                {!location.available && <span className="muted">Not connected</span>}
                <button type="button" className="button small" aria-label={`Remove ${location.path}`} onClick={() => void removeLocation(location.path)}>
                  Remove
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      <div className="settings-actions">
        <button type="button" className="button" onClick={() => void addLocation()} disabled={!settings?.canChooseFolder}>
          Add Location…
        </button>
      </div>
      <p className="settings-hint">Removing a location only stops listing it; its backups stay on the disk.</p>

      <h2>Versions</h2>
      <p className="settings-row">
        <label className="settings-label" htmlFor={versionsId}>
          Keep
        </label>
        <select id={versionsId} value={keep} onChange={(event) => void setKeepVersions(Number(event.target.value))} disabled={!settings}>
          {choices.map((count) => (
            <option key={count} value={count}>
              {count === 0 ? 'No earlier backups' : `The last ${count} earlier ${count === 1 ? 'backup' : 'backups'}`}
            </option>
          ))}
        </select>
      </p>
      <p className="settings-hint">
        After each backup the one before it can stay as a version. Versions share unchanged files with the newest backup, so each costs only what changed.
        The oldest beyond this number are removed after the device’s next backup.
      </p>
    </>
  );
}
