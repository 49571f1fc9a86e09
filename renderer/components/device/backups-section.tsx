/**
 * The General tab's Backups section, as in Finder: iCloud Backup, "Encrypt local backup" with Change
 * Password…, the last backup to this computer, Back Up Now, Restore Backup…, and the running or last backup.
 */
import { useState } from 'react';
import type { DeviceSummary } from '../../../shared/devices.ts';
import type { ErrorPayload } from '../../../shared/errors.ts';
import { useStore } from '../../store/index.ts';
import { activeJob, latestJob } from '../../store/jobs-reducer.ts';
import { AutoBackupControl } from './auto-backup-control.tsx';
import { BackupProgress } from './backup-progress.tsx';
import { EncryptionControl } from './encryption-control.tsx';
import { ErrorNotice } from './error-notice.tsx';
import { FactList, onOff } from './fact-list.tsx';
import { formatDate } from './format.ts';
import { PasswordDialog } from './password-dialog.tsx';
import type { PasswordMode } from './password-rules.ts';
import './backups.css';

/** Props of {@link BackupsSection}. */
export interface BackupsSectionProps {
  summary: DeviceSummary;
  noun: string;
}

/** Which password dialog is open; `thenBackUp` when Back Up Now opened it because encryption is required. */
type OpenDialog = { mode: PasswordMode; thenBackUp?: boolean };

/** Backup settings and "Back Up Now". */
export function BackupsSection({ summary, noun }: BackupsSectionProps) {
  const { udid, backup } = summary;
  const busy = useStore((state) => activeJob(state.jobs, udid) !== undefined || state.devices.find((device) => device.udid === udid)?.state === 'busy');
  const job = useStore((state) => latestJob(state.jobs, udid, 'backup'));
  const startBackup = useStore((state) => state.startBackup);
  const cancelJob = useStore((state) => state.cancelJob);
  const openRestore = useStore((state) => state.openRestoreWizard);
  const [dialog, setDialog] = useState<OpenDialog>();
  const [startError, setStartError] = useState<ErrorPayload>();
  // A profile requires encryption that is still off: the engine would refuse the backup, so ask for a password first.
  const needsPassword = backup.encryptionRequired && !backup.encrypted;

  const start = async () => {
    setStartError(undefined);
    const started = await startBackup(udid);
    if (started.error) setStartError(started.error);
  };

  const backUpNow = () => {
    if (needsPassword) setDialog({ mode: 'on', thenBackUp: true });
    else void start();
  };

  return (
    <section aria-labelledby="general-backups" className="tab-section">
      <h2 id="general-backups">Backups</h2>
      <FactList
        facts={[
          { label: 'iCloud Backup', value: onOff(backup.iCloudBackup) },
          { label: 'Last backup to this computer', value: summary.lastBackupDate ? formatDate(summary.lastBackupDate) : 'Never' },
        ]}
      />
      <div className="backup-controls">
        <EncryptionControl
          noun={noun}
          encrypted={backup.encrypted}
          required={backup.encryptionRequired}
          busy={busy}
          onRequest={(mode) => setDialog({ mode })}
        />
        <AutoBackupControl udid={udid} noun={noun} />
        <div className="backup-buttons">
          <button type="button" className="button primary" disabled={busy} onClick={backUpNow}>
            Back Up Now
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => openRestore({ udid })}>
            Restore Backup…
          </button>
          {needsPassword && !busy && <span className="muted">Set a backup password first: a profile requires encrypted backups.</span>}
        </div>
        {startError && <ErrorNotice error={startError} />}
        <BackupProgress
          job={job}
          noun={noun}
          previousBackupDate={summary.lastBackupDate}
          onCancel={(jobId) => void cancelJob(jobId)}
          onSetPassword={() => setDialog({ mode: 'on', thenBackUp: true })}
        />
      </div>
      {dialog && (
        <PasswordDialog
          udid={udid}
          noun={noun}
          mode={dialog.mode}
          reason={dialog.thenBackUp ? `A profile on this ${noun} requires encrypted backups. Set a backup password to turn encryption on; the backup starts right after.` : undefined}
          submitLabel={dialog.thenBackUp ? 'Set Password and Back Up' : undefined}
          onClose={() => setDialog(undefined)}
          onDone={() => {
            setDialog(undefined);
            if (dialog.thenBackUp) void start();
          }}
        />
      )}
    </section>
  );
}
