/**
 * One line of the summary page per category: the main count and the same count in words, or what stood
 * in the way ("Only in encrypted backups").
 */
import { CATEGORY_INFO, type AnyCategoryResult, type CategoryDataMap, type CategoryStatus, type CategorySummary } from '../../../../shared/categories.ts';

const STATUS_TEXT: Record<Exclude<CategoryStatus, 'ok'>, string> = {
  'needs-encryption': 'Only in encrypted backups',
  locked: 'Unlock the backup to see them',
  missing: 'None in this backup',
  unreadable: 'Could not be read',
};

/** "1 contact", "120 contacts". */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? noun : nouns}`;
}

/** The summary line of a category read. */
export function summarize(result: AnyCategoryResult): CategorySummary {
  const { count, text } = countOf(result);
  const summary: CategorySummary = {
    ...CATEGORY_INFO[result.name], status: result.status, count,
    countText: result.status === 'ok' ? text : STATUS_TEXT[result.status],
  };
  if (result.problem) summary.problem = result.problem;
  return summary;
}

function countOf(result: AnyCategoryResult): { count: number; text: string } {
  switch (result.name) {
    case 'contacts': return { count: result.data.contacts.length, text: plural(result.data.contacts.length, 'contact') };
    case 'messages': {
      const { threads, messageCount } = result.data;
      return { count: threads.length, text: `${plural(threads.length, 'conversation')}, ${plural(messageCount, 'message')}` };
    }
    case 'calls': return { count: result.data.calls.length, text: plural(result.data.calls.length, 'call') };
    case 'photos': {
      const { photoCount, videoCount, items } = result.data;
      return { count: items.length, text: `${plural(photoCount, 'photo')}, ${plural(videoCount, 'video')}` };
    }
    case 'safari': return safariCount(result.data);
    case 'notes': return { count: result.data.notes.length, text: plural(result.data.notes.length, 'note') };
    case 'calendar': {
      const { calendars, events } = result.data;
      return { count: events.length, text: `${plural(events.length, 'event')} in ${plural(calendars.length, 'calendar')}` };
    }
    case 'wifi': return { count: result.data.networks.length, text: plural(result.data.networks.length, 'network') };
    case 'passwords': return { count: result.data.items.length, text: plural(result.data.items.length, 'password') };
    case 'home-screen': {
      const { pages, dock } = result.data;
      const icons = pages.reduce((sum, page) => sum + page.length, dock.length);
      return { count: icons, text: `${plural(pages.length, 'page')}, ${plural(dock.length, 'icon')} in the dock` };
    }
    case 'accounts': {
      const top = result.data.accounts.filter((a) => a.parentId === undefined);
      return { count: top.length, text: plural(top.length, 'account') };
    }
    case 'apps': return { count: result.data.apps.length, text: plural(result.data.apps.length, 'app') };
    case 'management': return managementCount(result.data);
  }
}

function safariCount(safari: CategoryDataMap['safari']): { count: number; text: string } {
  const bookmarks = plural(safari.bookmarks.length, 'bookmark');
  return { count: safari.bookmarks.length, text: safari.historyIncluded ? `${bookmarks}, ${plural(safari.history.length, 'page')} in history` : bookmarks };
}

function managementCount(management: CategoryDataMap['management']): { count: number; text: string } {
  const parts = [
    ...(management.supervised ? ['Supervised'] : []),
    ...(management.mdmEnrolled ? ['enrolled in MDM'] : []),
    plural(management.profiles.length, 'profile'),
  ];
  const text = parts.join(', ');
  return { count: management.profiles.length, text: text.charAt(0).toUpperCase() + text.slice(1) };
}
