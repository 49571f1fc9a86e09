/**
 * Follows a fleet job (a clone, `backup --all`) from the CLI: a line per device whenever its state
 * changes (which devices wait for Trust or their passcode, which failed and why), or JSON lines with --json;
 * Ctrl+C stops it (devices at work finish); the report file; the exit code.
 */
import { access, constants, lstat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { tileFailed, type FleetCounts, type FleetReportRow, type FleetTile } from '../../shared/fleet.ts';
import type { EventChannel } from '../../shared/ipc/channels.ts';
import type { Engine } from '../engine/api/handlers.ts';
import { fleetReport, reportFormat } from '../engine/fleet/report.ts';
import { EXIT } from './output.ts';

const STATE_WORDS: Record<FleetTile['state'], string> = {
  waiting: 'waiting',
  'needs-trust': 'tap Trust on the device',
  'needs-passcode': 'enter the passcode on the device',
  checking: 'checking',
  'find-my': 'Find My is on',
  'backing-up': 'backing up',
  restoring: 'restoring',
  rebooting: 'restarting',
  renaming: 'renaming',
  done: 'done',
  skipped: 'skipped',
  failed: 'failed',
};

/** One device's line: "Anna's iPad (F2LX…): tap Trust on the device". */
export function tileLine(tile: FleetTile): string {
  const percent = tile.fraction && (tile.state === 'restoring' || tile.state === 'backing-up') ? ` ${Math.round(tile.fraction * 100)} %` : '';
  const why = tile.problems?.map((problem) => `${problem.title}.${problem.fix ? ` ${problem.fix}` : ''}`).join(' ') ?? tile.error ?? tile.skippedBecause;
  return `${tile.name ?? tile.udid} (${tile.serialNumber ?? tile.udid}): ${STATE_WORDS[tile.state]}${percent}${why && (tileFailed(tile.state) || tile.state === 'skipped') ? ` — ${why}` : ''}`;
}

/** A fleet as the CLI follows it. */
export interface FollowedFleet {
  finished(): Promise<void>;
  stop(): void;
  report(): FleetReportRow[];
  counts(): FleetCounts;
  dispose(): void;
}

/**
 * Prints the fleet's changes (published on `channel` with `tiles`) until it has finished; writes the report;
 * resolves with the exit code (1 when a device failed).
 */
export async function followFleet(
  engine: Engine,
  channel: EventChannel,
  fleet: () => FollowedFleet,
  options: { json: boolean; report?: string; noun: string },
): Promise<number> {
  const last = new Map<string, string>();
  const unsubscribe = engine.events.subscribe((name, payload) => {
    if (name !== channel) return;
    const status = payload as { tiles: FleetTile[] };
    if (options.json) return void process.stdout.write(`${JSON.stringify({ [options.noun]: status })}\n`);
    for (const tile of status.tiles) {
      // Progress moves too often for a line each: only the state and the reason.
      const line = tileLine({ ...tile, fraction: undefined });
      if (last.get(tile.udid) !== line) process.stderr.write(`${line}\n`);
      last.set(tile.udid, line);
    }
  });
  const run = fleet();
  const stop = () => {
    if (!options.json) process.stderr.write('Stopping: devices at work finish, no new ones start.\n');
    run.stop();
  };
  process.on('SIGINT', stop);
  try {
    await run.finished();
  } finally {
    process.off('SIGINT', stop);
    unsubscribe();
  }
  const rows = run.report();
  // The outcome is written even when the report cannot be: it is the only record of the run.
  const reportFailure = options.report ? await writeFile(resolve(options.report), fleetReport(rows, reportFormat(options.report))).then(() => undefined, (error: NodeJS.ErrnoException) => error.code ?? error.message) : undefined;
  const counts = run.counts();
  if (options.json) process.stdout.write(`${JSON.stringify({ done: { counts, report: rows } })}\n`);
  else {
    const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : '';
    const written = options.report && !reportFailure ? ` Report: ${resolve(options.report)}` : '';
    process.stdout.write(`${options.noun === 'clone' ? 'Clone' : 'Backups'} finished: ${counts.done} done, ${counts.failed} failed${skipped}.${written}\n`);
  }
  if (reportFailure) process.stderr.write(`The report could not be written to ${resolve(options.report!)} (${reportFailure}); the outcome of every device is above.\n`);
  run.dispose();
  return counts.failed > 0 || reportFailure ? EXIT.failed : EXIT.ok;
}

/** Why a report cannot be written at `report` (checked before a fleet starts); undefined when it can. */
export async function reportPathProblem(report: string): Promise<string | undefined> {
  const path = resolve(report);
  const info = await lstat(path).catch(() => undefined);
  if (info?.isDirectory()) return `${path} is a folder`;
  if (info && !info.isFile()) return `${path} is not a regular file`;
  try {
    await access(dirname(path), constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `the folder ${dirname(path)} does not exist` : `the folder ${dirname(path)} cannot be written (${code})`;
  }
  return undefined;
}
