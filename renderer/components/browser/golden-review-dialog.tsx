/**
 * "Review what it carries…": what this backup would put on every device restored from it (accounts,
 * personal data, browsing, passwords, management), the serious findings first.
 */
import { CircleAlert, Info, LoaderCircle, TriangleAlert } from 'lucide-react';
import type { CountOrUnknown, GoldenReview } from '../../../shared/categories.ts';
import type { Result } from '../../../shared/ipc/result.ts';
import { useStore } from '../../store/index.ts';
import { ErrorNotice } from '../device/error-notice.tsx';
import { FactList, onOff } from '../device/fact-list.tsx';
import { ModalDialog } from '../modal-dialog.tsx';
import { countWords } from './browser-words.ts';
import { useResult } from './use-result.ts';
import './dialogs.css';

const LEVEL_ICONS = { danger: CircleAlert, caution: TriangleAlert, info: Info } as const;

const known = (count: CountOrUnknown, noun: string) => (count === null ? 'Not in this backup (not encrypted)' : countWords(count, noun));

/** Props of {@link GoldenReviewDialog}. */
export interface GoldenReviewDialogProps {
  onClose(): void;
  /** Reads the review (memoized); by default, of the backup open in the browser (the Clone pane passes its golden backup's). */
  load?: () => Promise<Result<GoldenReview>>;
}

/** The golden-backup review sheet. */
export function GoldenReviewDialog({ onClose, load }: GoldenReviewDialogProps) {
  const browsed = useStore((state) => state.loadGoldenReview);
  const loaded = useResult(load ?? browsed);
  const review = loaded?.value;
  const error = loaded?.error;

  return (
    <ModalDialog
      title="What this backup carries"
      description={<p>Everything below goes onto every iPhone or iPad restored from this backup.</p>}
      onClose={onClose}
      className="modal-wide"
    >
      {error && <ErrorNotice error={error} />}
      {!review && !error && (
        <p className="muted" role="status">
          <LoaderCircle size={14} className="spinner" aria-hidden="true" /> Reading the backup…
        </p>
      )}
      {review && (
        <div className="golden-review">
          {review.warnings.length > 0 && (
            <ul className="golden-warnings" aria-label="Findings">
              {review.warnings.map((warning, index) => {
                const Icon = LEVEL_ICONS[warning.level];
                return (
                  <li key={index} className={`golden-${warning.level}`}>
                    <Icon size={14} aria-hidden="true" /> {warning.message}
                  </li>
                );
              })}
            </ul>
          )}
          <FactList
            facts={[
              { label: 'Apple Account', value: review.accounts.appleAccount ?? 'None signed in' },
              { label: 'Other accounts', value: review.accounts.others.map((account) => [account.typeName, account.username].filter(Boolean).join(' ')).join(', ') || 'None' },
              { label: 'Contacts', value: countWords(review.personalData.contacts, 'contact') },
              { label: 'Messages', value: `${countWords(review.personalData.messages, 'message')} in ${countWords(review.personalData.messageThreads, 'conversation')}` },
              { label: 'Calls', value: known(review.personalData.calls, 'call') },
              { label: 'Photos and videos', value: `${countWords(review.personalData.photos, 'photo')}, ${countWords(review.personalData.videos, 'video')}` },
              { label: 'Notes and events', value: `${countWords(review.personalData.notes, 'note')}, ${countWords(review.personalData.calendarEvents, 'event')}` },
              { label: 'Safari', value: `${countWords(review.browser.bookmarks, 'bookmark')}; history: ${known(review.browser.historyItems, 'page')}` },
              { label: 'Passwords', value: known(review.passwords, 'password') },
              { label: 'Wi-Fi networks', value: review.wifiNetworks === null ? 'Not in this backup (not encrypted)' : review.wifiNetworks.join(', ') || 'None' },
              { label: 'Supervised', value: onOff(review.management.supervised) },
              { label: 'MDM', value: review.management.mdmEnrolled ? [review.management.organization, review.management.mdmServer].filter(Boolean).join(' · ') || 'Enrolled' : 'Not enrolled' },
              { label: 'Profiles', value: review.management.profiles.join(', ') || 'None' },
              { label: 'Apps', value: countWords(review.apps, 'app') },
            ]}
          />
          {review.problems.length > 0 && <p className="muted">Could not be read: {review.problems.join('; ')}</p>}
        </div>
      )}
      <div className="modal-actions">
        <button type="button" className="button primary" onClick={onClose}>
          Done
        </button>
      </div>
    </ModalDialog>
  );
}
