/**
 * The backup browser's header: which backup this is (device, iOS, date, encrypted or not), Verify and
 * Close.
 */
import { Lock, LockOpen } from 'lucide-react';
import { useStore } from '../../store/index.ts';
import { DeviceIcon } from '../device-icon.tsx';
import { formatDate } from '../device/format.ts';
import { countWords } from './browser-words.ts';
import { useVerifySheet } from './verify-dialog.tsx';

/** The header of the browser. */
export function BrowserHeader() {
  const opened = useStore((state) => state.browser?.opened);
  const id = useStore((state) => state.browser?.id);
  const summary = useStore((state) => state.backups?.find((backup) => backup.id === id));
  const close = useStore((state) => state.closeBackup);
  const verify = useVerifySheet();
  const name = opened?.deviceName ?? summary?.deviceName ?? 'Backup';
  const date = opened?.date ?? summary?.date;
  const facts = [
    (opened?.iosVersion ?? summary?.iosVersion) && `iOS ${opened?.iosVersion ?? summary?.iosVersion}`,
    date && formatDate(date),
    opened && !opened.locked && countWords(opened.entries, 'file'),
    opened?.format === 'legacy' && 'Older backup format (iOS 9 or earlier)',
  ].filter(Boolean);

  return (
    <header className="browser-header">
      <DeviceIcon productType={summary?.productType} size={28} className="browser-device-icon" />
      <div className="browser-identity">
        <h1 className="browser-title">
          {name}
          {opened?.encrypted &&
            (opened.locked ? (
              <span className="browser-lock">
                <Lock size={12} aria-hidden="true" /> Encrypted
              </span>
            ) : (
              <span className="browser-lock">
                <LockOpen size={12} aria-hidden="true" /> Encrypted, unlocked
              </span>
            ))}
        </h1>
        <p className="browser-facts">{facts.join(' · ')}</p>
      </div>
      <div className="browser-actions">
        <button type="button" className="button" disabled={!opened || !id || verify.busy} onClick={() => id && void verify.start(id)}>
          Verify
        </button>
        <button type="button" className="button" onClick={() => void close()}>
          Close
        </button>
      </div>
      {verify.sheet}
    </header>
  );
}
