/**
 * One category of the backup: its title and count, the export named by its format (vCard, CSV, original
 * photos), what stands in the way in words (only in encrypted backups, none in this backup, damaged), and
 * the category's own view.
 */
import { Download, LoaderCircle, Lock } from 'lucide-react';
import { useEffect } from 'react';
import { CATEGORY_INFO, type CategoryName } from '../../../shared/categories.ts';
import { useStore } from '../../store/index.ts';
import { ErrorNotice } from '../device/error-notice.tsx';
import { statusWords } from './browser-words.ts';
import { CategoryBody } from './categories/category-body.tsx';
import { CategoryIcon } from './category-icon.tsx';
import './categories.css';

/** The categories that export, with the button's words and the status line's. */
const EXPORTS: Partial<Record<CategoryName, { name: 'contacts' | 'calls' | 'messages' | 'photos'; button: string; label: string }>> = {
  contacts: { name: 'contacts', button: 'Export vCard', label: 'Exporting contacts as vCard' },
  calls: { name: 'calls', button: 'Export CSV', label: 'Exporting the call history as CSV' },
  messages: { name: 'messages', button: 'Export CSV', label: 'Exporting messages as CSV' },
  photos: { name: 'photos', button: 'Save originals', label: 'Saving the original photos and videos' },
};

/** Props of {@link CategoryView}. */
export interface CategoryViewProps {
  name: CategoryName;
}

/** A category page. */
export function CategoryView({ name }: CategoryViewProps) {
  const loaded = useStore((state) => state.browser?.categories[name]);
  const encrypted = useStore((state) => state.browser?.opened?.encrypted === true);
  const countText = useStore((state) => state.browser?.overview?.value?.categories.find((category) => category.name === name)?.countText);
  const canExport = useStore((state) => state.settings?.canChooseFolder !== false);
  const load = useStore((state) => state.loadCategory);
  const exportCategory = useStore((state) => state.exportCategory);
  const info = CATEGORY_INFO[name];
  const exporter = EXPORTS[name];
  useEffect(() => {
    if (!loaded) void load(name);
  }, [loaded, load, name]);

  const result = loaded?.value;
  const words = result ? statusWords(info, result.status, encrypted) : undefined;
  const lockedOut = result?.status === 'needs-encryption';
  return (
    <section className={`category-view category-${name}`} aria-labelledby={`category-${name}-title`}>
      <div className="view-head">
        <h2 id={`category-${name}-title`} className="view-title">
          <CategoryIcon name={name} size={16} /> {info.title}
        </h2>
        {result?.status === 'ok' && countText && <span className="view-count">{countText}</span>}
        {exporter && (
          <button
            type="button"
            className="button"
            disabled={result?.status !== 'ok' || !canExport}
            title={canExport ? undefined : 'Exporting needs the desktop app'}
            onClick={() => void exportCategory(exporter.name, exporter.label)}
          >
            <Download size={13} aria-hidden="true" /> {exporter.button}
          </button>
        )}
      </div>
      {(words || result?.problem) && (
        <p className={lockedOut ? 'view-note view-note-locked' : 'view-note'}>
          {(lockedOut || (words && result?.status === 'ok')) && <Lock size={12} aria-hidden="true" />}
          <span>
            {words}
            {result?.problem && <span className="view-problem"> {result.problem}</span>}
          </span>
        </p>
      )}
      {loaded?.error && <ErrorNotice error={loaded.error} />}
      {!loaded && (
        <p className="browser-message muted" role="status">
          <LoaderCircle size={14} className="spinner" aria-hidden="true" /> Reading {info.title}…
        </p>
      )}
      {result?.status === 'ok' && <CategoryBody result={result} />}
    </section>
  );
}

