/**
 * Picks a category's own view by its name (which narrows its data).
 */
import type { AnyCategoryResult } from '../../../../shared/categories.ts';
import { AccountsView, AppsView } from './accounts-view.tsx';
import { CalendarView } from './calendar-view.tsx';
import { CallsView } from './calls-view.tsx';
import { ContactsView } from './contacts-view.tsx';
import { HomeScreenView } from './home-screen-view.tsx';
import { ManagementView } from './management-view.tsx';
import { MessagesView } from './messages-view.tsx';
import { NotesView } from './notes-view.tsx';
import { PasswordsView } from './passwords-view.tsx';
import { PhotosView } from './photos-view.tsx';
import { SafariView } from './safari-view.tsx';
import { WifiView } from './wifi-view.tsx';
import './category-lists.css';
import './pictures.css';

/** The view of one category read from the backup. */
export function CategoryBody({ result }: { result: AnyCategoryResult }) {
  switch (result.name) {
    case 'contacts':
      return <ContactsView data={result.data} />;
    case 'messages':
      return <MessagesView data={result.data} />;
    case 'calls':
      return <CallsView data={result.data} />;
    case 'photos':
      return <PhotosView data={result.data} />;
    case 'safari':
      return <SafariView data={result.data} />;
    case 'notes':
      return <NotesView data={result.data} />;
    case 'calendar':
      return <CalendarView data={result.data} />;
    case 'wifi':
      return <WifiView data={result.data} />;
    case 'passwords':
      return <PasswordsView data={result.data} />;
    case 'home-screen':
      return <HomeScreenView data={result.data} />;
    case 'accounts':
      return <AccountsView data={result.data} />;
    case 'apps':
      return <AppsView data={result.data} />;
    case 'management':
      return <ManagementView data={result.data} />;
  }
}
