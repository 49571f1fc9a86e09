/**
 * The Backups pane: every backup of the library's locations grouped by device (older backups, archives
 * and versions folded under the newest), and what can be done to the selected one. Until there are any
 * backups, how to make one.
 */
import { Archive } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { formatBytes } from '../../shared/format.ts';
import type { BackupSummary } from '../../shared/library.ts';
import { groupBackups } from '../store/library-groups.ts';
import { useStore } from '../store/index.ts';
import { BackupsTable } from './backups-pane-table.tsx';
import { useVerifySheet } from './browser/verify-dialog.tsx';
import { formatDate } from './device/format.ts';
import { EmptyState } from './empty-state.tsx';
import { ModalDialog } from './modal-dialog.tsx';
import './backups-pane.css';

/** The main pane when Backups is selected. */
export function BackupsPane() {
  const backups = useStore((state) => state.backups);
  const error = useStore((state) => state.libraryError);
  const notice = useStore((state) => state.libraryNotice);
  const settings = useStore((state) => state.settings);
  const load = useStore((state) => state.loadLibrary);
  const loadSettings = useStore((state) => state.loadSettings);
  const openBackup = useStore((state) => state.openBackup);
  const [selectedId, setSelectedId] = useState<string>();
  const [deleting, setDeleting] = useState<BackupSummary>();
  useEffect(() => {
    void load();
    void loadSettings();
  }, [load, loadSettings]);
  const groups = useMemo(() => groupBackups(backups ?? []), [backups]);
  const selected = backups?.find((backup) => backup.id === selectedId);
  const missing = settings?.locations.filter((location) => location.kind === 'added' && !location.available) ?? [];
  const missingNotice = missing.length > 0 && (
    <p className="notice library-missing" role="status">
      Not connected: {missing.map((location) => location.path).join(', ')}. Connect the disk to see its backups.
    </p>
  );

  if (backups?.length === 0 || (!backups && error)) {
    return (
      <EmptyState icon={<Archive size={48} />} title="No backups yet">
        <p>Back up a connected device and its backup appears here.</p>
        {missingNotice}
        {error && <p className="notice" role="alert">{error.message}</p>}
      </EmptyState>
    );
  }
  return (
    <section className="library-pane" aria-labelledby="library-title">
      <h1 id="library-title">Backups</h1>
      <BackupActions selected={selected} onDelete={setDeleting} />
      {missingNotice}
      {error && (
        <p className="notice" role="alert">
          {error.message}
        </p>
      )}
      {notice && !error && (
        <p className="library-status" role="status">
          {notice}
        </p>
      )}
      <BackupsTable groups={groups} locations={settings?.locations ?? []} selectedId={selected?.id} onSelect={setSelectedId} onOpen={(id) => void openBackup(id)} />
      {settings && !settings.canTrash && <p className="settings-hint">Deleting backups needs the desktop app, which moves them to the Trash.</p>}
      {deleting && <DeleteDialog backup={deleting} onClose={() => setDeleting(undefined)} />}
    </section>
  );
}

/** The toolbar acting on the selected backup; buttons the host cannot do are not shown. */
function BackupActions({ selected, onDelete }: { selected?: BackupSummary; onDelete(backup: BackupSummary): void }) {
  const settings = useStore((state) => state.settings);
  const archive = useStore((state) => state.archiveBackup);
  const show = useStore((state) => state.showBackupInFolder);
  const openBackup = useStore((state) => state.openBackup);
  const openRestore = useStore((state) => state.openRestoreWizard);
  const verify = useVerifySheet();
  const [archiving, setArchiving] = useState(false);
  return (
    <div className="library-actions" role="toolbar" aria-label="Backup actions">
      {/* Verify comes after Restore to… (UI.md's order), acting on `selected` like the rest; no password needed. */}
      <button type="button" className="button" disabled={!selected} onClick={() => selected && void openBackup(selected.id)}>
        Browse
      </button>
      <button type="button" className="button" disabled={!selected} onClick={() => selected && openRestore({ backupId: selected.id })}>
        Restore to…
      </button>
      <button type="button" className="button" disabled={!selected || verify.busy} onClick={() => selected && void verify.start(selected.id)}>
        Verify
      </button>
      <button
        type="button"
        className="button"
        disabled={!selected || archiving}
        onClick={() => {
          if (!selected) return;
          setArchiving(true);
          void archive(selected.id).finally(() => setArchiving(false));
        }}
      >
        {archiving ? 'Archiving…' : 'Archive'}
      </button>
      {settings?.canTrash && (
        <button type="button" className="button" disabled={!selected} onClick={() => selected && onDelete(selected)}>
          Delete…
        </button>
      )}
      {settings?.canShowInFolder && (
        <button type="button" className="button" disabled={!selected} onClick={() => selected && void show(selected.id)}>
          Show in Folder
        </button>
      )}
      {verify.sheet}
    </div>
  );
}

/** Asks before a backup goes to the Trash. */
function DeleteDialog({ backup, onClose }: { backup: BackupSummary; onClose(): void }) {
  const remove = useStore((state) => state.deleteBackup);
  const [working, setWorking] = useState(false);
  const kind = backup.state === 'archived' ? 'archived backup' : backup.state === 'version' ? 'earlier version' : 'backup';
  const what = [backup.deviceName ?? backup.udid, backup.date && `from ${formatDate(backup.date)}`].filter(Boolean).join(' ');
  return (
    <ModalDialog
      title="Move this backup to the Trash?"
      description={
        <p>
          The {kind} of {what} ({formatBytes(backup.sizeBytes)}) goes to the Trash. You can put it back from there until you empty the Trash.
        </p>
      }
      onClose={onClose}
    >
      <div className="modal-actions">
        <button type="button" className="button" onClick={onClose} disabled={working}>
          Cancel
        </button>
        <button
          type="button"
          className="button danger"
          disabled={working}
          onClick={() => {
            setWorking(true);
            void remove(backup.id).finally(onClose);
          }}
        >
          Move to Trash
        </button>
      </div>
    </ModalDialog>
  );
}
