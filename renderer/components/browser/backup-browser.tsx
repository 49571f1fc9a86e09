/**
 * The backup browser: a backup of the library opened from the Backups pane. Left, the categories and the
 * Files tree; right, the summary, a category, or a folder's list with its preview. An encrypted backup
 * asks for its password first, inline.
 */
import { LoaderCircle } from 'lucide-react';
import { useEffect } from 'react';
import { useStore } from '../../store/index.ts';
import { ErrorNotice } from '../device/error-notice.tsx';
import { BrowserColumn } from './browser-column.tsx';
import { BrowserHeader } from './browser-header.tsx';
import { CategoryView } from './category-view.tsx';
import { ExportStatus } from './export-status.tsx';
import { FilesView } from './files-view.tsx';
import { OverviewView } from './overview-view.tsx';
import { UnlockPanel } from './unlock-panel.tsx';
import './browser.css';
import './views.css';

/** Props of {@link BackupBrowser}. */
export interface BackupBrowserProps {
  /** The backup's library id. */
  id: string;
}

/** The main pane when a backup is open. */
export function BackupBrowser({ id }: BackupBrowserProps) {
  const browser = useStore((state) => state.browser);
  const openBackup = useStore((state) => state.openBackup);
  const navigate = useStore((state) => state.navigate);
  const isOpen = browser?.id === id;
  useEffect(() => {
    if (!isOpen) void openBackup(id);
  }, [id, isOpen, openBackup]);

  return (
    <article className="backup-browser" aria-label={`Backup of ${browser?.opened?.deviceName ?? 'a device'}`}>
      <BrowserHeader />
      {browser?.openError ? (
        <div className="browser-message">
          <ErrorNotice error={browser.openError}>
            <button type="button" className="button" onClick={() => navigate({ kind: 'backups' })}>
              Back to Backups
            </button>
          </ErrorNotice>
        </div>
      ) : !browser?.opened ? (
        <p className="browser-message muted" role="status">
          <LoaderCircle size={14} className="spinner" aria-hidden="true" /> Opening the backup…
        </p>
      ) : (
        <div className="browser-body">
          <BrowserColumn />
          <div className="browser-main">
            <ExportStatus />
            {browser.opened.locked ? <UnlockPanel deviceName={browser.opened.deviceName ?? 'the device'} /> : <BrowserContent />}
          </div>
        </div>
      )}
    </article>
  );
}

function BrowserContent() {
  const view = useStore((state) => state.browser?.view);
  switch (view?.kind) {
    case 'category':
      return <CategoryView key={view.name} name={view.name} />;
    case 'files':
      // A new folder starts with an empty search field.
      return <FilesView key={`${view.domain}\0${view.path}`} />;
    default:
      return <OverviewView />;
  }
}
