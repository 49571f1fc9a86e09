/**
 * Step 1: which backup (any in the library, any device's) goes onto which connected device.
 */
import { Lock } from 'lucide-react';
import { useId } from 'react';
import { deviceDistinction, deviceLabel, type DeviceListItem } from '../../../shared/devices.ts';
import type { BackupSummary } from '../../../shared/library.ts';
import { backupWords } from './restore-words.ts';

/** Props of {@link ChooseStep}. */
export interface ChooseStepProps {
  backups?: readonly BackupSummary[];
  devices: readonly DeviceListItem[];
  backupId?: string;
  udid?: string;
  onBackup(id: string): void;
  onDevice(udid: string): void;
}

const STATE_WORDS: Partial<Record<DeviceListItem['state'], string>> = { 'trust-needed': ' (Trust needed)', locked: ' (locked)', busy: ' (busy)' };

/** The backup list and the device to restore onto. */
export function ChooseStep({ backups, devices, backupId, udid, onBackup, onDevice }: ChooseStepProps) {
  const id = useId();
  const present = devices.filter((device) => device.state !== 'disconnected');
  const chosen = present.find((device) => device.udid === udid);
  return (
    <div className="choose-step">
      <fieldset className="backup-choices">
        <legend>Backup</legend>
        {!backups && <p className="muted">Reading the library…</p>}
        {backups?.length === 0 && <p className="muted">There are no backups yet. Back up a device first.</p>}
        {backups && backups.length > 0 && (
          <div className="backup-choice-list">
            {backups.map((backup) => {
              const words = backupWords(backup);
              return (
                <label key={backup.id} className="backup-choice">
                  <input type="radio" name={`${id}-backup`} value={backup.id} checked={backup.id === backupId} onChange={() => onBackup(backup.id)} />
                  <span className="backup-choice-name">
                    {words.name}
                    {backup.encrypted && <Lock size={11} role="img" aria-label="Encrypted" className="backup-choice-lock" />}
                  </span>
                  <span className="backup-choice-detail muted">{words.detail}</span>
                </label>
              );
            })}
          </div>
        )}
      </fieldset>
      <div className="restore-target">
        <label htmlFor={`${id}-device`}>Restore onto</label>
        {present.length === 0 ? (
          <p className="muted">Connect the iPhone or iPad to restore onto with a USB cable.</p>
        ) : (
          <select id={`${id}-device`} className="text-input" value={udid ?? ''} onChange={(event) => onDevice(event.target.value)}>
            {udid === undefined && <option value="">Choose a device</option>}
            {present.map((device) => (
              <option key={device.udid} value={device.udid}>
                {deviceLabel(device, present) + (STATE_WORDS[device.state] ?? '')}
              </option>
            ))}
          </select>
        )}
        {chosen && (
          <p className="restore-target-identity muted" data-testid="restore-target-identity">
            {deviceDistinction(chosen)}
          </p>
        )}
      </div>
    </div>
  );
}
