/**
 * The restore wizard, a modal sheet with its steps on the left: Choose backup → Check → Password (encrypted
 * backups) → Review → Restoring → Done. Opened from a backup's "Restore to…" or a device's "Restore
 * Backup…"; closing it while the restore runs leaves the job running (the Activity popover shows it).
 */
import { Check, LoaderCircle } from 'lucide-react';
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { deviceLabel } from '../../../shared/devices.ts';
import { useStore } from '../../store/index.ts';
import type { RestoreWizardStart } from '../../store/restore-slice.ts';
import { wizardSteps, type RestoreStep } from '../../store/restore-steps.ts';
import { deviceNoun } from '../device/device-words.ts';
import { ErrorNotice } from '../device/error-notice.tsx';
import { ModalDialog } from '../modal-dialog.tsx';
import { CheckList } from './check-list.tsx';
import { ChooseStep } from './choose-step.tsx';
import { PasswordStep } from './password-step.tsx';
import { RestoringStep } from './restoring-step.tsx';
import { ReviewStep } from './review-step.tsx';
import { targetWords } from './restore-words.ts';
import { useRestoreFlow, type RestoreFlow } from './use-restore-flow.ts';
import './restore.css';

const STEP_NAMES: Record<RestoreStep, string> = { choose: 'Choose Backup', check: 'Check', password: 'Password', review: 'Review', restoring: 'Restore', done: 'Done' };

const STEP_HINTS: Record<RestoreStep, string> = {
  choose: 'Choose a backup and the device to restore it onto.',
  check: 'Cradle checks everything before anything is sent to the device.',
  password: 'The password is checked on this computer.',
  review: 'Look at what will happen, then restore.',
  restoring: 'The backup is going onto the device.',
  done: 'The restore has ended.',
};

/** The wizard while it is open. */
export function RestoreWizard() {
  const start = useStore((state) => state.restoreWizard);
  return start ? <Wizard start={start} /> : null;
}

function Wizard({ start }: { start: RestoreWizardStart }) {
  const close = useStore((state) => state.closeRestoreWizard);
  const flow = useRestoreFlow(start);
  const device = useStore((state) => (flow.udid ? state.lastSeen[flow.udid] : undefined));
  const noun = deviceNoun(device?.productType);
  const deviceName = device ? deviceLabel(device, flow.devices) : `the ${noun}`;
  const target = device ? targetWords(device) : `the ${noun}`;
  const steps = wizardSteps(flow.encrypted);
  const body = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const seen = useRef<RestoreStep>(flow.step);
  const passwordForm = useId();

  // A new step takes the focus to its title, unless the step put it on a field of its own.
  useEffect(() => {
    if (seen.current === flow.step) return;
    seen.current = flow.step;
    if (!body.current?.contains(document.activeElement)) heading.current?.focus();
  }, [flow.step]);

  return (
    <ModalDialog title="Restore from Backup" description={<p>{STEP_HINTS[flow.step]}</p>} onClose={close} className="restore-wizard">
      <div className="wizard">
        <ol className="wizard-steps" aria-label="Steps">
          {steps.map((step, index) => {
            const current = step === flow.step;
            const past = steps.indexOf(flow.step) > index;
            return (
              <li key={step} className={current ? 'wizard-step current' : past ? 'wizard-step past' : 'wizard-step'} aria-current={current ? 'step' : undefined}>
                <span className="wizard-step-number" aria-hidden="true">
                  {past ? <Check size={12} /> : index + 1}
                </span>
                {STEP_NAMES[step]}
              </li>
            );
          })}
        </ol>
        <div className="wizard-body" ref={body}>
          <h3 className="wizard-title" tabIndex={-1} ref={heading}>
            {STEP_NAMES[flow.step]}
          </h3>
          <StepBody flow={flow} noun={noun} deviceName={deviceName} target={target} passwordForm={passwordForm} />
        </div>
      </div>
      <WizardActions flow={flow} passwordForm={passwordForm} onClose={close} />
    </ModalDialog>
  );
}

interface StepBodyProps {
  flow: RestoreFlow;
  noun: string;
  /** The target's label (with model and serial digits when another device has its name). */
  deviceName: string;
  /** The target named beyond doubt, for the review. */
  target: string;
  passwordForm: string;
}

