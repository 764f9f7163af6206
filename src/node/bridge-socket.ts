/**
 * One WebSocket client of the bridge. The first message must be `{"v":1,"type":"auth","token"}`
 * (browsers cannot set headers on a WebSocket, and a token in the URL would end up in logs and
 * history); until then nothing else is read, and without it the socket closes after a deadline.
 * Then: JSON text frames carry calls and their results, and the node's events; binary frames
 * carry Yjs updates of the sync sessions opened on this socket (api-codec.ts).
 */
import type { RawData, WebSocket } from 'ws';
import { API_VERSION, decodeSyncFrame, encodeSyncFrame, parseClientMessage, type ServerMessage } from './api.js';
import type { ApiError, ApiResult } from './api-types.js';
import type { BridgeGuard } from './bridge-guard.js';
import type { DelegationNode } from './delegation-node.js';
import type { SyncChannel } from './draft-sync.js';

export interface SocketOptions {
  readonly authTimeoutMs: number;
  /** Close a client that lets this much pile up unread. */
  readonly maxBufferedBytes: number;
}

/** Close codes beyond the standard ones (4000-4999 are the application's). */
export const CLOSE_CODES = { unauthorized: 4401, protocol: 4400, tooSlow: 4408, nodeClosing: 1001 } as const;

export function serveSocket(ws: WebSocket, node: DelegationNode, guard: BridgeGuard, options: SocketOptions): void {
  let authenticated = false;
  const sessions = new Set<number>();
  const closers = new Set<() => void>();
  const cleanups: Array<() => void> = [];

  const send = (message: ServerMessage): void => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > options.maxBufferedBytes) {
      ws.close(CLOSE_CODES.tooSlow, 'client too slow: too much unread');
      return;
    }
    ws.send(JSON.stringify(message));
  };
  const protocolError = (error: ApiError, fatal: boolean): void => {
    send({ v: 1, type: 'error', error, fatal });
    if (fatal) ws.close(error.code === 'unauthorized' ? CLOSE_CODES.unauthorized : CLOSE_CODES.protocol, error.message.slice(0, 120));
  };

  const channel: SyncChannel = {
    deliver: (session, update) => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > options.maxBufferedBytes) {
        ws.close(CLOSE_CODES.tooSlow, 'client too slow: too much unread');
        return;
      }
      ws.send(encodeSyncFrame({ kind: 'node-update', session, update }), { binary: true });
    },
    onClose: (listener) => {
      closers.add(listener);
      return () => closers.delete(listener);
    },
  };

  const deadline = setTimeout(() => {
    if (!authenticated) protocolError({ code: 'unauthorized', message: `authenticate within ${options.authTimeoutMs} ms: send {"v":1,"type":"auth","token":"..."} first` }, true);
  }, options.authTimeoutMs);

  const onText = async (raw: string): Promise<void> => {
    const parsed = parseClientMessage(raw);
    if (!parsed.ok) return protocolError({ code: 'bad-request', message: parsed.message }, !authenticated);
    const message = parsed.value;
    if (!authenticated) {
      if (message.type !== 'auth') return protocolError({ code: 'unauthorized', message: 'the first message must be {"v":1,"type":"auth","token":"..."}' }, true);
      const refused = guard.checkToken(message.token);
      if (refused) return protocolError({ code: 'unauthorized', message: refused.message }, true);
      authenticated = true;
      clearTimeout(deadline);
      cleanups.push(node.events.on((event) => send({ v: 1, type: 'event', event })));
      send({ v: 1, type: 'ready', apiVersion: API_VERSION, identity: node.identityView() });
      return;
    }
    if (message.type === 'auth') return; // already authenticated: harmless
    const result = ownsSessionOf(message.command, message.args) ? await node.call(message.command, message.args, { channel }) : notOurSession(message.args);
    if (result.ok && message.command === 'sync.open') sessions.add((result.value as { session: number }).session);
    if (message.command === 'sync.close' && typeof (message.args as { session?: unknown } | undefined)?.session === 'number') {
      sessions.delete((message.args as { session: number }).session);
    }
    send({ v: 1, type: 'result', id: message.id, result });
  };

  // A session belongs to the socket that opened it: another client of the same node may neither
  // write into it nor close it (binary frames are checked the same way below).
  const ownsSessionOf = (command: string, args: unknown): boolean => {
    if (command !== 'sync.push' && command !== 'sync.close') return true;
    const session = (args as { session?: unknown } | undefined)?.session;
    return typeof session !== 'number' || sessions.has(session); // a malformed one fails the argument check
  };
  const notOurSession = (args: unknown): ApiResult<unknown> => ({
    ok: false,
    error: { code: 'unknown-session', message: `no sync session ${String((args as { session?: unknown }).session)} on this socket` },
  });

  const onBinary = (bytes: Uint8Array): void => {
    if (!authenticated) return protocolError({ code: 'unauthorized', message: 'authenticate before sending binary frames' }, true);
    const frame = decodeSyncFrame(bytes);
    if (!frame.ok) return protocolError({ code: 'bad-request', message: frame.message }, false);
    const { kind, session, update } = frame.value;
    if (kind !== 'client-update') return protocolError({ code: 'bad-request', message: 'clients send client-update frames only' }, false);
    if (!sessions.has(session)) {
      send({ v: 1, type: 'sync-error', session, error: { code: 'unknown-session', message: `no sync session ${session} on this socket` } });
      return;
    }
    const pushed = node.pushSync(session, update);
    if (!pushed.ok) send({ v: 1, type: 'sync-error', session, error: pushed.error });
  };

  ws.on('message', (data: RawData, isBinary: boolean) => {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (isBinary) onBinary(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    else void onText(bytes.toString('utf8')).catch((e: unknown) => protocolError({ code: 'internal', message: String(e) }, false));
  });
  ws.on('error', () => {}); // a broken client is closed; nothing to report upwards
  ws.on('close', () => {
    clearTimeout(deadline);
    for (const cleanup of cleanups.splice(0)) cleanup();
    for (const close of [...closers]) close();
    closers.clear();
  });
}
