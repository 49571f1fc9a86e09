/**
 * The restore wizard's state: the chosen backup and device, the pre-flight, the password (held here only,
 * for as long as the wizard is open, and dropped once the restore starts), the options, the confirmations
 * and the job, with the actions that move from step to step.
 */
import { useEffect, useState } from 'react';
import type { ErrorPayload } from '../../../shared/errors.ts';
import type { RestoreOptions, RestorePreflight, RestoreWarning } from '../../../shared/restore.ts';
import type { Loaded } from '../../store/browser-slice.ts';
import { useStore } from '../../store/index.ts';
import { isFinished } from '../../store/jobs-reducer.ts';
import type { RestoreWizardStart } from '../../store/restore-slice.ts';
import { awaitsPassword, canContinue, DEFAULT_RESTORE_OPTIONS, nextStep, previousStep, suggestBackup, suggestTarget, type RestoreStep, type WizardFacts } from '../../store/restore-steps.ts';

/** The wizard's state and actions. */
export function useRestoreFlow(start: RestoreWizardStart) {
  const backups = useStore((state) => state.backups);
  const devices = useStore((state) => state.devices);
  const loadLibrary = useStore((state) => state.loadLibrary);
  const preflightRestore = useStore((state) => state.preflightRestore);
  const startRestore = useStore((state) => state.startRestore);
  const [step, setStep] = useState<RestoreStep>('choose');
  const [chosenBackup, setChosenBackup] = useState(start.backupId);
  const [chosenDevice, setChosenDevice] = useState(start.udid);
  const [check, setCheck] = useState<Loaded<RestorePreflight>>();
  const [checking, setChecking] = useState(false);
  const [password, setPassword] = useState('');
  const [passwordChecked, setPasswordChecked] = useState(false);
  const [wrongCount, setWrongCount] = useState(0);
  const [wrong, setWrong] = useState(false);
  const [options, setOptions] = useState<RestoreOptions>(DEFAULT_RESTORE_OPTIONS);
  const [confirmed, setConfirmed] = useState<ReadonlySet<RestoreWarning['id']>>(new Set());
  const [jobId, setJobId] = useState<string>();
  const [startError, setStartError] = useState<ErrorPayload>();
  const job = useStore((state) => (jobId ? state.jobs[jobId] : undefined));
  useEffect(() => {
    void loadLibrary();
  }, [loadLibrary]);

  // Until the person picks, the wizard offers the device's own newest backup and the backup's own device.
  const backup = chosenBackup ? backups?.find((candidate) => candidate.id === chosenBackup) : suggestBackup(backups ?? [], start.udid);
  const present = devices.filter((device) => device.state !== 'disconnected');
  const udid = chosenDevice && (step !== 'choose' || present.some((device) => device.udid === chosenDevice)) ? chosenDevice : suggestTarget(devices, backup)?.udid;
  const encrypted = backup?.encrypted ?? false;
  const finished = job !== undefined && isFinished(job);
  const facts: WizardFacts = { backupId: backup?.id, udid, encrypted, preflight: check?.value, passwordChecked, confirmed, finished };
  const shown: RestoreStep = step === 'restoring' && finished ? 'done' : step;

  const runCheck = async (withPassword: boolean) => {
    if (!backup || !udid) return undefined;
    setChecking(true);
    const result = await preflightRestore({ udid, backupId: backup.id, ...(withPassword && password ? { password } : {}) });
    setCheck(result.ok ? { value: result.value } : { error: result.error });
    setPasswordChecked(withPassword && result.ok);
    setChecking(false);
    return result.ok ? result.value : undefined;
  };

  const goTo = (next: RestoreStep | undefined) => {
    if (next) setStep(next);
  };

  return {
    step: shown,
    backups,
    devices,
    backup,
    udid,
    encrypted,
    check,
    checking,
    password,
    wrong,
    wrongCount,
    options,
    confirmed,
    job,
    startError,
    awaitingPassword: awaitsPassword(facts),
    canContinue: canContinue(shown, facts) && !checking,
    canGoBack: previousStep(shown, encrypted) !== undefined && !checking,
    chooseBackup: setChosenBackup,
    chooseDevice: setChosenDevice,
    setOptions,
    setPassword(value: string) {
      setPassword(value);
      setWrong(false);
    },
    confirm(id: RestoreWarning['id'], on: boolean) {
      setConfirmed((current) => {
        const next = new Set(current);
        if (on) next.add(id);
        else next.delete(id);
        return next;
      });
    },
    back: () => goTo(previousStep(shown, encrypted)),
    /** Leaves Choose: the pair is fixed and checked from scratch. */
    async checkChoice() {
      setChosenBackup(backup?.id);
      setChosenDevice(udid);
      setCheck(undefined);
      setPasswordChecked(false);
      setConfirmed(new Set());
      setStep('check');
      await runCheck(false);
    },
    /** "Check again", with the password once it was given. */
    recheck: () => runCheck(passwordChecked),
    continueFromCheck: () => goTo(nextStep('check', encrypted)),
    /** Checks the password with the whole pre-flight, and goes on when nothing stands in the way. */
    async submitPassword() {
      const preflight = await runCheck(true);
      const passwordCheck = preflight?.checks.find((item) => item.id === 'password');
      if (passwordCheck?.status === 'error') {
        setWrong(true);
        setWrongCount((count) => count + 1);
        setPassword('');
      } else if (preflight?.ok) setStep('review');
    },
    async restore() {
      if (!backup || !udid) return;
      setStartError(undefined);
      const started = await startRestore({ udid, backupId: backup.id, options, ...(password ? { password } : {}), confirmed: true });
      if (started.error) return setStartError(started.error);
      // The engine has the password now; the wizard lets go of it.
      setPassword('');
      setJobId(started.jobId);
      setStep('restoring');
    },
    /** After a failed or cancelled restore: back to the checks (the password is asked for again). */
    async tryAgain() {
      setJobId(undefined);
      setConfirmed(new Set());
      setStep('check');
      await runCheck(false);
    },
  };
}

/** What {@link useRestoreFlow} gives. */
export type RestoreFlow = ReturnType<typeof useRestoreFlow>;
