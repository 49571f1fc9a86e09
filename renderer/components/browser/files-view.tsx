/**
 * A folder of the backup (or a search over all of it): the path as breadcrumbs, the search field and
 * Export, the virtualized list, and the selected file's details and preview beside it.
 */
import { ChevronRight, Download, Search } from 'lucide-react';
import { useEffect, useState } from 'react';
import { breadcrumbs } from '../../store/browser-paths.ts';
import { SEARCH_LIMIT } from '../../store/browser-files-slice.ts';
import { useStore } from '../../store/index.ts';
import { countWords } from './browser-words.ts';
import { FileDetail } from './file-detail.tsx';
import { FileList } from './file-list.tsx';
import './files.css';

/** How long typing pauses before the search runs. */
const SEARCH_DELAY_MS = 250;

/** The Files view. */
export function FilesView() {
  const view = useStore((state) => state.browser?.view);
  const search = useStore((state) => state.files.search);
  const matches = useStore((state) => state.files.searchMatches);
  const selected = useStore((state) => state.files.selected);
  const canExport = useStore((state) => state.settings?.canChooseFolder !== false);
  const showView = useStore((state) => state.showBrowserView);
  const searchFiles = useStore((state) => state.searchFiles);
  const exportFiles = useStore((state) => state.exportFiles);
  const [query, setQuery] = useState(search);

  useEffect(() => {
    const trimmed = query.trim();
    if (trimmed === search) return;
    const timer = setTimeout(() => void searchFiles(trimmed), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [query, search, searchFiles]);

  if (view?.kind !== 'files') return null;
  const crumbs = breadcrumbs(view.domain, view.path);
  return (
    <section className="files-view" aria-label="Files">
      <div className="files-toolbar">
        {search ? (
          <p className="files-crumbs" aria-live="polite">
            {matches === undefined ? 'Searching…' : matches > SEARCH_LIMIT ? `The first ${SEARCH_LIMIT.toLocaleString()} of ${countWords(matches, 'match', 'matches')}` : countWords(matches, 'match', 'matches')} for “{search}” in the whole backup
          </p>
        ) : (
          <nav aria-label="Folder path">
            <ol className="files-crumbs">
              {crumbs.map((crumb, index) => (
                <li key={crumb.path}>
                  {index > 0 && <ChevronRight size={12} aria-hidden="true" className="crumb-sep" />}
                  <button
                    type="button"
                    className="crumb"
                    aria-current={index === crumbs.length - 1 ? 'location' : undefined}
                    title={index === 0 ? crumb.domain : undefined}
                    onClick={() => showView({ kind: 'files', domain: crumb.domain, path: crumb.path })}
                  >
                    {crumb.label}
                  </button>
                </li>
              ))}
            </ol>
          </nav>
        )}
        <label className="search-field">
          <Search size={13} aria-hidden="true" />
          <span className="visually-hidden">Search files by name</span>
          <input type="search" placeholder="Search by name" value={query} onChange={(event) => setQuery(event.target.value)} />
        </label>
        <button
          type="button"
          className="button"
          disabled={!selected || !canExport}
          title={canExport ? 'Saves the selected file or folder with its original name into a folder you choose' : 'Exporting needs the desktop app'}
          onClick={() => selected && void exportFiles([selected], `Exporting ${selected.name}`)}
        >
          <Download size={13} aria-hidden="true" /> Export…
        </button>
      </div>
      <div className="files-split">
        <FileList />
        <FileDetail />
      </div>
    </section>
  );
}
