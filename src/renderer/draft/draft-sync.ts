/**
 * The renderer's replica of a treaty, kept in step with its node over the Yjs sync channel
 * (docs/api.md, "Yjs sync channel"):
 * - each time the connection to the node opens, a sync session is opened: the node's state is
 *   applied and the document writes under the session's clientID (set before any edit);
 * - the node's updates are applied with origin 'node' (through an inbox: after this delegation's
 *   next keystroke is painted, node-inbox.ts), and never sent back;
 * - every other update of the document (the user's typing) is pushed to the node as it happens;
 * - edits typed while there was no session are not lost: on reopening, what the node lacks is sent
 *   (deletions as they are; new words replayed under the new clientID, see rebase.ts);
 * - a node that keeps refusing (each refusal leaves the replica ahead of it, so the next edit is
 *   out of sync, the reopening replays the refused words, and so on) is not asked forever: after
 *   MAX_REFUSALS refusals with no edit of ours sealed in between, the draft stops sending and says
 *   so ('stopped') until the user reloads it from the node (`reload`).
 * Framework-free, so tests drive it with a fake NodeClient; use-draft-sync.ts wraps it for React.
 */
import * as Y from 'yjs';
import { fromBase64 } from '../../node/api-codec.js';
import type { ApiError } from '../../node/api-types.js';
import type { ConnectionState, NodeClient } from '../client/node-client.js';
import { IMMEDIATE, type Inbox } from './node-inbox.js';
import { deletionsUpdate, rebase } from './rebase.js';

/** Origin of the node's updates on the document: not pushed back. */
export const NODE_ORIGIN = 'node';

/** Refusals ('bad-update', 'out-of-sync') in a row, with none of our edits sealed between, before the draft stops. */
export const MAX_REFUSALS = 3;

export type SyncPhase =
  /** No connection to the node (yet, or any more): edits are kept here. */
  | 'waiting'
  | 'opening'
  | 'open'
  /** The node refused to open the draft; `problem` says why. Retried on the next connection. */
  | 'failed'
  /** The node kept refusing our edits: nothing is sent until `reload`; `problem` says why. */
  | 'stopped';

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
  /** Refusals since one of our edits was last sealed by the node. */
  private refusals = 0;
  /** The next session starts a new replica (the user reloaded after 'stopped'). */
  private reloading = false;

  constructor(
    private readonly client: NodeClient,
    private readonly negotiation: string,
    /** Where the node's updates wait to be applied (node-inbox.ts); at once by default. */
    private readonly inbox: Inbox = IMMEDIATE,
  ) {}

  start(): void {
    this.unlisten.push(this.client.onState((state) => this.onConnection(state)));
    this.unlisten.push(this.client.onSyncError((session, error) => this.onSyncError(session, error)));
    // The node sealed edits of this delegation: what we send gets through.
    this.unlisten.push(
      this.client.onEvent((event) => {
        if (event.type === 'text-changed' && event.origin === 'local' && event.negotiation === this.negotiation) this.refusals = 0;
      }),
    );
    this.onConnection(this.client.state);
  }

  /**
   * After 'stopped': drops this replica (and the words the node refused with it) and opens the
   * draft afresh as the node holds it.
   */
  reload(): void {
    if (this.closed || this.state.phase !== 'stopped') return;
    this.refusals = 0;
    this.reloading = true;
    if (this.client.state.kind === 'open') void this.open();
    else this.set({ phase: 'waiting', problem: null }); // opened afresh on the next connection
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
    if (this.state.phase === 'stopped') {
      this.wasOpen = open; // a new connection would only replay what the node refuses
    } else if (open && !this.wasOpen) {
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
    this.inbox.add(() => this.applyNodeUpdate(update));
  }

  private applyNodeUpdate(update: Uint8Array): void {
    if (this.closed) return;
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
    if (error.code === 'out-of-sync' || error.code === 'bad-update') {
      this.refusals++;
      if (this.refusals >= MAX_REFUSALS) {
        this.stop(error);
        return;
      }
    }
    if (error.code === 'out-of-sync') {
      // The node lacks something this session sent: a new session sends it again.
      void this.open();
      return;
    }
    this.set({ problem: `The node refused an edit: ${error.message}` });
  }

  private stop(last: ApiError): void {
    this.attempt++; // an open in flight is void
    this.endSession(true);
    this.set({ phase: 'stopped', problem: `your node refused this draft's edits ${this.refusals} times in a row (the last time: ${last.message})` });
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
      if (this.reloading) this.replace(clientId, nodeState);
      else this.adopt(clientId, nodeState, nodeVector);
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
    // What was sent meanwhile may already have been refused, and the draft stopped.
    const opened = () => (this.session === session ? { phase: 'open' as const, problem: null } : {});
    if (fresh !== null) {
      current.off('update', this.onLocalUpdate);
      this.set({ doc: fresh, generation: this.state.generation + 1, ...opened() });
      return;
    }
    current.clientID = clientId;
    Y.applyUpdate(current, nodeState, NODE_ORIGIN);
    // Deletions made without a session: a delete set carries no clientID, so it goes as it is.
    const deletions = deletionsUpdate(current);
    if (!sameBytes(deletions, Y.diffUpdate(nodeState, Y.encodeStateVectorFromUpdate(nodeState)))) this.client.pushSyncUpdate(session, deletions);
    this.set(opened());
  }

  private replace(clientId: number, nodeState: Uint8Array): void {
    const doc = new Y.Doc({ gc: false });
    doc.clientID = clientId;
    Y.applyUpdate(doc, nodeState, NODE_ORIGIN);
    this.state.doc?.off('update', this.onLocalUpdate);
    doc.on('update', this.onLocalUpdate);
    this.ownClients.clear();
    this.ownClients.add(clientId);
    this.reloading = false;
    this.set({ doc, generation: this.state.generation + 1, phase: 'open', problem: null });
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
