/**
 * The NodeClient of browser mode: one WebSocket to the bridge that served the page (docs/api.md,
 * "WebSocket"). Calls, events and the Yjs sync channel share it. The socket reconnects by itself
 * with a backoff when it drops; a refused token or another API version is final ('failed').
 */
import { API_VERSION, decodeSyncFrame, encodeSyncFrame } from '../../node/api.js';
import type { ApiResult, ArgsOf, CommandName, ResultOf, ServerMessage } from '../../node/api.js';
import { ClientHub, unavailable } from './client-hub.js';
import { SyncOutbox } from './sync-outbox.js';
import type { NodeClient } from './node-client.js';

export interface BridgeClientOptions {
  /** The bridge's origin, e.g. http://127.0.0.1:41234 (the page's own in browser mode). */
  readonly origin: string;
  /** The node's token; null when the page was opened without one (the state is then 'failed'). */
  readonly token: string | null;
  /** Default: the global WebSocket. */
  readonly WebSocket?: new (url: string) => WebSocket;
  /** Reconnect delays: the first, doubled after each failed attempt up to the max. Default 250 ms to 5 s. */
  readonly retryDelayMs?: { readonly first: number; readonly max: number };
}

/** The bridge closes with this code when the token is missing, wrong or late (bridge-socket.ts). */
const UNAUTHORIZED = 4401;
const NODE_STOPPING = 1001;

export const NO_TOKEN_REASON =
  'this page was opened without its token: open the "ui:" address that `plenary serve` printed (it ends in #token=...)';

type Pending = (result: ApiResult<unknown>) => void;

export function connectBridge(options: BridgeClientOptions): NodeClient {
  const hub = new ClientHub();
  const Socket = options.WebSocket ?? globalThis.WebSocket;
  const url = socketUrl(options.origin);
  const retry = options.retryDelayMs ?? { first: 250, max: 5000 };
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let socket: WebSocket | undefined;
  let ready = false;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const settlePending = (message: string): void => {
    for (const resolve of pending.values()) resolve(unavailable(message));
    pending.clear();
  };

  /** A pushed update the node will not get: said, as the node would say a refusal. */
  const notSent = (session: number): void =>
    queueMicrotask(() => hub.syncErrors.emit(session, { code: 'unavailable', message: 'not connected to the node: this update was not sent; reopen the sync session once connected' }));

  // Local updates go after the frame that shows them, and before any call (sync-outbox.ts).
  const outbox = new SyncOutbox((session, update) => {
    if (socket !== undefined && ready) socket.send(encodeSyncFrame({ kind: 'client-update', session, update }));
    else notSent(session); // the session died with the socket
  });

  const fail = (reason: string): void => {
    closed = true;
    settlePending(reason);
    hub.setState({ kind: 'failed', reason });
    socket?.close(1000);
  };

  const dropped = (reason: string): void => {
    socket = undefined;
    ready = false;
    settlePending(`the connection to the node was lost: ${reason}`);
    for (const session of outbox.drop()) notSent(session);
    if (closed) return;
    attempt += 1;
    hub.setState({ kind: 'connecting', attempt, reason });
    const delay = Math.min(retry.first * 2 ** (attempt - 1), retry.max);
    retryTimer = setTimeout(open, delay);
  };

  const onMessage = (data: unknown): void => {
    if (typeof data !== 'string') {
      const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : undefined;
      const frame = bytes === undefined ? undefined : decodeSyncFrame(bytes);
      if (frame?.ok === true && frame.value.kind === 'node-update') hub.deliverSyncUpdate(frame.value.session, frame.value.update);
      return;
    }
    let message: ServerMessage;
    try {
      message = JSON.parse(data) as ServerMessage;
    } catch {
      return; // the node sends JSON only; anything else is not ours to act on
    }
    switch (message.type) {
      case 'ready':
        if (message.apiVersion !== API_VERSION) return fail(`the node speaks API version ${message.apiVersion}; this app speaks version ${API_VERSION}: use matching versions`);
        ready = true;
        attempt = 0;
        hub.setState({ kind: 'open', identity: message.identity });
        return;
      case 'result': {
        const resolve = typeof message.id === 'number' ? pending.get(message.id) : undefined;
        if (resolve === undefined) return;
        pending.delete(message.id as number);
        resolve(message.result);
        return;
      }
      case 'event':
        return hub.emitEvent(message.event);
      case 'sync-error':
        return hub.syncErrors.emit(message.session, message.error);
      case 'error':
        return; // a protocol error of ours; a fatal one closes the socket, handled there
      default:
        return assertNever(message);
    }
  };

  function open(): void {
    retryTimer = undefined;
    if (closed) return;
    let ws: WebSocket;
    try {
      ws = new Socket(url);
    } catch (error) {
      return dropped(`cannot open ${url}: ${String(error)}`);
    }
    socket = ws;
    ws.binaryType = 'arraybuffer';
    let opened = false;
    ws.onopen = () => {
      opened = true;
      ws.send(JSON.stringify({ v: 1, type: 'auth', token: options.token }));
    };
    ws.onmessage = (event: MessageEvent) => {
      if (socket === ws) onMessage(event.data);
    };
    ws.onclose = (event: CloseEvent) => {
      if (socket !== ws) return; // an old socket, already replaced or abandoned
      if (event.code === UNAUTHORIZED) return fail('the node refused this page\'s token: open the "ui:" address that `plenary serve` printed this time (a new token each run)');
      dropped(!opened ? `cannot reach the node at ${options.origin}` : event.code === NODE_STOPPING ? 'the node stopped' : `connection closed (code ${event.code}${event.reason ? `: ${event.reason}` : ''})`);
    };
    ws.onerror = () => {}; // always followed by close, which says what happened
  }

  const send = (command: string, args: unknown): Promise<ApiResult<unknown>> => {
    if (socket === undefined || !ready) return Promise.resolve(unavailable('not connected to the node'));
    // The node answers a malformed call with an error that names no id: refuse it here instead.
    if (typeof command !== 'string' || command.length > 100) return Promise.resolve({ ok: false, error: { code: 'unknown-command', message: `no command ${String(command).slice(0, 100)}` } });
    let text: string;
    const id = nextId++;
    try {
      text = JSON.stringify({ v: 1, type: 'call', id, command, args });
    } catch (error) {
      return Promise.resolve({ ok: false, error: { code: 'invalid-argument', message: `${command}: the arguments cannot be sent as JSON: ${String(error)}` } });
    }
    outbox.flush(); // a command's positions are those of the text with every edit made before it
    return new Promise((resolve) => {
      pending.set(id, resolve);
      socket!.send(text);
    });
  };

  if (options.token === null) {
    closed = true;
    hub.setState({ kind: 'failed', reason: NO_TOKEN_REASON });
  } else {
    open();
  }

  return {
    async call<N extends CommandName>(command: N, args: ArgsOf<N>): Promise<ApiResult<ResultOf<N>>> {
      if (!(await hub.whenOpen())) return hub.notOpen();
      return (await send(command, args)) as ApiResult<ResultOf<N>>;
    },
    onEvent: (listener) => hub.events.add(listener),
    onSyncUpdate: (session, listener) => hub.onSyncUpdate(session, listener),
    pushSyncUpdate(session, update) {
      if (socket !== undefined && ready) outbox.push(session, update);
      else notSent(session); // the session died with the socket
    },
    onSyncError: (listener) => hub.syncErrors.add(listener),
    get state() {
      return hub.state;
    },
    onState: (listener) => hub.onState(listener),
    close() {
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      outbox.close();
      const ws = socket;
      socket = undefined;
      ready = false;
      closed = true;
      settlePending('the client was closed');
      hub.close('the connection was closed by this app');
      ws?.close(1000);
    },
  };
}

