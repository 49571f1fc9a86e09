/**
 * Safari: bookmarks by folder (Favorites, the Reading List…) and the website history, newest first (only
 * encrypted backups hold it).
 */
import { Bookmark as BookmarkIcon, Globe, Lock } from 'lucide-react';
import type { Bookmark, SafariData } from '../../../../shared/categories.ts';
import { formatDate } from '../../device/format.ts';
import { Tabs } from '../../tabs.tsx';
import { countWords } from '../browser-words.ts';

/** The Safari category. */
export function SafariView({ data }: { data: SafariData }) {
  return (
    <div className="safari">
      <Tabs
        label="Safari"
        tabs={[
          { id: 'bookmarks', label: `Bookmarks (${data.bookmarks.length.toLocaleString()})`, render: () => <Bookmarks bookmarks={data.bookmarks} /> },
          { id: 'history', label: data.historyIncluded ? `History (${data.history.length.toLocaleString()})` : 'History', render: () => <History data={data} /> },
        ]}
      />
    </div>
  );
}

function Bookmarks({ bookmarks }: { bookmarks: Bookmark[] }) {
  if (bookmarks.length === 0) return <p className="muted">No bookmarks.</p>;
  const folders = new Map<string, Bookmark[]>();
  for (const bookmark of bookmarks) {
    const folder = bookmark.readingList ? 'Reading List' : bookmark.folder.join(' / ') || 'Bookmarks';
    folders.set(folder, [...(folders.get(folder) ?? []), bookmark]);
  }
  return (
    <div className="bookmark-folders">
      {[...folders].map(([folder, items]) => (
        <section key={folder} aria-label={folder}>
          <h3 className="list-heading">{folder}</h3>
          <ul className="plain-list">
            {items.map((bookmark) => (
              <li key={bookmark.id} className="link-row">
                <BookmarkIcon size={13} aria-hidden="true" />
                <span className="row-text">{bookmark.title || bookmark.url}</span>
                <span className="link-url">{bookmark.url}</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function History({ data }: { data: SafariData }) {
  if (!data.historyIncluded) {
    return (
      <p className="view-note">
        <Lock size={12} aria-hidden="true" /> Website history is only in encrypted backups.
      </p>
    );
  }
  if (data.history.length === 0) return <p className="muted">No website history.</p>;
  return (
    <ul className="plain-list">
      {data.history.map((item) => (
        <li key={item.url} className="link-row">
          <Globe size={13} aria-hidden="true" />
          <span className="row-text">{item.title || item.url}</span>
          <span className="link-url">{item.url}</span>
          <span className="muted history-when">
            {countWords(item.visitCount, 'visit')}
            {item.lastVisited && `, ${formatDate(item.lastVisited)}`}
          </span>
        </li>
      ))}
    </ul>
  );
}
