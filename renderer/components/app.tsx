/**
 * The window frame: a Finder-like sidebar, the main pane for the selected item, and the restore wizard when open.
 */
import { PanelLeftClose, PanelLeftOpen } from 'lucide-react';
import { useEffect } from 'react';
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
  const sidebarHidden = useStore((state) => state.sidebarHidden);
  const toggleSidebar = useStore((state) => state.toggleSidebar);
  useEffect(() => {
    // Finder's Show/Hide Sidebar: Control-Command-S on a Mac, Control-Alt-S elsewhere.
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.ctrlKey && (event.metaKey || event.altKey) && event.code === 'KeyS') {
        event.preventDefault();
        toggleSidebar();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [toggleSidebar]);
  return (
    <div className={sidebarHidden ? 'frame sidebar-hidden' : 'frame'}>
      {sidebarHidden ? (
        <div className="sidebar-rail">
          <SidebarToggle hidden onToggle={toggleSidebar} />
        </div>
      ) : (
        <Sidebar toggle={<SidebarToggle hidden={false} onToggle={toggleSidebar} />} />
      )}
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

/** The sidebar's shortcut as this computer's keyboard names it. */
const SIDEBAR_SHORTCUT = /Mac/.test(globalThis.navigator?.userAgent ?? '') ? 'Control-Command-S' : 'Control-Alt-S';

/** Hides the sidebar (from its top corner), or shows it again (from the narrow rail left in its place). */
function SidebarToggle({ hidden, onToggle }: { hidden: boolean; onToggle(): void }) {
  const label = hidden ? 'Show Sidebar' : 'Hide Sidebar';
  return (
    <button type="button" className="sidebar-toggle" aria-label={label} aria-expanded={!hidden} title={`${label} (${SIDEBAR_SHORTCUT})`} onClick={onToggle}>
      {hidden ? <PanelLeftOpen size={16} aria-hidden="true" /> : <PanelLeftClose size={16} aria-hidden="true" />}
    </button>
  );
}
