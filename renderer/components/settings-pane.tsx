/**
 * Settings: where backups are kept, where the library looks, how many versions to keep, automatic backups.
 * Folders are chosen with the system's folder dialog in the app.
 */
import { useEffect } from 'react';
import { useStore } from '../store/index.ts';
import { AutoBackupSettings } from './settings-pane-auto-backup.tsx';
import { LibrarySettings } from './settings-pane-library.tsx';
import './settings-pane.css';

/** The main pane when Settings is selected. */
export function SettingsPane() {
  const settings = useStore((state) => state.settings);
  const error = useStore((state) => state.settingsError);
  const load = useStore((state) => state.loadSettings);
  const choose = useStore((state) => state.chooseBackupFolder);
  const resetFolder = useStore((state) => state.useDefaultBackupFolder);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <section className="settings-pane" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <h2>Backups</h2>
      <p className="settings-row">
        <span className="settings-label">Back up to</span>
        <code data-testid="backup-folder">{settings?.backupFolder ?? '…'}</code>
      </p>
      <p className="settings-hint">
        {settings?.usingDefaultFolder
          ? 'The standard backup folder of this computer, shared with Finder and iTunes where they exist.'
          : `The standard folder is ${settings?.defaultBackupFolder ?? '…'}.`}
      </p>
      <div className="settings-actions">
        <button type="button" className="button" onClick={() => void choose()} disabled={!settings?.canChooseFolder}>
          Change Folder…
        </button>
        {settings && !settings.usingDefaultFolder && (
          <button type="button" className="button" onClick={() => void resetFolder()}>
            Use Standard Folder
          </button>
        )}
      </div>
      {settings && !settings.canChooseFolder && (
        <p className="settings-hint">In the browser mode the folder is set with CRADLE_BACKUP_DIR before starting.</p>
      )}
      {error && (
        <p className="notice" role="alert">
          {error.message}
        </p>
      )}
      <p className="settings-hint">Existing backups stay where they are; new backups go to the folder above.</p>
      <LibrarySettings />
      <AutoBackupSettings />
    </section>
  );
}
