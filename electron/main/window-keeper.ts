/**
 * The one main window, as the tray and notifications see it: shown (created again when it was closed),
 * and hidden instead of closed while Cradle should keep running (automatic backups on, backups under way),
 * so the engine goes on in the tray. Quitting (the tray's Quit, Cmd+Q) closes it for real.
 */
import { app, type BrowserWindow } from 'electron';

/** Keeps the main window. */
export class WindowKeeper {
  private window: BrowserWindow | undefined;
  private quitting = false;

  /** `create` makes a wired window; `keepRunning` says, when the window is closed, whether Cradle stays in the tray. */
  constructor(
    private readonly create: () => BrowserWindow,
    private readonly keepRunning: () => boolean,
  ) {
    app.on('before-quit', () => {
      this.quitting = true;
    });
  }

  /** The window while it exists (shown or hidden). */
  current(): BrowserWindow | undefined {
    return this.window && !this.window.isDestroyed() ? this.window : undefined;
  }

  /** Brings the window forward, creating it when there is none. */
  show(): void {
    const window = this.current() ?? this.open();
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  }

  /** Creates the window (at start). */
  open(): BrowserWindow {
    const window = this.create();
    this.window = window;
    window.on('close', (event) => {
      if (this.quitting || !this.keepRunning()) return;
      event.preventDefault();
      window.hide();
    });
    window.on('closed', () => {
      if (this.window === window) this.window = undefined;
    });
    return window;
  }
}
