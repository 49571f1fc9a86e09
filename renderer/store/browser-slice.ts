/**
 * Browser slice: the backup open in the backup browser (locked or not), its summary, what the right side
 * shows (the summary, a category, a folder), the categories read so far, and the category-level calls
 * (threads, thumbnails, one secret, exports). A password only passes through `unlockBackup`; a revealed
 * secret only goes back to the view that asked: neither is kept here.
 */
import type { StateCreator } from 'zustand';
import type { FilePreview, OpenedBackup, TreeItem } from '../../shared/browse.ts';
import type { AnyCategoryResult, BackupOverview, CategoryName, GoldenReview, RevealedSecret, ThreadMessages } from '../../shared/categories.ts';
import type { ErrorPayload } from '../../shared/errors.ts';
import type { Result } from '../../shared/ipc/result.ts';
import { invoke } from '../services/api.ts';
import { emptyFiles } from './browser-files-slice.ts';
import type { StoreState } from './index.ts';

/** What the right side of the browser shows. */
export type BrowserView = { kind: 'overview' } | { kind: 'category'; name: CategoryName } | { kind: 'files'; domain: string; path: string };

/** A value read from the engine, or why it could not be. */
export type Loaded<T> = { value: T; error?: undefined } | { value?: undefined; error: ErrorPayload };

/** A photo's thumbnail as the grid shows it. */
export interface ThumbnailImage {
  mime: string;
  base64: string;
}

/** An export or verify started from the browser, for its status line. */
export interface BrowserJob {
  jobId: string;
  /** What it does, in words ("Exporting contacts as vCard"). */
  label: string;
}

/** The open backup. */
export interface BrowserState {
  id: string;
  opened?: OpenedBackup;
  openError?: ErrorPayload;
  overview?: Loaded<BackupOverview>;
  view: BrowserView;
  categories: Partial<Record<CategoryName, Loaded<AnyCategoryResult>>>;
  /** The last export started here. */
  exportJob?: BrowserJob;
  /** Exporting could not start (e.g. no folder dialog in this host). */
  exportError?: ErrorPayload;
}

/** State and actions of the browser slice. */
export interface BrowserSlice {
  browser?: BrowserState;
  /** Shows the backup browser for a backup of the library and opens it (locked if encrypted). */
  openBackup(id: string): Promise<void>;
  /** Unlocks the open backup; resolves with the error when it did not (WRONG_PASSWORD for a wrong one). */
  unlockBackup(password: string, remember?: boolean): Promise<ErrorPayload | undefined>;
  /** Closes the backup (the engine forgets its keys) and goes back to the Backups pane. */
  closeBackup(): Promise<void>;
  showBrowserView(view: BrowserView): void;
  loadCategory(name: CategoryName): Promise<void>;
  loadThread(threadId: number): Promise<Result<ThreadMessages>>;
  /** A photo's thumbnail (read once per backup); null when none can be made. */
  thumbnail(fileID: string): Promise<ThumbnailImage | null>;
  revealSecret(itemId: string): Promise<Result<RevealedSecret>>;
  /** A preview of any file of the open backup (a photo's original), not kept. */
  previewFile(fileID: string): Promise<Result<FilePreview>>;
  loadGoldenReview(): Promise<Result<GoldenReview>>;
  /** Exports a category in its format into a folder the host asks for. */
  exportCategory(name: 'contacts' | 'calls' | 'messages' | 'photos', label: string): Promise<void>;
  /** Exports files or folders with their original names into a folder the host asks for. */
  exportFiles(items: readonly Pick<TreeItem, 'domain' | 'relativePath'>[], label: string): Promise<void>;
  /** Hides the export's status line. */
  dismissExport(): void;
}

