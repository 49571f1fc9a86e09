/**
 * The restore wizard's steps and what lets the person go on from each, and the restore options' defaults
 * (the wizard's and the clone's, the same). Pure, so it is tested in Node.
 */
import type { DeviceListItem } from '../../shared/devices.ts';
import type { BackupSummary } from '../../shared/library.ts';
import type { PreflightCheck, RestoreOptions, RestorePreflight, RestoreWarning } from '../../shared/restore.ts';

/** A step of the restore wizard, in order. */
export type RestoreStep = 'choose' | 'check' | 'password' | 'review' | 'restoring' | 'done';

const ALL_STEPS: readonly RestoreStep[] = ['choose', 'check', 'password', 'review', 'restoring', 'done'];

/**
 * The restore options offered first, by the wizard and by a clone alike (one set, so the same words never
 * mean different things in two places): the backup's settings and system files, nothing on the device
 * removed unless the person asks, restart when done.
 */
export const DEFAULT_RESTORE_OPTIONS: Readonly<RestoreOptions> = { settings: true, system: true, remove: false, reboot: true };

/**
 * What happens to what the backup does not hold, in the words the wizard's review and the clone's
 * confirmation share; `target` is "the iPhone" or "each device".
 */
export function leftoverWords(remove: boolean, target: string): string {
  return remove ? `What the backup does not hold is removed from ${target}.` : `What the backup does not hold stays on ${target}.`;
}

/** What the wizard knows so far. */
export interface WizardFacts {
  backupId?: string;
  udid?: string;
  /** The chosen backup is encrypted: the Password step is part of the way. */
  encrypted: boolean;
  /** The latest pre-flight. */
  preflight?: RestorePreflight;
  /** The latest pre-flight was run with the password. */
  passwordChecked: boolean;
  /** The serious warnings the person ticked. */
  confirmed: ReadonlySet<RestoreWarning['id']>;
  /** The restore job has ended (done, failed or cancelled). */
  finished: boolean;
}

/** The steps this restore goes through: Password only for an encrypted backup. */
export function wizardSteps(encrypted: boolean): RestoreStep[] {
  return ALL_STEPS.filter((step) => step !== 'password' || encrypted);
}

/** Whether the pre-flight has still to hear the password (an encrypted backup before its step). */
export function awaitsPassword(facts: Pick<WizardFacts, 'encrypted' | 'passwordChecked'>): boolean {
  return facts.encrypted && !facts.passwordChecked;
}

/** The checks that stop the restore now; the password's waits for its own step while `awaitingPassword`. */
export function blockers(preflight: RestorePreflight, awaitingPassword: boolean): PreflightCheck[] {
  return preflight.checks.filter((check) => check.status === 'error' && !(awaitingPassword && check.id === 'password'));
}

/** The serious warnings not ticked yet. */
export function unconfirmed(warnings: readonly RestoreWarning[], confirmed: ReadonlySet<RestoreWarning['id']>): RestoreWarning[] {
  return warnings.filter((warning) => warning.serious && !confirmed.has(warning.id));
}

/** Whether the person may go on from `step`. */
export function canContinue(step: RestoreStep, facts: WizardFacts): boolean {
  const { preflight } = facts;
  switch (step) {
    case 'choose':
      return facts.backupId !== undefined && facts.udid !== undefined;
    case 'check':
      return preflight !== undefined && blockers(preflight, awaitsPassword(facts)).length === 0;
    case 'password':
      return facts.passwordChecked && preflight !== undefined && blockers(preflight, false).length === 0;
    case 'review':
      return preflight !== undefined && !awaitsPassword(facts) && blockers(preflight, false).length === 0 && unconfirmed(preflight.warnings, facts.confirmed).length === 0;
    case 'restoring':
      return facts.finished;
    case 'done':
      return false;
  }
}

/** The step after `step` on this restore's way, if any. */
export function nextStep(step: RestoreStep, encrypted: boolean): RestoreStep | undefined {
  const steps = wizardSteps(encrypted);
  return steps[steps.indexOf(step) + 1];
}

/** The step Back goes to: only before the restore starts (once it runs, there is no going back). */
export function previousStep(step: RestoreStep, encrypted: boolean): RestoreStep | undefined {
  if (step === 'choose' || step === 'restoring' || step === 'done') return undefined;
  const steps = wizardSteps(encrypted);
  return steps[steps.indexOf(step) - 1];
}

/** The backup to offer first for a device: its newest complete backup, else the newest complete one. */
export function suggestBackup(backups: readonly BackupSummary[], udid: string | undefined): BackupSummary | undefined {
  const complete = backups.filter((backup) => backup.complete);
  return complete.find((backup) => backup.udid === udid) ?? complete[0];
}

/** The device to offer first for a backup: its own device when connected, else the first connected one. */
export function suggestTarget(devices: readonly DeviceListItem[], backup: BackupSummary | undefined): DeviceListItem | undefined {
  const present = devices.filter((device) => device.state !== 'disconnected');
  return present.find((device) => device.udid === backup?.udid) ?? present[0];
}
