/**
 * How the UI reaches its delegation node: one interface, two transports: the bridge's WebSocket
 * (browser mode, bridge-client.ts) and Electron IPC through the preload (desktop-client.ts).
 * Every screen talks to a NodeClient and never knows which one it has.
 */
import type { ApiError, ApiResult, ArgsOf, CommandName, IdentityView, NodeEvent, ResultOf } from '../../node/api.js';

export type ConnectionState =
  /** Connected and authenticated: calls and events flow. */
  | { readonly kind: 'open'; readonly identity: IdentityView }
  /** Not (yet, or no longer) connected; the client retries by itself. */
  | { readonly kind: 'connecting'; readonly attempt: number; readonly reason: string | null }
  /** Will not retry: the token was refused or the node speaks another API version. */
  | { readonly kind: 'failed'; readonly reason: string };

export interface NodeClient {
  /** Calls one command; transport failures come back as `{ ok: false, error: { code: 'unavailable' } }`. */
  call<N extends CommandName>(command: N, args: ArgsOf<N>): Promise<ApiResult<ResultOf<N>>>;
  onEvent(listener: (event: NodeEvent) => void): () => void;
  /**
   * The node's Yjs updates for one sync session (opened with the `sync.open` command). Sessions
   * live on one connection: after a reconnect the node has forgotten them, so a consumer reopens
   * its sync sessions (`sync.open`, on a fresh Y.Doc) on every transition of `state` to 'open'.
   */
  onSyncUpdate(session: number, listener: (update: Uint8Array) => void): () => void;
  /** The client's local Yjs update for a session; refusals arrive on onSyncError ('unavailable' when not connected). */
  pushSyncUpdate(session: number, update: Uint8Array): void;
  onSyncError(listener: (session: number, error: ApiError) => void): () => void;
  readonly state: ConnectionState;
  onState(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}
