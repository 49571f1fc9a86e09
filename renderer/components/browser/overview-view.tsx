/**
 * The summary of a backup: one tile per category with what it holds ("120 contacts"), a lock and "Only
 * in encrypted backups" where this backup cannot hold it, and the way to the golden-backup review.
 */
import { LoaderCircle, Lock } from 'lucide-react';
import { useState } from 'react';
import { useStore } from '../../store/index.ts';
import { ErrorNotice } from '../device/error-notice.tsx';
import { needsEncryption } from './browser-words.ts';
import { CategoryIcon } from './category-icon.tsx';
import { GoldenReviewDialog } from './golden-review-dialog.tsx';

/** The summary page. */
export function OverviewView() {
  const overview = useStore((state) => state.browser?.overview);
  const showView = useStore((state) => state.showBrowserView);
  const [reviewing, setReviewing] = useState(false);
  if (overview?.error) return <ErrorNotice error={overview.error} />;
  if (!overview) {
    return (
      <p className="browser-message muted" role="status">
        <LoaderCircle size={14} className="spinner" aria-hidden="true" /> Reading what the backup holds…
      </p>
    );
  }
  const { encrypted, categories } = overview.value;
  return (
    <section className="overview" aria-labelledby="overview-title">
      <div className="view-head">
        <h2 id="overview-title" className="view-title">
          What this backup holds
        </h2>
        <button type="button" className="button" onClick={() => setReviewing(true)}>
          Review what it carries…
        </button>
      </div>
      {!encrypted && (
        <p className="view-note">
          <Lock size={12} aria-hidden="true" /> This backup is not encrypted: call history, Wi-Fi networks, saved passwords and website history are only in encrypted backups.
        </p>
      )}
      <ul className="overview-grid">
        {categories.map((category) => {
          const lockedOut = category.status === 'needs-encryption' || needsEncryption(category, encrypted);
          return (
            <li key={category.name}>
              <button type="button" className={`overview-tile overview-${category.status}`} onClick={() => showView({ kind: 'category', name: category.name })}>
                <CategoryIcon name={category.name} size={20} />
                <span className="overview-title">{category.title}</span>
                <span className="overview-count">
                  {lockedOut && <Lock size={11} aria-hidden="true" />}
                  {lockedOut ? 'Only in encrypted backups' : category.countText}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {reviewing && <GoldenReviewDialog onClose={() => setReviewing(false)} />}
    </section>
  );
}
