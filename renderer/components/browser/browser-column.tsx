/**
 * The browser's left column: the summary, the categories with their counts (a lock and "Only in encrypted
 * backups" where this backup cannot hold one), and the Files tree.
 */
import { Lock, Smartphone } from 'lucide-react';
import { CATEGORY_INFO, CATEGORY_NAMES, type CategoryName } from '../../../shared/categories.ts';
import { useStore } from '../../store/index.ts';
import { needsEncryption } from './browser-words.ts';
import { CategoryIcon } from './category-icon.tsx';
import { FilesTree } from './files-tree.tsx';

/** The left column of the backup browser. */
export function BrowserColumn() {
  const view = useStore((state) => state.browser?.view);
  const locked = useStore((state) => state.browser?.opened?.locked !== false);
  const encrypted = useStore((state) => state.browser?.opened?.encrypted === true);
  const overview = useStore((state) => state.browser?.overview?.value);
  const showView = useStore((state) => state.showBrowserView);
  const summaryOf = (name: CategoryName) => overview?.categories.find((category) => category.name === name);

  return (
    <nav className="browser-column" aria-label="Backup contents">
      <button
        type="button"
        className="sidebar-item"
        aria-current={view?.kind === 'overview' ? 'page' : undefined}
        onClick={() => showView({ kind: 'overview' })}
      >
        <Smartphone size={14} aria-hidden="true" />
        <span className="sidebar-label">Summary</span>
      </button>
      <h2 className="sidebar-heading" id="browser-categories">
        Categories
      </h2>
      <ul className="sidebar-list" aria-labelledby="browser-categories">
        {CATEGORY_NAMES.map((name) => {
          const info = CATEGORY_INFO[name];
          const summary = summaryOf(name);
          const lockedOut = needsEncryption(info, encrypted) || summary?.status === 'needs-encryption';
          const current = view?.kind === 'category' && view.name === name;
          return (
            <li key={name}>
              <button
                type="button"
                className="sidebar-item"
                aria-current={current ? 'page' : undefined}
                aria-description={lockedOut ? 'Only in encrypted backups' : summary?.countText}
                title={lockedOut ? 'Only in encrypted backups' : summary?.countText}
                onClick={() => showView({ kind: 'category', name })}
              >
                <CategoryIcon name={name} size={14} />
                <span className="sidebar-label">{info.title}</span>
                {lockedOut ? (
                  <Lock size={11} className="column-lock" aria-label="Only in encrypted backups" />
                ) : (
                  summary && summary.status === 'ok' && summary.count > 0 && <span className="column-count">{summary.count.toLocaleString()}</span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
      <h2 className="sidebar-heading">Files</h2>
      {locked ? <p className="browser-side-note">Unlock the backup to see its files.</p> : <FilesTree />}
    </nav>
  );
}
