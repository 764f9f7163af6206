/**
 * The node's side of the desktop relay, in the utility process: serves one DelegationNode to the
 * app's windows as the bridge serves it to WebSockets (bridge-socket.ts), through the same
 * machinery: `node.call` with a SyncChannel per window, `node.pushSync`, `node.events`. Nothing
 * of a command is re-implemented here.
 *
 * A window owns the sync sessions it opened: another window cannot push to or close them, and
 * they close with it (the window's channel closes, and DraftSync drops its sessions).
 */
import { apiError, type ApiError, type ApiResult } from '../node/api.js';
import type { DelegationNode } from '../node/delegation-node.js';
import type { SyncChannel } from '../node/draft-sync.js';
import type { FromNode, WindowId } from './node-protocol.js';

/** What the relay uses of a node. */
export type RelayedNode = Pick<DelegationNode, 'call' | 'pushSync' | 'events' | 'identityView' | 'close'>;

interface WindowSessions {
  readonly channel: SyncChannel;
  readonly sessions: Set<number>;
  readonly closers: Set<() => void>;
}

const SESSION_COMMANDS: ReadonlySet<string> = new Set(['sync.push', 'sync.close']);

export class NodeRelay {
  private readonly windows = new Map<WindowId, WindowSessions>();
  private readonly unlisten: () => void;

  constructor(
    private readonly node: RelayedNode,
    private readonly post: (message: FromNode) => void,
  ) {
    this.unlisten = node.events.on((event) => post({ v: 1, type: 'event', event }));
  }

  /** Runs one command for a window and posts its result. */
  async call(id: number, window: WindowId, command: string, args: unknown): Promise<void> {
    this.post({ v: 1, type: 'result', id, result: await this.run(window, command, args) });
  }

  private async run(window: WindowId, command: string, args: unknown): Promise<ApiResult<unknown>> {
    const sessions = this.windowOf(window);
    const session = (args as { session?: unknown } | null | undefined)?.session;
    if (SESSION_COMMANDS.has(command) && typeof session === 'number' && !sessions.sessions.has(session)) {
      return apiError('unknown-session', `no sync session ${session} in this window`);
    }
    const result = await this.node.call(command, args, { channel: sessions.channel });
    if (result.ok && command === 'sync.open') sessions.sessions.add((result.value as { session: number }).session);
    if (command === 'sync.close' && typeof session === 'number') sessions.sessions.delete(session);
    return result;
  }

  /** A window's local Yjs update (the binary path; `sync.push` with base64 goes through call). */
  push(window: WindowId, session: number, update: Uint8Array): void {
    const refuse = (refused: { readonly error: ApiError }): void => this.post({ v: 1, type: 'sync-error', window, session, error: refused.error });
    if (this.windows.get(window)?.sessions.has(session) !== true) return refuse(apiError('unknown-session', `no sync session ${session} in this window`));
    const pushed = this.node.pushSync(session, update);
    if (!pushed.ok) refuse(pushed);
  }

  /** The window is gone: its sessions close and nothing more is sent for it. */
  closeWindow(window: WindowId): void {
    const sessions = this.windows.get(window);
    if (sessions === undefined) return;
    this.windows.delete(window);
    for (const close of [...sessions.closers]) close();
    sessions.closers.clear();
    sessions.sessions.clear();
  }

  /** Closes every window's sessions, then the node (which flushes its storage). */
  async close(): Promise<void> {
    this.unlisten();
    for (const window of [...this.windows.keys()]) this.closeWindow(window);
    await this.node.close();
  }

  private windowOf(window: WindowId): WindowSessions {
    let sessions = this.windows.get(window);
    if (sessions === undefined) {
      const closers = new Set<() => void>();
      sessions = {
        sessions: new Set(),
        closers,
        channel: {
          deliver: (session, update) => {
            if (this.windows.get(window) === sessions) this.post({ v: 1, type: 'sync-update', window, session, update });
          },
          onClose: (listener) => {
            closers.add(listener);
            return () => closers.delete(listener);
          },
        },
      };
      this.windows.set(window, sessions);
    }
    return sessions;
  }
}
