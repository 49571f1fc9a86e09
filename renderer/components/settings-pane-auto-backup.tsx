/**
 * Settings › Automatic backups: back up devices when they connect (each device may choose otherwise on its
 * page), at most once per interval, every day at a time, and how many devices at once.
 */
import { useId, useState } from 'react';
import { MAX_FLEET_CONCURRENCY } from '../../shared/fleet.ts';
import { useStore } from '../store/index.ts';
import { dailyTime, intervalChoices, intervalWords } from './settings-auto-backup-words.ts';

const CONCURRENCY_CHOICES = [1, 2, 3, 4, 6, 8, 12, 16, 32, MAX_FLEET_CONCURRENCY];

/** The daily time offered when the schedule is turned on. */
const DEFAULT_DAILY_TIME = '12:00';

/** The Automatic backups section of Settings. */
export function AutoBackupSettings() {
  const settings = useStore((state) => state.settings);
  const set = useStore((state) => state.setAutoBackup);
  const ids = { interval: useId(), concurrency: useId() };
  const auto = settings?.autoBackup;
  // The time field keeps what the person typed while the schedule is off, to offer it again.
  const [time, setTime] = useState(auto?.dailyAt ?? DEFAULT_DAILY_TIME);
  const concurrencies = auto && !CONCURRENCY_CHOICES.includes(auto.concurrency) ? [...CONCURRENCY_CHOICES, auto.concurrency].sort((a, b) => a - b) : CONCURRENCY_CHOICES;
  const shownTime = auto?.dailyAt ?? time;
  return (
    <div className="settings-auto">
      <h2>Automatic backups</h2>
      <p className="settings-row">
        <label className="settings-check">
          <input type="checkbox" checked={auto?.onConnect ?? false} disabled={!auto} onChange={(event) => void set({ onConnect: event.target.checked })} />
          Back up devices automatically when they connect
        </label>
      </p>
      <p className="settings-hint">Each device can choose otherwise on its page, under Backups.</p>
      <p className="settings-row">
        <label className="settings-label" htmlFor={ids.interval}>
          At most once every
        </label>
        <select id={ids.interval} value={auto?.intervalHours ?? 24} disabled={!auto} onChange={(event) => void set({ intervalHours: Number(event.target.value) })}>
          {intervalChoices(auto?.intervalHours ?? 24).map((hours) => (
            <option key={hours} value={hours}>
              {intervalWords(hours)}
            </option>
          ))}
        </select>
      </p>
      <p className="settings-row">
        <label className="settings-check">
          <input
            type="checkbox"
            checked={auto?.dailyAt !== undefined}
            disabled={!auto}
            onChange={(event) => void set({ dailyAt: event.target.checked ? (dailyTime(time) ?? DEFAULT_DAILY_TIME) : null })}
          />
          Back up connected devices every day at
        </label>
        <input
          type="time"
          aria-label="Daily backup time"
          value={shownTime}
          disabled={auto?.dailyAt === undefined}
          onChange={(event) => {
            setTime(event.target.value);
            const valid = dailyTime(event.target.value);
            if (valid && auto?.dailyAt !== undefined && valid !== auto.dailyAt) void set({ dailyAt: valid });
          }}
        />
      </p>
      <p className="settings-row">
        <label className="settings-label" htmlFor={ids.concurrency}>
          Devices at once
        </label>
        <select id={ids.concurrency} value={auto?.concurrency ?? 4} disabled={!auto} onChange={(event) => void set({ concurrency: Number(event.target.value) })}>
          {concurrencies.map((count) => (
            <option key={count} value={count}>
              {count}
            </option>
          ))}
        </select>
      </p>
      <p className="settings-hint">
        {settings?.canRunInBackground
          ? 'Automatic backups run while Cradle runs. While they are on, closing the window keeps Cradle running in the menu bar or system tray.'
          : 'Automatic backups run while Cradle runs.'}{' '}
        A device backed up more recently than the interval is left out.
      </p>
    </div>
  );
}
