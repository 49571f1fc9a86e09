/**
 * A device's page: the header, then the Trust walkthrough, a locked or error notice, or the General,
 * Info and Profiles tabs, depending on what the device allows.
 */
import { useEffect, type ReactNode } from 'react';
import { deviceIdentity, sameNamedDevices } from '../../../shared/devices.ts';
import type { ErrorCode } from '../../../shared/errors.ts';
import { selectDevice, selectDevices } from '../../store/devices-slice.ts';
import { useStore } from '../../store/index.ts';
import { isFinished, latestJob } from '../../store/jobs-reducer.ts';
import { needsSummary } from '../../store/summary-cache.ts';
import { selectSummary } from '../../store/summary-slice.ts';
import { Tabs } from '../tabs.tsx';
import { DeviceHeader } from './device-header.tsx';
import { DisconnectedNotice, LockedNotice, ReadingNotice } from './device-status.tsx';
import { deviceNoun } from './device-words.ts';
import { ErrorNotice } from './error-notice.tsx';
import { GeneralTab } from './general-tab.tsx';
import { InfoTab } from './info-tab.tsx';
import { ProfilesTab } from './profiles-tab.tsx';
import { PromptBanner } from './prompt-banner.tsx';
import { TrustPanel } from './trust-panel.tsx';
import './device-page.css';

const TRUST_ERRORS: readonly ErrorCode[] = ['NOT_PAIRED', 'PAIRING_PENDING'];

/** Props of {@link DevicePage}. */
export interface DevicePageProps {
  udid: string;
}

/** The page of one device. */
export function DevicePage({ udid }: DevicePageProps) {
  const device = useStore(selectDevice(udid));
  const seen = useStore((state) => state.lastSeen[udid]);
  const devices = useStore(selectDevices);
  const entry = useStore(selectSummary(udid));
  const pairJob = useStore((state) => latestJob(state.jobs, udid, 'pair'));
  const loadSummary = useStore((state) => state.loadSummary);
  const renameDevice = useStore((state) => state.renameDevice);

  useEffect(() => {
    if (needsSummary(entry, device)) void loadSummary(udid);
  }, [entry, device, udid, loadSummary]);

  const summary = entry?.summary;
  const noun = deviceNoun(summary?.deviceClass || (device ?? seen)?.productType);
  const name = (device ?? seen)?.name ?? summary?.name ?? `This ${noun}`;
  const listed = device ?? seen;
  const twins = listed ? sameNamedDevices(listed, devices) : [];
  const serial = listed && twins.length > 0 ? deviceIdentity(listed, twins).serial : undefined;

  if (!device || device.state === 'disconnected') return <DisconnectedNotice name={name} noun={noun} />;

  const error = entry?.status === 'error' ? entry.error : undefined;
  const needsTrust =
    device.state === 'trust-needed' || (error !== undefined && TRUST_ERRORS.includes(error.code)) || (pairJob !== undefined && !isFinished(pairJob));
  // The list says "Locked" until the engine looks again; a summary read since (Try Again) shows it is not.
  const freshSummary = entry?.status === 'ready' && !entry.stale;
  const locked = error?.code === 'DEVICE_LOCKED' || (device.state === 'locked' && !freshSummary);
  const ready = !needsTrust && !locked && summary !== undefined;

  let body: ReactNode;
  if (needsTrust) body = <TrustPanel udid={udid} noun={noun} />;
  else if (locked) body = <LockedNotice noun={noun} onRetry={() => void loadSummary(udid)} />;
  else if (error) {
    body = (
      <ErrorNotice error={error}>
        <button type="button" className="button" onClick={() => void loadSummary(udid)}>
          Try Again
        </button>
      </ErrorNotice>
    );
  } else if (!summary) body = <ReadingNotice noun={noun} />;
  else {
    body = (
      <Tabs
        label={`${name} details`}
        tabs={[
          { id: 'general', label: 'General', render: () => <GeneralTab summary={summary} noun={noun} /> },
          { id: 'info', label: 'Info', render: () => <InfoTab summary={summary} /> },
          { id: 'profiles', label: 'Profiles', render: () => <ProfilesTab summary={summary} noun={noun} /> },
        ]}
      />
    );
  }

  return (
    <article className="device-page" aria-label={name}>
      <DeviceHeader
        name={name}
        noun={noun}
        listed={listed}
        serial={serial}
        summary={ready ? summary : undefined}
        onRename={(newName) => renameDevice(udid, newName)}
      />
      {ready && <PromptBanner udid={udid} noun={noun} />}
      {body}
    </article>
  );
}
