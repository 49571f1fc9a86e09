/**
 * Personal data a backup holds, as the backup browser's categories show it: contacts, messages, calls,
 * photos and videos, Safari, notes and calendars. Every date is an ISO 8601 string (UTC); every list is
 * already sorted the way the interface shows it.
 */

/** A value with the label the person gave it ("mobile", "work", or their own words). */
export interface LabeledValue {
  label: string;
  value: string;
}

/** A postal address of a contact. */
export interface PostalAddress {
  label: string;
  street?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  country?: string;
  /** ISO country code as the device stores it ("us"). */
  countryCode?: string;
}

/** One contact card. */
export interface Contact {
  /** Row id in AddressBook.sqlitedb (stable within one backup). */
  id: number;
  /** What a list shows: the name, else the organization, else the first phone or email. */
  displayName: string;
  firstName?: string;
  middleName?: string;
  lastName?: string;
  nickname?: string;
  prefix?: string;
  suffix?: string;
  organization?: string;
  department?: string;
  jobTitle?: string;
  /** "YYYY-MM-DD". */
  birthday?: string;
  note?: string;
  phones: LabeledValue[];
  emails: LabeledValue[];
  urls: LabeledValue[];
  addresses: PostalAddress[];
  /** Names of the groups the card belongs to. */
  groups: string[];
  created?: string;
  modified?: string;
}

/** Contacts of a backup. */
export interface ContactsData {
  contacts: Contact[];
  /** Group names with their member count. */
  groups: Array<{ name: string; memberCount: number }>;
}

/** The newest message of a thread, for the thread list. */
export interface MessagePreview {
  date?: string;
  fromMe: boolean;
  text: string;
}

/** One conversation. */
export interface MessageThread {
  /** Row id of the chat in sms.db; pass it to the thread's message reader. */
  id: number;
  /** What a list shows: the group's name, else the participants' names. */
  title: string;
  /** The name a group chat was given, when any. */
  chatName?: string;
  /** Other people in the thread: contact names where the address book knows them, else numbers/addresses. */
  participants: string[];
  /** iMessage, SMS, RCS… as sms.db says. */
  service?: string;
  messageCount: number;
  lastMessage?: MessagePreview;
}

/** A file sent or received in a message. */
export interface MessageAttachment {
  /** The name it was sent with. */
  name: string;
  mimeType?: string;
  size?: number;
  /** Where the file is in the backup; absent when the backup does not hold it. */
  domain?: string;
  relativePath?: string;
}

/** One message. */
export interface Message {
  id: number;
  date?: string;
  fromMe: boolean;
  /** Who sent it (name or number) when it is not from the device's owner. */
  sender?: string;
  /** The text; '' for a message that only carries attachments. */
  text: string;
  service?: string;
  attachments: MessageAttachment[];
}

/** Thread list of a backup. */
export interface MessagesData {
  threads: MessageThread[];
  messageCount: number;
}

/** The messages of one thread, oldest first. */
export interface ThreadMessages {
  thread: MessageThread;
  messages: Message[];
}

/** What kind of call a record is. */
export type CallService = 'phone' | 'facetime-video' | 'facetime-audio' | 'other';

/** One entry of the call history. */
export interface CallRecord {
  id: number;
  date?: string;
  durationSeconds: number;
  direction: 'incoming' | 'outgoing';
  answered: boolean;
  /** Phone number or address of the other party. */
  number?: string;
  /** The contact's name, from the call record or the address book. */
  name?: string;
  service: CallService;
  /** Where the number is from, as iOS guessed it ("San Francisco, CA"). */
  location?: string;
}

/** Call history of a backup (encrypted backups only). */
export interface CallsData {
  calls: CallRecord[];
}

/** One item of the camera roll. */
export interface MediaItem {
  /** The file's id in the backup (fileID); pass it to the thumbnail reader. */
  id: string;
  fileName: string;
  domain: string;
  relativePath: string;
  kind: 'photo' | 'video' | 'other';
  /** When it was taken (Photos library), else the file's date. */
  date?: string;
  size: number;
  width?: number;
  height?: number;
  durationSeconds?: number;
  favorite?: boolean;
}

/** Photos and videos of a backup. */
export interface PhotosData {
  items: MediaItem[];
  photoCount: number;
  videoCount: number;
}

/** A picture small enough to show in a grid, and where it came from. */
export interface Thumbnail {
  bytes: Uint8Array;
  mime: string;
  /** The thumbnail the camera embedded in the photo's Exif data, or the (small) original itself. */
  source: 'exif' | 'original';
}

/** One Safari bookmark (folders are given as the path to it). */
export interface Bookmark {
  id: number;
  title: string;
  url: string;
  /** Folder names from the top ("Favorites", "Bookmarks / Work", "Reading List"). */
  folder: string[];
  readingList: boolean;
}

/** One page of Safari's history, with its visits summed up. */
export interface HistoryItem {
  url: string;
  title?: string;
  visitCount: number;
  lastVisited?: string;
}

/** Safari data of a backup. */
export interface SafariData {
  bookmarks: Bookmark[];
  /** Pages visited, newest first; empty when the backup does not hold the history (not encrypted). */
  history: HistoryItem[];
  /** Whether History.db is in this backup. */
  historyIncluded: boolean;
}

/** One note. */
export interface Note {
  id: number;
  title: string;
  snippet?: string;
  /** The note's plain text, when it could be read (not for locked notes). */
  body?: string;
  folder?: string;
  account?: string;
  created?: string;
  modified?: string;
  /** Locked with a password: its content is encrypted and not shown. */
  locked: boolean;
  pinned: boolean;
}

/** Notes of a backup. */
export interface NotesData {
  notes: Note[];
}

/** One calendar. */
export interface CalendarInfo {
  id: number;
  title: string;
  /** "#RRGGBB" when known. */
  color?: string;
  /** Account or source it belongs to ("iCloud", "Exchange", "Holidays"). */
  source?: string;
  eventCount: number;
}

/** One event. */
export interface CalendarEvent {
  id: number;
  calendarId: number;
  title: string;
  start?: string;
  end?: string;
  allDay: boolean;
  /** Time zone name, absent for floating (all-day) events. */
  timeZone?: string;
  location?: string;
  notes?: string;
  url?: string;
}

/** Calendars and events of a backup. */
export interface CalendarData {
  calendars: CalendarInfo[];
  /** Newest first. */
  events: CalendarEvent[];
}
