/**
 * What the desktop app's preload script puts on `window.plenary`: the node API of api.ts carried
 * over Electron IPC instead of the bridge's WebSocket. The preload exposes these functions and
 * nothing else (never ipcRenderer); main checks every argument again (the renderer is untrusted).
 *
 * The renderer imports this file, so it holds types only.
 */
import type { ApiResult } from './api-types.js';
import type { NodeEvent } from './api.js';

export interface DesktopApi {
  /** The API version main speaks (api.ts API_VERSION). */
  readonly apiVersion: number;
  /** One command: its name and its arguments, exactly as over the bridge. */
  call(command: string, args: unknown): Promise<ApiResult<unknown>>;
  /** The node's events; returns the unsubscribe function. */
  onEvent(listener: (event: NodeEvent) => void): () => void;
  /** Yjs updates of this window's sync sessions (the bridge's binary 'node-update' frames). */
  onSyncUpdate(listener: (session: number, update: Uint8Array) => void): () => void;
  /** The client's local Yjs update for a session (the bridge's 'client-update' frame). */
  pushSyncUpdate(session: number, update: Uint8Array): void;
  /** Refusals of pushed updates (the bridge's 'sync-error' message). */
  onSyncError(listener: (session: number, error: { code: string; message: string }) => void): () => void;
  /**
   * The native menu's items that act in the UI (File > New negotiation..., View > Toggle theme...).
   * The app's preload always provides it; optional so that stand-ins written before it still fit.
   */
  onMenu?(listener: (command: MenuCommand) => void): () => void;
}

/** What a native menu item asks the UI to do; the UI ignores commands it does not know. */
export type MenuCommand = 'new-negotiation' | 'join-with-code' | 'export' | 'toggle-theme' | 'keyboard-shortcuts';

/** The IPC channel names main and preload share. */
export const DESKTOP_CHANNELS = {
  call: 'plenary:call',
  event: 'plenary:event',
  syncUpdate: 'plenary:sync-update',
  syncPush: 'plenary:sync-push',
  syncError: 'plenary:sync-error',
  menu: 'plenary:menu',
} as const;