/** Creates the browser slice. */
export const createBrowserSlice: StateCreator<StoreState, [], [], BrowserSlice> = (set, get) => {
  let thumbnails = new Map<string, Promise<ThumbnailImage | null>>();
  /** Applies a change to the browser state only if the same backup is still open. */
  const update = (id: string, change: (browser: BrowserState) => Partial<BrowserState>) =>
    set((state) => (state.browser?.id === id ? { browser: { ...state.browser, ...change(state.browser) } } : {}));
  const current = () => {
    const id = get().browser?.id;
    if (!id) throw new Error('No backup is open in the browser.');
    return id;
  };
  const trackExport = (id: string, result: Result<{ jobId: string } | undefined>, label: string) => {
    if (!result.ok) return update(id, () => ({ exportError: result.error }));
    const started = result.value;
    // Undefined: the person cancelled the folder dialog.
    if (started) update(id, () => ({ exportJob: { jobId: started.jobId, label }, exportError: undefined }));
  };
  const loadOverview = async (id: string) => {
    const result = await invoke('browse:overview', { id });
    update(id, () => ({ overview: result.ok ? { value: result.value } : { error: result.error } }));
  };
  const opened = (id: string, value: OpenedBackup) => {
    // What was read while locked (errors) is read again.
    update(id, () => ({ opened: value, openError: undefined, ...(value.locked ? {} : { categories: {} }) }));
    if (!value.locked) {
      void loadOverview(id);
      void get().loadDomains();
    }
  };

  return {
    async openBackup(id) {
      thumbnails = new Map();
      set({ browser: { id, view: { kind: 'overview' }, categories: {} }, files: emptyFiles(), destination: { kind: 'backup', id } });
      const result = await invoke('browse:open', { id });
      if (result.ok) opened(id, result.value);
      else update(id, () => ({ openError: result.error }));
    },
    async unlockBackup(password, remember) {
      const id = current();
      const result = await invoke('browse:unlock', { id, password, ...(remember === undefined ? {} : { remember }) });
      if (!result.ok) return result.error;
      opened(id, result.value);
      return undefined;
    },
    async closeBackup() {
      const id = get().browser?.id;
      thumbnails = new Map();
      set({ browser: undefined, files: emptyFiles(), destination: { kind: 'backups' } });
      if (id) await invoke('browse:close', { id });
    },
    showBrowserView(view) {
      const id = get().browser?.id;
      if (!id) return;
      update(id, () => ({ view }));
      // Categories are read by their view once the backup is unlocked; folders are listed now.
      if (view.kind === 'files') get().showFolder(view.domain, view.path);
    },
    async loadCategory(name) {
      const id = current();
      const result = await invoke('browse:category', { id, name });
      update(id, (browser) => ({ categories: { ...browser.categories, [name]: result.ok ? { value: result.value } : { error: result.error } } }));
    },
    loadThread: (threadId) => invoke('browse:thread', { id: current(), threadId }),
    thumbnail(fileID) {
      const known = thumbnails.get(fileID);
      if (known) return known;
      const pending = invoke('browse:thumbnail', { id: current(), fileID }).then((result) => (result.ok && result.value ? { mime: result.value.mime, base64: result.value.base64 } : null));
      thumbnails.set(fileID, pending);
      return pending;
    },
    revealSecret: (itemId) => invoke('browse:revealPassword', { id: current(), itemId }),
    previewFile: (fileID) => invoke('browse:preview', { id: current(), fileID }),
    loadGoldenReview: () => invoke('browse:goldenReview', { id: current() }),
    async exportCategory(name, label) {
      const id = current();
      trackExport(id, await invoke('browse:exportCategory', { id, name }), label);
    },
    async exportFiles(items, label) {
      const id = current();
      const request = items.map((item) => ({ domain: item.domain, relativePath: item.relativePath }));
      trackExport(id, await invoke('browse:export', { id, items: request }), label);
    },
    dismissExport() {
      const id = get().browser?.id;
      if (id) update(id, () => ({ exportJob: undefined, exportError: undefined }));
    },
  };
};

