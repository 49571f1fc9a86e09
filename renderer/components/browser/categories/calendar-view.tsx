/**
 * Calendar: the calendars with their colours and counts (each can be hidden), and the events newest first,
 * grouped by month.
 */
import { useState } from 'react';
import type { CalendarData, CalendarEvent } from '../../../../shared/categories.ts';
import { countWords } from '../browser-words.ts';

/** Events drawn at most (a calendar of years holds thousands); the rest is counted. */
const SHOWN_EVENTS = 1000;

const monthOf = (iso: string | undefined) => (iso ? new Date(iso).toLocaleDateString(undefined, { month: 'long', year: 'numeric' }) : 'No date');

function whenWords(event: CalendarEvent): string {
  if (!event.start) return '';
  const start = new Date(event.start);
  // All-day events are dates without a time zone: shown in UTC so they keep their day.
  if (event.allDay) return `${start.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' })} · all day`;
  return start.toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' });
}

/** The Calendar category. */
export function CalendarView({ data }: { data: CalendarData }) {
  const [hidden, setHidden] = useState<ReadonlySet<number>>(new Set());
  const colors = new Map(data.calendars.map((calendar) => [calendar.id, calendar.color ?? 'var(--muted)']));
  const events = data.events.filter((event) => !hidden.has(event.calendarId));
  const months = new Map<string, CalendarEvent[]>();
  for (const event of events.slice(0, SHOWN_EVENTS)) months.set(monthOf(event.start), [...(months.get(monthOf(event.start)) ?? []), event]);
  return (
    <div className="calendar">
      <fieldset className="calendar-list">
        <legend className="visually-hidden">Calendars shown</legend>
        {data.calendars.map((calendar) => (
          <label key={calendar.id} className="calendar-chip">
            <input
              type="checkbox"
              checked={!hidden.has(calendar.id)}
              onChange={(event) => {
                const next = new Set(hidden);
                if (event.target.checked) next.delete(calendar.id);
                else next.add(calendar.id);
                setHidden(next);
              }}
            />
            <span className="calendar-dot" style={{ backgroundColor: calendar.color ?? 'var(--muted)' }} aria-hidden="true" />
            {calendar.title}
            <span className="muted"> {calendar.eventCount.toLocaleString()}{calendar.source ? ` · ${calendar.source}` : ''}</span>
          </label>
        ))}
      </fieldset>
      {events.length === 0 && <p className="muted">No events.</p>}
      {[...months].map(([month, monthEvents]) => (
        <section key={month} aria-label={month}>
          <h3 className="list-heading">{month}</h3>
          <ul className="plain-list">
            {monthEvents.map((event) => (
              <li key={event.id} className="event-row">
                <span className="calendar-dot" style={{ backgroundColor: colors.get(event.calendarId) }} aria-hidden="true" />
                <span className="event-when">{whenWords(event)}</span>
                <span className="row-text">
                  {event.title}
                  {event.location && <span className="muted"> · {event.location}</span>}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {events.length > SHOWN_EVENTS && <p className="muted">…and {countWords(events.length - SHOWN_EVENTS, 'older event')}.</p>}
    </div>
  );
}
