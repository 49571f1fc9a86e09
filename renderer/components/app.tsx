/**
 * The window frame: a Finder-like sidebar, the main pane for the selected item, and the restore wizard when open.
 */
import { useStore } from '../store/index.ts';
import { selectDestination } from '../store/navigation-slice.ts';
import { BackupsPane } from './backups-pane.tsx';
import { BackupBrowser } from './browser/backup-browser.tsx';
import { ClonePane } from './clone/clone-pane.tsx';
import { DevicesPane } from './devices-pane.tsx';
import { RestoreWizard } from './restore/restore-wizard.tsx';
import { SettingsPane } from './settings-pane.tsx';
import { Sidebar } from './sidebar.tsx';

/** The whole window. */
export function App() {
  const destination = useStore(selectDestination);
  return (
    <div className="frame">
      <Sidebar />
      <main className="main-pane">
        {destination.kind === 'backups' ? (
          <BackupsPane />
        ) : destination.kind === 'backup' ? (
          <BackupBrowser id={destination.id} />
        ) : destination.kind === 'clone' ? (
          <ClonePane />
        ) : destination.kind === 'settings' ? (
          <SettingsPane />
        ) : (
          <DevicesPane />
        )}
      </main>
      <RestoreWizard />
    </div>
  );
}
