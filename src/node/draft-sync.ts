/**
 * The Yjs sync channel between a negotiation's replica and UI documents (the renderer's or a
 * browser's Y.Doc): a session gets the node's state, a clientID of its own (a fresh epoch of this
 * delegation, DraftAuthor.addEpoch), and from then on every update of the node's document; its own
 * updates are applied to the replica's document, where the author seals them as this delegation's
 * edits.
 *
 * The UI is not trusted further than a peer would be: a pushed update must pass the replica's
 * update analysis under the session's clientID (no other client, no content a treaty never holds)
 * and must continue what the node holds, else it is refused and never reaches the document (where
 * it would break the author for the rest of the session).
 */
import * as Y from 'yjs';
import type { DraftAuthor } from '../core/draft/author.js';
import type { DraftReplica } from '../core/draft/replica.js';
import { apiError, apiOk } from './api.js';
import type { ApiResult } from './api-types.js';

/** Carries the node's updates to one client (a WebSocket, an IPC port). */
export interface SyncChannel {
  deliver(session: number, update: Uint8Array): void;
  /** Registers what to do when the channel goes away; returns an unregister function. */
  onClose(listener: () => void): () => void;
}

interface Session {
  readonly id: number;
  readonly clientId: number;
  readonly channel: SyncChannel;
  /** Transaction origin of this session's pushes: its own updates are not echoed to it. */
  readonly origin: object;
  readonly unlisten: () => void;
}

export interface OpenedSync {
  readonly clientId: number;
  readonly update: Uint8Array;
  readonly stateVector: Uint8Array;
}

export class DraftSync {
  private readonly sessions = new Map<number, Session>();
  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    for (const session of this.sessions.values()) {
      if (session.origin === origin) continue;
      try {
        session.channel.deliver(session.id, update);
      } catch {
        this.close(session.id); // a channel that cannot take it is gone
      }
    }
  };

  constructor(
    private readonly draft: DraftReplica,
    private readonly author: DraftAuthor,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  has(id: number): boolean {
    return this.sessions.has(id);
  }

  /** Opens session `id` under `epoch` (fresh, never used before by this delegation). */
  open(id: number, epoch: number, channel: SyncChannel): ApiResult<OpenedSync> {
    const bound = this.author.addEpoch(epoch);
    if (!bound.ok) return apiError('internal', `no clientID for the session: ${bound.error}`);
    // Listening to 'update' costs an encoding per transaction: only while someone is synced.
    if (this.sessions.size === 0) this.draft.doc.on('update', this.onUpdate);
    const unlisten = channel.onClose(() => this.close(id));
    this.sessions.set(id, { id, clientId: bound.value, channel, origin: { session: id }, unlisten });
    return apiOk({ clientId: bound.value, update: Y.encodeStateAsUpdate(this.draft.doc), stateVector: Y.encodeStateVector(this.draft.doc) });
  }

  push(id: number, update: Uint8Array): ApiResult<{ applied: boolean }> {
    const session = this.sessions.get(id);
    if (session === undefined) return apiError('unknown-session', `no sync session ${id}`);
    // The checks a peer's envelope meets (placement included), so what this delegation seals
    // from a UI's update is what every other replica applies.
    const outcome = this.draft.applyLocalUpdate(update, session.clientId, session.origin);
    switch (outcome.kind) {
      case 'applied':
        return apiOk({ applied: true });
      case 'unchanged':
        return apiOk({ applied: false });
      case 'out-of-sync':
        return apiError('out-of-sync', `${outcome.detail}: reopen the sync session`);
      case 'refused':
        return apiError('bad-update', `the update is refused (${outcome.reason}): ${outcome.detail}`);
    }
  }

  close(id: number): boolean {
    const session = this.sessions.get(id);
    if (session === undefined) return false;
    this.sessions.delete(id);
    session.unlisten();
    if (this.sessions.size === 0) this.draft.doc.off('update', this.onUpdate);
    return true;
  }

  closeAll(): void {
    for (const id of [...this.sessions.keys()]) this.close(id);
  }
}
