/**
 * The Backups pane: the library. Until backups exist, how to make one.
 */
import { Archive } from 'lucide-react';
import { EmptyState } from './empty-state.tsx';

/** The main pane when Backups is selected. */
export function BackupsPane() {
  return (
    <EmptyState icon={<Archive size={48} />} title="No backups yet">
      <p>Back up a connected device and its backup appears here.</p>
    </EmptyState>
  );
}
