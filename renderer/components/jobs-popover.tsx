/**
 * Activity: a sidebar button that shows how many jobs run, and its popover with every running job (its
 * progress and Cancel) and the ones that ended this session, reachable from any page.
 */
import { Activity, CircleCheck, CircleX } from 'lucide-react';
import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store/index.ts';
import { isFinished, type JobView } from '../store/jobs-reducer.ts';
import { jobProgressWords, jobTitle } from './job-words.ts';
import { ProgressBar } from './progress-bar.tsx';
import './jobs-popover.css';

/** How many ended jobs the popover keeps showing. */
const RECENT = 4;

/** The jobs worth listing: all running ones, and the latest ended ones (pairing has its own walkthrough). */
function listed(jobs: readonly JobView[]): { running: JobView[]; ended: JobView[] } {
  const running = jobs.filter((job) => !isFinished(job));
  const ended = jobs.filter((job) => isFinished(job) && job.kind !== 'pair').slice(-RECENT).reverse();
  return { running, ended };
}

/** The Activity button and its popover; absent until this session has a job to show. */
export function JobsButton() {
  const jobs = useStore(useShallow((state) => Object.values(state.jobs)));
  const popoverId = useId();
  const headingId = useId();
  const { running, ended } = listed(jobs);
  if (running.length === 0 && ended.length === 0) return null;
  const count = running.length === 1 ? '1 job running' : `${running.length || 'No'} jobs running`;
  return (
    <>
      <button type="button" className="sidebar-item jobs-button" popoverTarget={popoverId} aria-label={`Activity: ${count}`}>
        <Activity size={16} aria-hidden="true" className={running.length ? 'jobs-active' : undefined} />
        <span className="sidebar-label">Activity</span>
        {running.length > 0 && <span className="badge badge-busy">{running.length}</span>}
      </button>
      <div id={popoverId} popover="auto" className="jobs-popover" role="dialog" aria-labelledby={headingId}>
        <h2 id={headingId} className="jobs-heading">
          Activity
        </h2>
        {running.length === 0 && <p className="muted jobs-none">No jobs running.</p>}
        <ul className="jobs-list">
          {running.map((job) => (
            <RunningJob key={job.jobId} job={job} />
          ))}
          {ended.map((job) => (
            <EndedJob key={job.jobId} job={job} />
          ))}
        </ul>
      </div>
    </>
  );
}

/** The device's name: as last seen connected, else as its backups in the library name it (a verify or export of a backup). */
function useDeviceName(udid: string | undefined): string {
  return useStore((state) => (udid ? (state.lastSeen[udid]?.name ?? state.summaries[udid]?.summary?.name ?? state.backups?.find((backup) => backup.udid === udid)?.deviceName) : undefined) ?? 'the device');
}

function RunningJob({ job }: { job: JobView }) {
  const name = useDeviceName(job.udid ?? job.backupOf);
  const cancelJob = useStore((state) => state.cancelJob);
  const title = jobTitle(job, name);
  const words = jobProgressWords(job);
  const fraction = job.progress?.fraction || job.progress?.bytesTotal ? job.progress.fraction : undefined;
  return (
    <li className="job">
      <div className="job-head">
        <span className="job-title">{title}</span>
        <button type="button" className="button small" aria-label={`Cancel: ${title}`} onClick={() => void cancelJob(job.jobId)}>
          Cancel
        </button>
      </div>
      <ProgressBar fraction={fraction} label={title} valueText={words} />
      <p className="job-words">{words}</p>
    </li>
  );
}

function EndedJob({ job }: { job: JobView }) {
  const name = useDeviceName(job.udid ?? job.backupOf);
  const Icon = job.state === 'done' ? CircleCheck : CircleX;
  return (
    <li className={`job job-${job.state}`}>
      <div className="job-head">
        <Icon size={14} aria-hidden="true" className="job-icon" />
        <span className="job-title">{jobTitle(job, name)}</span>
      </div>
      {job.error && <p className="job-words">{job.error.message}</p>}
    </li>
  );
}
