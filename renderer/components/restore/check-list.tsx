/**
 * The pre-flight list: ✓ / ⚠ / ✕ per item with what was found, and the fix under each ⚠ and ✕. An
 * encrypted backup's password item reads as the next step until the Password step asks for it.
 */
import { CircleCheck, CircleX, KeyRound, TriangleAlert } from 'lucide-react';
import type { RestorePreflight } from '../../../shared/restore.ts';
import { checkMark, MARK_WORDS, type CheckMark } from './restore-words.ts';

const ICONS = { ok: CircleCheck, warning: TriangleAlert, error: CircleX, next: KeyRound } as const;

/** Props of {@link CheckList}. */
export interface CheckListProps {
  preflight: RestorePreflight;
  /** An encrypted backup whose password has not been checked yet. */
  awaitingPassword: boolean;
}

/** The headline over the list: how many items stand in the way. */
function summary(marks: readonly CheckMark[]): string {
  const errors = marks.filter((mark) => mark === 'error').length;
  if (errors === 1) return '1 item must be fixed before the restore can start.';
  if (errors > 1) return `${errors} items must be fixed before the restore can start.`;
  if (marks.includes('next')) return 'Nothing stands in the way so far; the backup’s password comes next.';
  return marks.includes('warning') ? 'The restore can start; look at the warnings first.' : 'Everything is ready for the restore.';
}

/** Every pre-flight item. */
export function CheckList({ preflight, awaitingPassword }: CheckListProps) {
  const marks = preflight.checks.map((check) => checkMark(check, awaitingPassword));
  return (
    <>
      <p className="check-summary" role="status">
        {summary(marks)}
      </p>
      <ul className="check-list" aria-label="Checks">
        {preflight.checks.map((check, index) => {
          const mark = marks[index] ?? 'ok';
          const Icon = ICONS[mark];
          return (
            <li key={check.id} className={`check check-${mark}`}>
              <Icon size={16} className="check-icon" role="img" aria-label={MARK_WORDS[mark]} />
              <div>
                <span className="check-title">{check.title}</span>
                {mark === 'next' ? (
                  <p className="check-detail muted">You enter its password in the next step.</p>
                ) : (
                  <>
                    {check.detail && <p className="check-detail muted">{check.detail}</p>}
                    {check.fix && check.status !== 'ok' && <p className="check-fix">{check.fix}</p>}
                  </>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </>
  );
}
