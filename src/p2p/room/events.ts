/**
 * What a room tells the node: a tagged union of events and a small typed emitter. A listener
 * that throws is reported through `onListenerError`, never back into the network stack.
 */
import type { Envelope } from '../../core/draft/envelope.js';
import type { Conflict } from '../../core/draft/replica-types.js';
import type { PartyId } from '../../core/identity.js';
import type { Block } from '../../core/ledger/block.js';
import type { EquivocationEvidence } from '../../core/ledger/evidence.js';
import type { Header } from '../../core/ledger/header.js';
import type { Vote } from '../../core/ledger/vote.js';
import type { PeerId } from '../network.js';
import type { Presence } from '../wire/presence.js';
import type { Act } from '../../core/acts/act.js';
import type { ActEquivocation } from '../../core/acts/evidence.js';
import type { ActStatus } from './act-register.js';
import type { RoomChannel } from './topics.js';

export type RoomEvent =
  /** The document changed: our edits were sealed, or others' envelopes applied. */
  | { readonly type: 'text-changed'; readonly origin: 'local' | 'remote'; readonly authors: readonly PartyId[] }
  /** An envelope that settled without effect (spent): its author sent an update no replica applies. */
  | { readonly type: 'envelope-spent'; readonly envelope: Envelope; readonly reason: string }
  /** A party's presence changed; `presence` null when it left or expired. */
  | { readonly type: 'presence'; readonly party: PartyId; readonly presence: Presence | null }
  | { readonly type: 'block-proposed'; readonly header: Header; readonly headerHash: Uint8Array; readonly from: 'local' | PeerId }
  | { readonly type: 'vote'; readonly vote: Vote; readonly from: 'local' | PeerId }
  | { readonly type: 'block-final'; readonly block: Block }
  | { readonly type: 'equivocation'; readonly evidence: EquivocationEvidence }
  | { readonly type: 'draft-conflict'; readonly conflict: Conflict }
  /** An act kept by the register: accepted, held for a gap or a reference, or a fork (with the evidence). */
  | {
      readonly type: 'act';
      readonly act: Act;
      readonly hash: Uint8Array;
      readonly status: ActStatus;
      /** The peer it came from; undefined when it waited for a block and was judged again. */
      readonly from: PeerId | undefined;
      readonly evidence?: ActEquivocation;
    }
  | {
      readonly type: 'rejected-message';
      readonly channel: RoomChannel | 'catch-up' | 'acts-catch-up';
      readonly peer: PeerId;
      readonly verdict: 'reject' | 'ignore';
      readonly reason: string;
    }
  | { readonly type: 'peer-connected'; readonly peer: PeerId; readonly party: PartyId | undefined }
  | { readonly type: 'peer-left'; readonly peer: PeerId; readonly party: PartyId | undefined }
  | {
      readonly type: 'catch-up';
      readonly peer: PeerId;
      readonly phase: 'page' | 'done' | 'failed';
      readonly envelopes: number;
      readonly blocks: number;
      readonly detail?: string;
    }
  /** An acts catch-up exchange with a party's peer ended; `acts` kept from it. */
  | { readonly type: 'acts-catch-up'; readonly peer: PeerId; readonly ok: boolean; readonly acts: number; readonly detail?: string }
  /** Something the room could not do (a sink write failed, a publish was refused). */
  | { readonly type: 'error'; readonly message: string };

export type RoomEventType = RoomEvent['type'];
export type RoomEventOf<T extends RoomEventType> = Extract<RoomEvent, { type: T }>;

export class RoomEmitter {
  private readonly listeners = new Map<RoomEventType | '*', Set<(event: RoomEvent) => void>>();

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  on<T extends RoomEventType>(type: T, listener: (event: RoomEventOf<T>) => void): () => void;
  on(type: '*', listener: (event: RoomEvent) => void): () => void;
  on(type: RoomEventType | '*', listener: (event: never) => void): () => void {
    let set = this.listeners.get(type);
    if (set === undefined) this.listeners.set(type, (set = new Set()));
    const l = listener as (event: RoomEvent) => void;
    set.add(l);
    return () => set.delete(l);
  }

  emit(event: RoomEvent): void {
    for (const key of [event.type, '*'] as const) {
      for (const listener of [...(this.listeners.get(key) ?? [])]) {
        try {
          listener(event);
        } catch (error) {
          this.onListenerError(error);
        }
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
