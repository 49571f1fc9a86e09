/**
 * The window frame: a Finder-like sidebar and the main pane for the selected item.
 */
import { useStore } from '../store/index.ts';
import { selectDestination } from '../store/navigation-slice.ts';
import { BackupsPane } from './backups-pane.tsx';
import { DevicesPane } from './devices-pane.tsx';
import { SettingsPane } from './settings-pane.tsx';
import { Sidebar } from './sidebar.tsx';

/** The whole window. */
export function App() {
  const destination = useStore(selectDestination);
  return (
    <div className="frame">
      <Sidebar />
      <main className="main-pane">
        {destination.kind === 'backups' ? <BackupsPane /> : destination.kind === 'settings' ? <SettingsPane /> : <DevicesPane />}
      </main>
    </div>
  );
}
