/**
 * The preload: puts the node API on `window.plenary` (DesktopApi, api-desktop.ts) as plain
 * functions over IPC. ipcRenderer itself never reaches the page: it is used only inside these
 * closures, and listeners get copies of the data, never Electron's event object. Main checks
 * every argument again; this side only shapes the calls.
 * Sandboxed preloads are CommonJS and may require only 'electron': vite bundles the rest in.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_VERSION, type ApiError, type ApiResult, type NodeEvent } from '../node/api.js';
import { DESKTOP_CHANNELS, type DesktopApi, type MenuCommand } from '../node/api-desktop.js';

/** Subscribes to a channel; the listener sees the arguments only. Returns the unsubscribe. */
function subscribe<A extends unknown[]>(channel: string, listener: (...args: A) => void): () => void {
  const wrapped = (_event: IpcRendererEvent, ...args: unknown[]): void => listener(...(args as A));
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
}

const api: DesktopApi = {
  apiVersion: API_VERSION,
  call(command: string, args: unknown): Promise<ApiResult<unknown>> {
    return ipcRenderer.invoke(DESKTOP_CHANNELS.call, command, args).then(
      (result: ApiResult<unknown>) => result,
      (e: unknown) => ({ ok: false, error: { code: 'unavailable', message: `the app could not reach its node: ${e instanceof Error ? e.message : String(e)}` } }),
    );
  },
  onEvent(listener: (event: NodeEvent) => void): () => void {
    return subscribe(DESKTOP_CHANNELS.event, (event: NodeEvent) => listener(event));
  },
  onSyncUpdate(listener: (session: number, update: Uint8Array) => void): () => void {
    return subscribe(DESKTOP_CHANNELS.syncUpdate, (session: number, update: Uint8Array) => listener(session, new Uint8Array(update)));
  },
  pushSyncUpdate(session: number, update: Uint8Array): void {
    // A copy: the page may reuse its buffer as soon as this returns.
    ipcRenderer.send(DESKTOP_CHANNELS.syncPush, session, new Uint8Array(update));
  },
  onSyncError(listener: (session: number, error: ApiError) => void): () => void {
    return subscribe(DESKTOP_CHANNELS.syncError, (session: number, error: ApiError) => listener(session, { code: error.code, message: error.message }));
  },
  onMenu(listener: (command: MenuCommand) => void): () => void {
    return subscribe(DESKTOP_CHANNELS.menu, (command: MenuCommand) => listener(command));
  },
};

contextBridge.exposeInMainWorld('plenary', api);
