/**
 * What the backup browser shows: the file tree, search results, file details, previews, verify reports and
 * exports. Backups are named by their library id; files by their fileID.
 */

/** What a manifest row is. */
export type EntryKind = 'file' | 'directory' | 'symlink';

/** One row of a folder listing or a search result. */
export interface TreeItem {
  /** '' for a folder the manifest does not list itself (only its contents). */
  fileID: string;
  domain: string;
  relativePath: string;
  /** Last path segment (the domain name for a domain root). */
  name: string;
  kind: EntryKind;
  /** Reported size, when the manifest record could be read. */
  size?: number;
  /** Unix seconds. */
  lastModified?: number;
  /** Number of direct children (folders). */
  children?: number;
}

/** A domain and how many entries it holds. */
export interface DomainItem {
  domain: string;
  entries: number;
}

/** How a folder listing is ordered (folders always first). */
export interface SortOrder {
  key: 'name' | 'size' | 'date';
  ascending: boolean;
}

/** A slice of a longer list. */
export interface Page<T> {
  total: number;
  offset: number;
  items: T[];
}

/** An opened backup, as the browser first sees it. */
export interface OpenedBackup {
  id: string;
  encrypted: boolean;
  /** Encrypted and not unlocked yet: only the plists can be shown. */
  locked: boolean;
  format: 'modern' | 'legacy';
  deviceName?: string;
  iosVersion?: string;
  date?: string;
  /** Entries in the manifest (0 while locked). */
  entries: number;
}

/** Everything the manifest says of one file, for the detail panel. */
export interface FileDetails extends TreeItem {
  mode: number;
  /** 1 Complete … 4 None; 6–11 keychain classes (PROTOCOLS.md §5). */
  protectionClass: number;
  birth?: number;
  lastStatusChange?: number;
  userId?: number;
  groupId?: number;
  target?: string;
}

/** A preview of one file, chosen by its content. */
export type FilePreview =
  | { kind: 'image'; mime: string; base64: string }
  | { kind: 'plist'; value: PlistNode }
  | { kind: 'sqlite'; tables: { name: string; rowCount: number; columns: string[]; rows: (string | number | null)[][] }[] }
  | { kind: 'text'; text: string; truncated: boolean }
  | { kind: 'hex'; lines: string[]; truncated: boolean };

/** A plist value as a tree the renderer can draw (data shown as a short hex preview). */
export type PlistNode =
  | { type: 'dict'; entries: [string, PlistNode][] }
  | { type: 'array'; items: PlistNode[] }
  | { type: 'string' | 'number' | 'boolean' | 'date' | 'data' | 'null'; text: string };

/** One thing verify found wrong. */
export interface VerifyIssue {
  /** error: the backup cannot be fully restored or read; warning: unusual but seen in real backups. */
  severity: 'error' | 'warning';
  message: string;
  domain?: string;
  relativePath?: string;
}

/** What verify checked and found. */
export interface VerifyReport {
  path: string;
  encrypted: boolean;
  /** False when the backup is encrypted and no password was given: only its plists and keybag were checked. */
  contentsChecked: boolean;
  files: number;
  bytes: number;
  errors: number;
  warnings: number;
  /** The first issues (at most 1,000); the counts above are complete. */
  issues: VerifyIssue[];
  /** Issues beyond those listed (counted in errors and warnings, not in issues). */
  issuesNotListed: number;
}

/** What an export wrote. */
export interface ExportSummary {
  outDir: string;
  files: number;
  bytes: number;
  skipped: { domain: string; relativePath: string; reason: string }[];
}
