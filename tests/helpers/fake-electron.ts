/**
 * A stand-in for the `electron` module, so electron/main and electron/preload load in plain Node (the
 * Electron binary is not installed in CI). It records what our code asks of Electron (window options,
 * handlers, exposed APIs) and lets tests fire events the way Electron would. `useFakeElectron()` makes
 * every later `import 'electron'` resolve to this file; import the code under test dynamically after it.
 */
import { EventEmitter } from 'node:events';
import { register } from 'node:module';

let registered = false;

/** Resolves `electron` to this module from now on (call before importing electron/main or electron/preload). */
export function useFakeElectron(): void {
  if (registered) return;
  registered = true;
  const hook = `export async function resolve(specifier, context, next) {
    if (specifier === 'electron') return { url: ${JSON.stringify(import.meta.url)}, shortCircuit: true };
    return next(specifier, context);
  }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
}

/** A frame as `event.senderFrame` gives it. */
export interface FakeFrame {
  url: string;
}

let nextContentsId = 1;

/** A window's web contents: events, the window-open handler, and messages sent to it. */
export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  readonly mainFrame: FakeFrame = { url: '' };
  readonly sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler?: (details: { url: string }) => { action: string };

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }

  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }

  /** Emits `name` with a cancellable event, as Electron does; answers whether a listener prevented it. */
  fireCancellable(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

/** A BrowserWindow that remembers its options and what it loaded. */
export class BrowserWindow extends EventEmitter {
  static readonly all: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl?: string;
  destroyed = false;

  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.all.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }

  static getFocusedWindow(): BrowserWindow | undefined {
    return BrowserWindow.all[0];
  }

  static getAllWindows(): BrowserWindow[] {
    return [...BrowserWindow.all];
  }

  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
  }

  visible = true;

  show(): void {
    this.visible = true;
  }

  hide(): void {
    this.visible = false;
  }

  focus(): void {}

  isMinimized(): boolean {
    return false;
  }

  restore(): void {}

  /** Closes as Electron does: `close` (cancellable), then, unless prevented, `closed` and destroyed. */
  close(): void {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    this.destroyed = true;
    this.emit('closed');
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }
}

/** `app`: an event emitter (web-contents-created…). */
export const app = new EventEmitter();

type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void;
type BeforeRequestHandler = (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void;

/** The default session's handlers as our code set them. */
export const session = {
  defaultSession: {
    permissionRequest: undefined as PermissionRequestHandler | undefined,
    permissionCheck: undefined as ((contents: unknown, permission: string) => boolean) | undefined,
    beforeRequest: undefined as BeforeRequestHandler | undefined,
    setPermissionRequestHandler(handler: PermissionRequestHandler): void {
      this.permissionRequest = handler;
    },
    setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void {
      this.permissionCheck = handler;
    },
    webRequest: {
      onBeforeRequest(handler: BeforeRequestHandler): void {
        session.defaultSession.beforeRequest = handler;
      },
    },
  },
};

/** `shell`: what would have gone to the OS. */
export const shell = {
  opened: [] as string[],
  async openExternal(url: string): Promise<void> {
    shell.opened.push(url);
  },
};

/** `ipcMain`: the registered invoke handlers by channel. */
export const ipcMain = {
  handlers: new Map<string, (event: unknown, payload: unknown) => unknown>(),
  handle(channel: string, handler: (event: unknown, payload: unknown) => unknown): void {
    if (ipcMain.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    ipcMain.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    ipcMain.handlers.delete(channel);
  },
};

/** `contextBridge`: what the preload exposed to the page. */
export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    contextBridge.exposed.set(key, api);
  },
};

/** `ipcRenderer`: invokes reaching main, and listeners by channel. */
export const ipcRenderer = Object.assign(new EventEmitter(), {
  invoked: [] as { channel: string; request: unknown }[],
  async invoke(channel: string, request: unknown): Promise<unknown> {
    ipcRenderer.invoked.push({ channel, request });
    return { ok: true, value: 'reached main' };
  },
});
