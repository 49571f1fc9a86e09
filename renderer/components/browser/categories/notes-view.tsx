/**
 * Notes: pinned first, then by date, searchable; the selected note's text (locked notes stay encrypted).
 */
import { Lock, Pin } from 'lucide-react';
import type { Note, NotesData } from '../../../../shared/categories.ts';
import { formatDate } from '../../device/format.ts';
import { ListDetail } from './list-detail.tsx';

/** The Notes category. */
export function NotesView({ data }: { data: NotesData }) {
  const notes = [...data.notes].sort((a, b) => Number(b.pinned) - Number(a.pinned));
  return (
    <ListDetail
      label="Notes"
      items={notes}
      rowHeight={48}
      searchText={(note) => `${note.title} ${note.body ?? note.snippet ?? ''}`}
      placeholder="Select a note."
      renderRow={(note) => (
        <span className="note-row">
          <span className="note-title">
            {note.pinned && <Pin size={11} aria-label="Pinned" />}
            {note.locked && <Lock size={11} aria-label="Locked" />} {note.title || 'New Note'}
          </span>
          <span className="note-snippet secondary">
            {note.modified && <span>{new Date(note.modified).toLocaleDateString()} </span>}
            {note.locked ? 'Locked' : note.snippet}
          </span>
        </span>
      )}
      renderDetail={(note) => <NoteCard note={note} />}
    />
  );
}

function NoteCard({ note }: { note: Note }) {
  return (
    <article className="note-card" aria-label={note.title}>
      <p className="muted note-meta">{[note.account, note.folder, note.modified && `Edited ${formatDate(note.modified)}`].filter(Boolean).join(' · ')}</p>
      {note.locked ? (
        <p className="view-note">
          <Lock size={12} aria-hidden="true" /> This note is locked with its own password; its content stays encrypted.
        </p>
      ) : (
        <div className="note-body">{note.body ?? note.snippet ?? ''}</div>
      )}
    </article>
  );
}
