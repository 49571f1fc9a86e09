/**
 * The preload: exposes `window.cradle`, derived from the IPC contract's channel lists. Nothing else.
 * Sandboxed: it may only require `electron`; everything else is bundled in.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isEventChannel, isInvokeChannel } from '../../shared/ipc/channels.ts';
import type { CradleApi } from '../../shared/ipc/contract.ts';

const api: CradleApi = {
  invoke: (channel, request) =>
    isInvokeChannel(channel)
      ? ipcRenderer.invoke(channel, request)
      : Promise.resolve({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'Unknown channel.' } }),
  on: (channel, listener) => {
    if (!isEventChannel(channel)) return () => {};
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload as never);
    ipcRenderer.on(channel, forward);
    return () => void ipcRenderer.removeListener(channel, forward);
  },
};

contextBridge.exposeInMainWorld('cradle', api);
