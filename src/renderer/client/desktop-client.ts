/**
 * The NodeClient of the desktop app: the node API over Electron IPC, through the functions the
 * preload put on `window.plenary` (api-desktop.ts). Open once `identity.get` answers (main and its
 * node are up); until then calls wait, as over the bridge. IPC failures come back as 'unavailable'.
 */
import { API_VERSION } from '../../node/api.js';
import type { ApiError, ApiResult, ArgsOf, CommandName, IdentityView, ResultOf } from '../../node/api.js';
import type { DesktopApi } from '../../node/api-desktop.js';
import { ClientHub, unavailable } from './client-hub.js';
import { SyncOutbox } from './sync-outbox.js';
import type { NodeClient } from './node-client.js';

export interface DesktopClientOptions {
  /** Delays between attempts to reach the node: the first, doubled up to the max. Default 250 ms to 5 s. */
  readonly retryDelayMs?: { readonly first: number; readonly max: number };
}

export function connectDesktop(api: DesktopApi, options: DesktopClientOptions = {}): NodeClient {
  const hub = new ClientHub();
  const retry = options.retryDelayMs ?? { first: 250, max: 5000 };
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const invoke = async (command: string, args: unknown): Promise<ApiResult<unknown>> => {
    try {
      return await api.call(command, args);
    } catch (error) {
      return unavailable(`the app could not reach its node: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const refuse = (session: number, message: string): void => queueMicrotask(() => hub.syncErrors.emit(session, { code: 'unavailable', message }));
  // Local updates go after the frame that shows them, and before any call (sync-outbox.ts).
  const outbox = new SyncOutbox((session, update) => {
    try {
      api.pushSyncUpdate(session, update);
    } catch (error) {
      refuse(session, `the update could not be sent to the node: ${error instanceof Error ? error.message : String(error)}`);
    }
  });

  const subscriptions = [
    api.onEvent((event) => hub.emitEvent(event)),
    api.onSyncUpdate((session, update) => hub.deliverSyncUpdate(session, update)),
    // Codes come from main, which speaks the same contract.
    api.onSyncError((session, error) => hub.syncErrors.emit(session, error as ApiError)),
  ];

  const reach = async (): Promise<void> => {
    retryTimer = undefined;
    const identity = await invoke('identity.get', {});
    if (closed) return;
    if (identity.ok) {
      attempt = 0;
      hub.setState({ kind: 'open', identity: identity.value as IdentityView });
      return;
    }
    attempt += 1;
    hub.setState({ kind: 'connecting', attempt, reason: identity.error.message });
    retryTimer = setTimeout(() => void reach(), Math.min(retry.first * 2 ** (attempt - 1), retry.max));
  };

  if (api.apiVersion !== API_VERSION) {
    closed = true;
    hub.setState({ kind: 'failed', reason: `the app's node speaks API version ${api.apiVersion}; this window speaks version ${API_VERSION}: reinstall the app` });
  } else {
    void reach();
  }

  return {
    async call<N extends CommandName>(command: N, args: ArgsOf<N>): Promise<ApiResult<ResultOf<N>>> {
      if (!(await hub.whenOpen())) return hub.notOpen();
      outbox.flush(); // a command's positions are those of the text with every edit made before it
      return (await invoke(command, args)) as ApiResult<ResultOf<N>>;
    },
    onEvent: (listener) => hub.events.add(listener),
    onSyncUpdate: (session, listener) => hub.onSyncUpdate(session, listener),
    pushSyncUpdate(session, update) {
      if (hub.state.kind !== 'open') return refuse(session, 'not connected to the node: this update was not sent; reopen the sync session once connected');
      outbox.push(session, update);
    },
    onSyncError: (listener) => hub.syncErrors.add(listener),
    get state() {
      return hub.state;
    },
    onState: (listener) => hub.onState(listener),
    close() {
      outbox.close();
      closed = true;
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      for (const unsubscribe of subscriptions) unsubscribe();
      hub.close('the connection was closed by this app');
    },
  };
}
