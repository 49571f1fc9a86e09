/**
 * Call history, newest first: who, what kind of call (missed ones in red), where from, when, how long.
 */
import { PhoneIncoming, PhoneMissed, PhoneOutgoing, Video } from 'lucide-react';
import { useState } from 'react';
import type { CallRecord, CallsData } from '../../../../shared/categories.ts';
import { formatDate } from '../../device/format.ts';
import { callKindWords, durationWords } from '../browser-words.ts';
import { VirtualListbox } from '../virtual-listbox.tsx';

/** The Call History category. */
export function CallsView({ data }: { data: CallsData }) {
  const [selected, setSelected] = useState<number>();
  if (data.calls.length === 0) return <p className="muted">No calls in this backup.</p>;
  return (
    <div className="calls">
      <div className="table-head calls-grid" aria-hidden="true">
        <span />
        <span>Name or number</span>
        <span>Kind</span>
        <span>Date</span>
        <span className="numeric">Duration</span>
      </div>
      <VirtualListbox
        label="Calls"
        count={data.calls.length}
        rowHeight={26}
        selectedIndex={selected}
        onSelect={setSelected}
        renderRow={(index) => {
          const call = data.calls[index];
          return call ? <CallRow call={call} /> : null;
        }}
      />
    </div>
  );
}

function CallRow({ call }: { call: CallRecord }) {
  const missed = !call.answered && call.direction === 'incoming';
  const Icon = call.service === 'facetime-video' ? Video : missed ? PhoneMissed : call.direction === 'outgoing' ? PhoneOutgoing : PhoneIncoming;
  return (
    <span className={missed ? 'calls-grid call-missed' : 'calls-grid'}>
      <Icon size={13} aria-hidden="true" />
      <span className="row-text" title={call.number}>
        {call.name ?? call.number ?? 'Unknown'}
        {call.location && <span className="muted"> · {call.location}</span>}
      </span>
      <span className="row-text">{callKindWords(call)}</span>
      <span>{call.date ? formatDate(call.date) : '—'}</span>
      <span className="numeric">{call.answered ? durationWords(call.durationSeconds) : '—'}</span>
    </span>
  );
}