/** http://host:port → ws://host:port/api/ws (https → wss). */
export function socketUrl(origin: string): string {
  const url = new URL('/api/ws', origin);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

const TOKEN_KEY = 'plenary.token';
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,200}$/;

/**
 * The node's token for this page. `plenary serve` prints `ui: http://127.0.0.1:PORT/#token=TOKEN`:
 * a fragment is never sent to the server (so never in its logs). It is kept in sessionStorage (this
 * tab only, survives reloads) and removed from the address bar, so it does not end up in history,
 * bookmarks or screenshots. Null when there is none: the page then explains how to open it.
 */
export function tokenFromLocation(
  location: Pick<Location, 'hash' | 'pathname' | 'search'>,
  storage: Pick<Storage, 'getItem' | 'setItem'>,
  history: Pick<History, 'replaceState' | 'state'>,
): string | null {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  const given = fragment.get('token');
  if (given !== null) {
    fragment.delete('token');
    const rest = fragment.toString();
    history.replaceState(history.state, '', `${location.pathname}${location.search}${rest === '' ? '' : `#${rest}`}`);
    if (TOKEN_SHAPE.test(given)) {
      try {
        storage.setItem(TOKEN_KEY, given);
      } catch {
        // storage refused (private mode, quota): the token still works for this page load
      }
      return given;
    }
  }
  let stored: string | null = null;
  try {
    stored = storage.getItem(TOKEN_KEY);
  } catch {
    // storage unavailable: no saved token
  }
  return stored !== null && TOKEN_SHAPE.test(stored) ? stored : null;
}

function assertNever(value: never): void {
  void value; // a message type this client does not know (a newer node): ignored
}
