/**
 * The seam between a delegation node and the network: how a NegotiationRoom (src/p2p) is
 * attached to each open negotiation. The node builds everything the room works with (ledger and
 * draft reopened from the store, the coalescing author, the keyring, the voting record, a record
 * source and sink over the store) and hands it to `connect(parts)`; whatever comes back drives
 * flushing and the ledger from then on. With no hook, or when it returns undefined, the node
 * attaches its OfflineRoom: the same duties, with no peers (a delegation drafting alone).
 *
 * Wiring the room, next (the shapes below are structurally those of src/p2p/room/records.ts and
 * of NegotiationRoom's methods, so the room fits with a thin adapter):
 *
 *   connect: (parts) => {
 *     const room = NegotiationRoom.join({ network, ...parts, minEpoch: () => parts.keyring.current?.epoch ?? 0 });
 *     room.on('*', (event) => parts.report(toSessionReport(event)));   // except block-final and
 *     return room;                                                      // evidence: the sink reports those
 *   }
 */
import type { DraftAuthor } from '../core/draft/author.js';
import type { Envelope } from '../core/draft/envelope.js';
import type { DraftReplica } from '../core/draft/replica.js';
import type { Conflict } from '../core/draft/replica-types.js';
import type { NegotiationId, PartyId, SignatureScheme, Signer } from '../core/identity.js';
import type { Block } from '../core/ledger/block.js';
import type { BlockBody } from '../core/ledger/body.js';
import type { EquivocationEvidence } from '../core/ledger/evidence.js';
import type { Header } from '../core/ledger/header.js';
import type { Ledger } from '../core/ledger/ledger.js';
import type { Vote } from '../core/ledger/vote.js';
import type { VotingRecord } from '../core/ledger/voting-record.js';
import type { Result } from '../core/result.js';
import type { RoomKeyring } from '../core/room/keyring.js';
import type { ActRegister } from '../p2p/room/act-register.js';
import type { KeptActEntry } from '../p2p/room/records.js';

/** Stored records, for answering catch-up requests (shaped as the store's records). */
export interface SessionRecords {
  envelopes(author: PartyId, fromSeq: number, limit: number): Promise<readonly { author: PartyId; seq: number; bytes: Uint8Array }[]>;
  /** Final blocks with height >= fromHeight (>= 1). */
  blocks(fromHeight: number, limit: number): Promise<readonly { height: number; bytes: Uint8Array }[]>;
  /** One party's stored acts with seq >= fromSeq (forks included). */
  acts?(party: PartyId, fromSeq: number, limit: number): Promise<readonly { party: PartyId; seq: number; hash: Uint8Array; bytes: Uint8Array }[]>;
}

export type SessionEvidence =
  | { readonly kind: 'votes'; readonly evidence: EquivocationEvidence }
  | { readonly kind: 'envelopes'; readonly conflict: Conflict };

/**
 * Where settled records go: the node stores each durably before the promise resolves, then tells
 * its listeners (block-final and equivocation events come from here, not from `report`).
 */
export interface SessionSink {
  /** Envelopes settled in the replica, ours included; publish ours only after this resolves. */
  onEnvelopes(envelopes: readonly Envelope[]): Promise<void>;
  onBlock(block: Block): Promise<void>;
  onEvidence(evidence: SessionEvidence): Promise<void>;
  /** Our vote, before it leaves: a restart must not sign twice. */
  onOwnVote(vote: Vote): Promise<void>;
  /** Acts from the network that the register kept (accepted, held for a gap, forks): stored, then told. */
  onActs?(entries: readonly KeptActEntry[]): Promise<void>;
}

export interface CursorUpdate {
  readonly paragraphId: string;
  readonly index: number;
  readonly length: number;
}

export interface PeerPresence {
  readonly party: PartyId;
  readonly cursor: CursorUpdate | null;
  readonly seenAt: number;
}

/** What the network tells the node, beyond what reaches the sink. */
export type SessionReport =
  | { readonly type: 'text-changed'; readonly origin: 'local' | 'remote'; readonly authors: readonly PartyId[] }
  | { readonly type: 'block-proposed'; readonly header: Header; readonly headerHash: Uint8Array }
  | { readonly type: 'vote'; readonly vote: Vote }
  | { readonly type: 'presence'; readonly party: PartyId; readonly presence: PeerPresence | null }
  | { readonly type: 'peer'; readonly peer: string; readonly party: PartyId | undefined; readonly status: 'connected' | 'left' }
  | { readonly type: 'rejected-message'; readonly peer: string; readonly channel: string; readonly reason: string }
  /** A catch-up exchange's totals so far (see the 'catch-up' NodeEvent). */
  | {
      readonly type: 'catch-up';
      readonly peer: string;
      readonly party: PartyId | undefined;
      readonly phase: 'receiving' | 'done' | 'failed';
      readonly envelopes: number;
      readonly blocks: number;
      readonly reason?: string;
    }
  | { readonly type: 'error'; readonly message: string };

/** Everything an attachment works with, for one negotiation. */
export interface SessionParts {
  readonly negotiation: NegotiationId;
  readonly ledger: Ledger;
  readonly draft: DraftReplica;
  /** Attached with `coalesce: true`: the attachment decides when to flush. */
  readonly author: DraftAuthor;
  readonly signer: Signer;
  readonly scheme: SignatureScheme;
  /** Our room keys; the node adds each final block's keys (sink.onBlock) before it resolves. */
  readonly keyring: RoomKeyring;
  /** Restored from the store: the votes we signed at heights not yet final. */
  readonly votingRecord: VotingRecord;
  readonly records: SessionRecords;
  readonly sink: SessionSink;
  /** The negotiation's acts, restored from the store: the room's acts channel judges into it. */
  readonly acts?: ActRegister;
  report(event: SessionReport): void;
}

/** What drives one negotiation: a NegotiationRoom on the network, or the OfflineRoom. */
export interface NetworkAttachment {
  /** Seals pending local edits, stores them (sink), then publishes them. */
  flush(): Promise<void>;
  /** Proposes a decision at the next height (open round); resolves with the header hash. */
  propose(body: BlockBody): Promise<Result<Uint8Array, string>>;
  /** Votes for a known proposal at the next height. */
  vote(headerHash: Uint8Array): Promise<Result<Vote, string>>;
  /** Declines a round (default: the open round) at the next height. */
  decline(round?: number): Promise<Result<Vote, string>>;
  setCursor?(cursor: CursorUpdate | null): void;
  presences?(): readonly PeerPresence[];
  /** Connected peers that are current parties. */
  partyPeers?(): readonly string[];
  /** Gossips an act this delegation signed and stored (offline: peers fetch it by catch-up later). */
  publishAct?(actBytes: Uint8Array): Promise<unknown>;
  /** Flushes, waits for queued writes, leaves the network. */
  stop(): Promise<void>;
}

/** Returns the attachment for a negotiation, or undefined to stay offline. */
export type ConnectHook = (parts: SessionParts) => NetworkAttachment | undefined;
