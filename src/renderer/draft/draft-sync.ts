/**
 * The renderer's replica of a treaty, kept in step with its node over the Yjs sync channel
 * (docs/api.md, "Yjs sync channel"):
 * - each time the connection to the node opens, a sync session is opened: the node's state is
 *   applied and the document writes under the session's clientID (set before any edit);
 * - the node's updates are applied with origin 'node', and never sent back;
 * - every other update of the document (the user's typing) is pushed to the node as it happens;
 * - edits typed while there was no session are not lost: on reopening, what the node lacks is sent
 *   (deletions as they are; new words replayed under the new clientID, see rebase.ts).
 * Framework-free, so tests drive it with a fake NodeClient; use-draft-sync.ts wraps it for React.
 */
import * as Y from 'yjs';
import { fromBase64 } from '../../node/api-codec.js';
import type { ApiError } from '../../node/api-types.js';
import type { ConnectionState, NodeClient } from '../client/node-client.js';
import { deletionsUpdate, rebase } from './rebase.js';

/** Origin of the node's updates on the document: not pushed back. */
export const NODE_ORIGIN = 'node';

export type SyncPhase =
  /** No connection to the node (yet, or any more): edits are kept here. */
  | 'waiting'
  | 'opening'
  | 'open'
  /** The node refused to open the draft; `problem` says why. Retried on the next connection. */
  | 'failed';

export interface DraftSyncState {
  /** Null until the first session opened (so no edit is ever written under another clientID). */
  readonly doc: Y.Doc | null;
  /** Bumped each time `doc` is replaced by a rebased one: views bound to the old one must rebind. */
  readonly generation: number;
  readonly phase: SyncPhase;
  /** Why the draft could not be opened, or the node's last refusal of an edit; null if none. */
  readonly problem: string | null;
}

export class DraftSync {
  private state: DraftSyncState = { doc: null, generation: 0, phase: 'waiting', problem: null };
  private readonly listeners = new Set<() => void>();
  private readonly ownClients = new Set<number>();
  private readonly unlisten: (() => void)[] = [];
  private session: number | null = null;
  private unlistenSession: (() => void) | null = null;
  private attempt = 0;
  private closed = false;
  private wasOpen = false;

  constructor(
    private readonly client: NodeClient,
    private readonly negotiation: string,
  ) {}

  start(): void {
    this.unlisten.push(this.client.onState((state) => this.onConnection(state)));
    this.unlisten.push(this.client.onSyncError((session, error) => this.onSyncError(session, error)));
    this.onConnection(this.client.state);
  }

  readonly getState = (): DraftSyncState => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The open session's id, or null. */
  get currentSession(): number | null {
    return this.session;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.attempt++;
    for (const off of this.unlisten.splice(0)) off();
    this.endSession(true);
    this.state.doc?.off('update', this.onLocalUpdate);
    this.listeners.clear();
  }

  private onConnection(connection: ConnectionState): void {
    const open = connection.kind === 'open';
    if (open && !this.wasOpen) {
      this.wasOpen = true;
      void this.open();
    } else if (!open && this.wasOpen) {
      this.wasOpen = false;
      this.attempt++; // an open in flight is void: its session went with the connection
      this.endSession(false); // the node closed it with the connection
      this.set({ phase: 'waiting', problem: connection.kind === 'failed' ? connection.reason : null });
    } else if (connection.kind === 'failed') {
      this.set({ phase: 'waiting', problem: connection.reason });
    }
  }

  private readonly onLocalUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === NODE_ORIGIN || this.session === null) return; // kept; sent on reopening
    this.client.pushSyncUpdate(this.session, update);
  };

  private onNodeUpdate(update: Uint8Array): void {
    const doc = this.state.doc;
    if (doc === null) return;
    try {
      Y.applyUpdate(doc, update, NODE_ORIGIN);
    } catch (error) {
      this.set({ problem: `an update from the node could not be applied: ${String(error)}` });
    }
  }

  private onSyncError(session: number, error: ApiError): void {
    if (session !== this.session) return;
    if (error.code === 'out-of-sync') {
      // The node lacks something this session sent: a new session sends it again.
      void this.open();
      return;
    }
    this.set({ problem: `The node refused an edit: ${error.message}` });
  }

  private endSession(tellNode: boolean): void {
    this.unlistenSession?.();
    this.unlistenSession = null;
    if (tellNode && this.session !== null && this.client.state.kind === 'open') void this.client.call('sync.close', { session: this.session });
    this.session = null;
  }

  private async open(): Promise<void> {
    const attempt = ++this.attempt;
    this.endSession(true);
    this.set({ phase: 'opening' });
    const result = await this.client.call('sync.open', { negotiation: this.negotiation });
    if (this.closed || attempt !== this.attempt) {
      if (result.ok && this.client.state.kind === 'open') void this.client.call('sync.close', { session: result.value.session });
      return;
    }
    if (!result.ok) {
      this.set({ phase: 'failed', problem: result.error.message });
      return;
    }
    const { session, clientId } = result.value;
    const nodeState = fromBase64(result.value.update);
    const nodeVector = fromBase64(result.value.stateVector);
    if (nodeState === undefined || nodeVector === undefined) {
      void this.client.call('sync.close', { session });
      this.set({ phase: 'failed', problem: 'the node sent a draft that is not base64' });
      return;
    }
    // Subscribed at once: the node's updates for this session follow its answer.
    this.session = session;
    this.unlistenSession = this.client.onSyncUpdate(session, (update) => this.onNodeUpdate(update));
    try {
      this.adopt(clientId, nodeState, nodeVector);
    } catch (error) {
      this.endSession(true);
      this.set({ phase: 'failed', problem: `the draft from the node could not be read: ${String(error)}` });
    }
  }

  private adopt(clientId: number, nodeState: Uint8Array, nodeVector: Uint8Array): void {
    const session = this.session!;
    const current = this.state.doc;
    if (current === null) {
      const doc = new Y.Doc({ gc: false });
      doc.clientID = clientId;
      Y.applyUpdate(doc, nodeState, NODE_ORIGIN);
      doc.on('update', this.onLocalUpdate);
      this.ownClients.add(clientId);
      this.set({ doc, phase: 'open', problem: null });
      return;
    }
    const fresh = rebase(current, { clientId, state: nodeState, vector: nodeVector }, this.ownClients, (doc) => doc.on('update', this.onLocalUpdate));
    this.ownClients.add(clientId);
    if (fresh !== null) {
      current.off('update', this.onLocalUpdate);
      this.set({ doc: fresh, generation: this.state.generation + 1, phase: 'open', problem: null });
      return;
    }
    current.clientID = clientId;
    Y.applyUpdate(current, nodeState, NODE_ORIGIN);
    // Deletions made without a session: a delete set carries no clientID, so it goes as it is.
    const deletions = deletionsUpdate(current);
    if (!sameBytes(deletions, Y.diffUpdate(nodeState, Y.encodeStateVectorFromUpdate(nodeState)))) this.client.pushSyncUpdate(session, deletions);
    this.set({ phase: 'open', problem: null });
  }

  private set(change: Partial<DraftSyncState>): void {
    this.state = { ...this.state, ...change };
    for (const listener of [...this.listeners]) listener();
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
