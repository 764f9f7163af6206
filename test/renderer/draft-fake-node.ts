/**
 * A fake NodeClient for the draft's tests: a Y.Doc stands for the node's copy of the treaty, with
 * the sync channel's rules (a session writes only under its own clientID, pushes must continue
 * what the node holds, a session's own pushes are not echoed to it).
 */
import * as Y from 'yjs';
import { toBase64 } from '../../src/node/api-codec.js';
import type { ApiError, ApiResult, ArgsOf, CommandName, NodeEvent, ResultOf } from '../../src/node/api.js';
import type { ConnectionState, NodeClient } from '../../src/renderer/client/node-client.js';

const IDENTITY = { party: 'a'.repeat(32), name: 'Kiribati', publicKey: 'b'.repeat(64), fingerprint: 'XXXX' };

export class FakeNode implements NodeClient {
  readonly doc = new Y.Doc({ gc: false });
  state: ConnectionState = { kind: 'open', identity: IDENTITY };
  readonly pushes: { session: number; update: Uint8Array }[] = [];
  readonly calls: { command: string; args: unknown }[] = [];
  readonly refusals: { session: number; error: ApiError }[] = [];
  /** Make the next sync.open fail with this error. */
  failNextOpen: ApiError | null = null;
  /** A node that refuses some pushes as it is: the refusal for `update`, or null to take it. */
  refuse: ((update: Uint8Array) => ApiError | null) | null = null;
  private readonly eventListeners = new Set<(event: NodeEvent) => void>();
  private nextSession = 1;
  private nextClient = 9000;
  private readonly sessions = new Map<number, { clientId: number; origin: object }>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private readonly syncListeners = new Set<{ session: number; listener: (update: Uint8Array) => void }>();
  private readonly errorListeners = new Set<(session: number, error: ApiError) => void>();

  constructor() {
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      for (const [id, session] of this.sessions) {
        if (session.origin === origin) continue;
        for (const entry of this.syncListeners) if (entry.session === id) entry.listener(update);
      }
    });
  }

  clientIdOf(session: number): number | undefined {
    return this.sessions.get(session)?.clientId;
  }

  async call<N extends CommandName>(command: N, args: ArgsOf<N>): Promise<ApiResult<ResultOf<N>>> {
    this.calls.push({ command, args });
    await Promise.resolve();
    if (this.state.kind !== 'open') return { ok: false, error: { code: 'unavailable', message: 'not connected' } };
    if (command === 'sync.open') {
      if (this.failNextOpen !== null) {
        const error = this.failNextOpen;
        this.failNextOpen = null;
        return { ok: false, error };
      }
      const session = this.nextSession++;
      const clientId = this.nextClient++;
      this.sessions.set(session, { clientId, origin: { session } });
      const value = { session, clientId, update: toBase64(Y.encodeStateAsUpdate(this.doc)), stateVector: toBase64(Y.encodeStateVector(this.doc)) };
      return { ok: true, value } as ApiResult<ResultOf<N>>;
    }
    if (command === 'sync.close') {
      this.sessions.delete((args as { session: number }).session);
      return { ok: true, value: null } as ApiResult<ResultOf<N>>;
    }
    return { ok: false, error: { code: 'unknown-command', message: `the fake node does not do ${command}` } };
  }

  onEvent(listener: (event: NodeEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onSyncUpdate(session: number, listener: (update: Uint8Array) => void): () => void {
    const entry = { session, listener };
    this.syncListeners.add(entry);
    return () => this.syncListeners.delete(entry);
  }

  pushSyncUpdate(session: number, update: Uint8Array): void {
    if (this.state.kind !== 'open') return; // lost on the way, as on a closed socket
    this.pushes.push({ session, update });
    const open = this.sessions.get(session);
    if (open === undefined) return this.refuseWith(session, { code: 'unknown-session', message: `no sync session ${session}` });
    const { structs } = Y.decodeUpdate(update);
    const foreign = structs.find((s) => s.id.client !== open.clientId);
    if (foreign !== undefined) return this.refuseWith(session, { code: 'bad-update', message: `written under client ${foreign.id.client}` });
    const first = structs[0];
    if (first !== undefined && first.id.clock > Y.getState(this.doc.store, open.clientId)) {
      return this.refuseWith(session, { code: 'out-of-sync', message: 'a frame is missing' });
    }
    const refusal = this.refuse?.(update) ?? null;
    if (refusal !== null) return this.refuseWith(session, refusal);
    Y.applyUpdate(this.doc, update, open.origin);
    // The node's author seals what it applied, as this delegation's edit.
    const sealed: NodeEvent = { type: 'text-changed', negotiation: 'c'.repeat(64), origin: 'local', authors: [IDENTITY.party] };
    queueMicrotask(() => {
      for (const listener of [...this.eventListeners]) listener(sealed);
    });
  }

  onSyncError(listener: (session: number, error: ApiError) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  onState(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  close(): void {}

  /** The socket drops: its sessions close with it. */
  disconnect(): void {
    this.sessions.clear();
    this.setState({ kind: 'connecting', attempt: 1, reason: 'connection lost' });
  }

  reconnect(): void {
    this.setState({ kind: 'open', identity: IDENTITY });
  }

  openSessions(): number[] {
    return [...this.sessions.keys()];
  }

  private refuseWith(session: number, error: ApiError): void {
    this.refusals.push({ session, error });
    for (const listener of this.errorListeners) listener(session, error);
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }
}