function StepBody({ flow, noun, deviceName, target, passwordForm }: StepBodyProps) {
  const preflight = flow.check?.value;
  switch (flow.step) {
    case 'choose':
      return <ChooseStep backups={flow.backups} devices={flow.devices} backupId={flow.backup?.id} udid={flow.udid} onBackup={flow.chooseBackup} onDevice={flow.chooseDevice} />;
    case 'check':
      return (
        <>
          {flow.checking && <Busy>Checking the backup and {deviceName}…</Busy>}
          {flow.check?.error && <ErrorNotice error={flow.check.error} />}
          {preflight && !flow.checking && <CheckList preflight={preflight} awaitingPassword={flow.awaitingPassword} />}
        </>
      );
    case 'password':
      return (
        <>
          <PasswordStep
            password={flow.password}
            onPassword={flow.setPassword}
            onSubmit={() => void flow.submitPassword()}
            formId={passwordForm}
            checking={flow.checking}
            wrong={flow.wrong}
            wrongCount={flow.wrongCount}
            deviceName={flow.backup?.deviceName ?? 'the device'}
          />
          {flow.check?.error && <ErrorNotice error={flow.check.error} />}
          {preflight && !flow.wrong && !flow.awaitingPassword && !preflight.ok && !flow.checking && <CheckList preflight={preflight} awaitingPassword={false} />}
        </>
      );
    case 'review':
      return (
        <>
          {flow.backup && preflight && (
            <ReviewStep
              backup={flow.backup}
              preflight={preflight}
              target={target}
              noun={noun}
              options={flow.options}
              onOptions={flow.setOptions}
              confirmed={flow.confirmed}
              onConfirm={flow.confirm}
            />
          )}
          {flow.startError && <ErrorNotice error={flow.startError} />}
        </>
      );
    default:
      return flow.job ? <RestoringStep job={flow.job} noun={noun} restarts={flow.options.reboot} /> : null;
  }
}

function Busy({ children }: { children: ReactNode }) {
  return (
    <p className="modal-busy" role="status">
      <LoaderCircle size={14} className="spinner" aria-hidden="true" /> {children}
    </p>
  );
}

/** The buttons under the steps; each step's own (keyed, so focus never stays on a button that changed meaning). */
function WizardActions({ flow, passwordForm, onClose }: { flow: RestoreFlow; passwordForm: string; onClose(): void }) {
  const cancelJob = useStore((state) => state.cancelJob);
  const back = flow.canGoBack && (
    <button type="button" className="button wizard-back" onClick={flow.back}>
      Back
    </button>
  );
  const cancel = (
    <button type="button" className="button" onClick={onClose}>
      Cancel
    </button>
  );
  let actions: ReactNode;
  switch (flow.step) {
    case 'choose':
      actions = (
        <button key="choose" type="button" className="button primary" disabled={!flow.canContinue} onClick={() => void flow.checkChoice()}>
          Continue
        </button>
      );
      break;
    case 'check':
      actions = (
        <>
          <button key="recheck" type="button" className="button" disabled={flow.checking} onClick={() => void flow.recheck()}>
            Check Again
          </button>
          <button key="check" type="button" className="button primary" disabled={!flow.canContinue} onClick={flow.continueFromCheck}>
            Continue
          </button>
        </>
      );
      break;
    case 'password':
      actions = (
        <button key="password" type="submit" form={passwordForm} className="button primary" disabled={flow.checking || !flow.password}>
          Continue
        </button>
      );
      break;
    case 'review':
      actions = (
        <button key="review" type="button" className="button primary" disabled={!flow.canContinue} onClick={() => void flow.restore()}>
          Restore
        </button>
      );
      break;
    case 'restoring':
      return (
        <div className="modal-actions">
          <button type="button" className="button" onClick={() => flow.job && void cancelJob(flow.job.jobId)}>
            Cancel Restore
          </button>
        </div>
      );
    case 'done':
      return (
        <div className="modal-actions">
          {flow.job?.state !== 'done' && (
            <button type="button" className="button" onClick={() => void flow.tryAgain()}>
              Try Again
            </button>
          )}
          <button type="button" className="button primary" onClick={onClose}>
            Close
          </button>
        </div>
      );
  }
  return (
    <div className="modal-actions">
      {back}
      <span className="wizard-spacer" />
      {cancel}
      {actions}
    </div>
  );
}
