/**
 * Renderer <-> main: the IPC handlers of DESKTOP_CHANNELS and the way back to windows. Only our
 * windows' main frames, showing our pages, are heard; every input is checked (ipc-checks.ts)
 * before it goes to the node's process through the NodeLink. A window's sync sessions close when
 * it closes, reloads or crashes.
 */
import { BrowserWindow, ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { apiError, type ApiError, type ApiResult, type NodeEvent } from '../node/api.js';
import { DESKTOP_CHANNELS, type MenuCommand } from '../node/api-desktop.js';
import { isAppUrl } from './app-protocol.js';
import { checkCall, checkSyncPush } from './ipc-checks.js';
import type { NodeLink, NodeLinkHandlers } from './node-link.js';
import type { WindowId } from './node-protocol.js';

/** The app's windows, by their webContents id (the WindowId of node-protocol.ts). */
export class AppWindows {
  private readonly windows = new Map<WindowId, BrowserWindow>();

  /** Tracks a window; its sessions close (`link.windowClosed`) when it closes, reloads or crashes. */
  add(window: BrowserWindow, link: () => NodeLink | undefined): void {
    const id = window.webContents.id;
    this.windows.set(id, window);
    const forget = (): void => link()?.windowClosed(id);
    window.webContents.on('did-navigate', forget);
    window.webContents.on('render-process-gone', forget);
    window.on('closed', () => {
      this.windows.delete(id);
      forget();
    });
  }

  first(): BrowserWindow | undefined {
    return this.windows.values().next().value;
  }

  /** Only windows still alive; a send to a destroyed one would throw. */
  contents(id?: WindowId): WebContents[] {
    const windows = id === undefined ? [...this.windows.values()] : [this.windows.get(id)].filter((w) => w !== undefined);
    return windows.filter((w) => !w.isDestroyed() && !w.webContents.isDestroyed()).map((w) => w.webContents);
  }

  /** Whether an IPC message comes from one of our windows' main frame, showing our page. */
  heard(event: IpcMainEvent | IpcMainInvokeEvent): boolean {
    const window = this.windows.get(event.sender.id);
    const frame = event.senderFrame;
    if (window === undefined || window.webContents !== event.sender || frame === null) return false;
    const main = event.sender.mainFrame;
    return frame.processId === main.processId && frame.routingId === main.routingId && isAppUrl(frame.url);
  }

  /** Menu commands go to the focused window (or the first). */
  sendMenu(command: MenuCommand): void {
    const focused = BrowserWindow.getFocusedWindow();
    const target = focused !== null && this.windows.has(focused.webContents.id) ? focused : this.first();
    if (target !== undefined && !target.isDestroyed()) target.webContents.send(DESKTOP_CHANNELS.menu, command);
  }
}

/** How the node's events and sync frames reach the windows. */
export function deliverToWindows(windows: AppWindows): Pick<NodeLinkHandlers, 'event' | 'syncUpdate' | 'syncError'> {
  return {
    event: (event: NodeEvent) => {
      for (const contents of windows.contents()) contents.send(DESKTOP_CHANNELS.event, event);
    },
    syncUpdate: (window: WindowId, session: number, update: Uint8Array) => {
      for (const contents of windows.contents(window)) contents.send(DESKTOP_CHANNELS.syncUpdate, session, update);
    },
    syncError: (window: WindowId, session: number, error: ApiError) => {
      for (const contents of windows.contents(window)) contents.send(DESKTOP_CHANNELS.syncError, session, error);
    },
  };
}

/** Registers the IPC handlers; returns their removal. */
export function serveIpc(link: NodeLink, windows: AppWindows): () => void {
  const refused = apiError('unauthorized', 'this frame may not reach the node');
  ipcMain.handle(DESKTOP_CHANNELS.call, async (event, command: unknown, args: unknown): Promise<ApiResult<unknown>> => {
    if (!windows.heard(event)) return refused;
    const checked = checkCall(command, args);
    if (!checked.ok) return checked;
    return link.call(event.sender.id, checked.value.command, checked.value.args);
  });
  const onPush = (event: IpcMainEvent, session: unknown, update: unknown): void => {
    if (!windows.heard(event)) return;
    const checked = checkSyncPush(session, update);
    if (!checked.ok) {
      event.sender.send(DESKTOP_CHANNELS.syncError, typeof session === 'number' ? session : 0, checked.error);
      return;
    }
    link.push(event.sender.id, checked.value.session, checked.value.update);
  };
  ipcMain.on(DESKTOP_CHANNELS.syncPush, onPush);
  return () => {
    ipcMain.removeHandler(DESKTOP_CHANNELS.call);
    ipcMain.off(DESKTOP_CHANNELS.syncPush, onPush);
  };
}
