/**
 * What a room reads from and writes to the delegation's record, through interfaces the node
 * implements with its store (p2p never imports the store): `RecordSource` answers catch-up
 * requests, `RoomSink` keeps what settled here. `MemoryRoomRecords` is both, for tests and benchmarks.
 */
import { toHex } from '../../core/bytes.js';
import { encodeEnvelope, type Envelope } from '../../core/draft/envelope.js';
import type { Conflict } from '../../core/draft/replica-types.js';
import type { PartyId } from '../../core/identity.js';
import { encodeBlock, type Block } from '../../core/ledger/block.js';
import type { EquivocationEvidence } from '../../core/ledger/evidence.js';
import type { Vote } from '../../core/ledger/vote.js';
import type { ActEquivocation } from '../../core/acts/evidence.js';
import type { ActStatus, KeptAct } from './act-register.js';

/** Shaped as the store's EnvelopeRecord. */
export interface StoredEnvelope {
  readonly author: PartyId;
  readonly seq: number;
  readonly bytes: Uint8Array;
}

/** Shaped as the store's BlockRecord. */
export interface StoredBlock {
  readonly height: number;
  readonly bytes: Uint8Array;
}

/** Shaped as the store's ActRecord. */
export interface StoredAct {
  readonly party: PartyId;
  readonly seq: number;
  readonly hash: Uint8Array;
  readonly bytes: Uint8Array;
}

/** An act the register kept, to be stored: accepted, held for a gap, or a fork (with its evidence). */
export interface KeptActEntry {
  readonly kept: KeptAct;
  readonly status: ActStatus;
  readonly evidence?: ActEquivocation;
}

export interface RecordSource {
  /** One author's stored envelopes with seq >= fromSeq, ascending, at most `limit`. */
  envelopes(author: PartyId, fromSeq: number, limit: number): Promise<readonly StoredEnvelope[]>;
  /** Final blocks with height >= fromHeight (>= 1), ascending, at most `limit`. */
  blocks(fromHeight: number, limit: number): Promise<readonly StoredBlock[]>;
  /** One party's stored acts with seq >= fromSeq (forks included), ascending, at most `limit`. Absent: no acts are served. */
  acts?(party: PartyId, fromSeq: number, limit: number): Promise<readonly StoredAct[]>;
}

/** Proof that a party signed two conflicting things: two votes, or two envelopes under one seq. */
export type RoomEvidence =
  | { readonly kind: 'votes'; readonly evidence: EquivocationEvidence }
  | { readonly kind: 'envelopes'; readonly conflict: Conflict };

export interface RoomSink {
  /**
   * Envelopes that settled in the replica, in settling order: applied and spent ones alike (both
   * are part of the signed record and are served to others), ours included. For our own edits the
   * room publishes only once this has resolved: nothing leaves that is not stored.
   */
  onEnvelopes(envelopes: readonly Envelope[]): Promise<void> | void;
  /** Each block the ledger appends, in height order. */
  onBlock(block: Block): Promise<void> | void;
  onEvidence(evidence: RoomEvidence): Promise<void> | void;
  /** Our vote, before it is published: keep the voting record, so a restart cannot sign twice. */
  onOwnVote?(vote: Vote): Promise<void> | void;
  /** Acts from the network the register kept, in the order kept: store them (and tell, for the node). */
  onActs?(entries: readonly KeptActEntry[]): Promise<void> | void;
}

/** An in-memory record: the sink stores into it, catch-up answers from it. */
export class MemoryRoomRecords implements RecordSource, RoomSink {
  private readonly byAuthor = new Map<PartyId, Map<number, Uint8Array>>();
  private readonly chain: Uint8Array[] = [];
  readonly evidence: RoomEvidence[] = [];
  readonly ownVotes: Vote[] = [];
  private readonly actRecords = new Map<string, StoredAct>();

  onEnvelopes(envelopes: readonly Envelope[]): void {
    for (const envelope of envelopes) {
      let log = this.byAuthor.get(envelope.author);
      if (log === undefined) this.byAuthor.set(envelope.author, (log = new Map()));
      if (!log.has(envelope.seq)) log.set(envelope.seq, encodeEnvelope(envelope));
    }
  }

  onBlock(block: Block): void {
    const height = block.header.height;
    if (height === this.chain.length + 1) this.chain.push(encodeBlock(block));
    else if (height > this.chain.length + 1) throw new Error(`block ${height} stored above a gap (tip ${this.chain.length})`);
  }

  onEvidence(evidence: RoomEvidence): void {
    this.evidence.push(evidence);
  }

  onOwnVote(vote: Vote): void {
    this.ownVotes.push(vote);
  }

  onActs(entries: readonly KeptActEntry[]): void {
    for (const { kept } of entries) this.keepAct(kept);
  }

  /** Stores an act as a node's store would (also for acts this delegation performs). */
  keepAct(kept: KeptAct): void {
    const key = `${kept.act.party}/${String(kept.act.seq).padStart(10, '0')}/${toHex(kept.hash)}`;
    if (!this.actRecords.has(key)) this.actRecords.set(key, { party: kept.act.party, seq: kept.act.seq, hash: kept.hash, bytes: kept.bytes });
  }

  async acts(party: PartyId, fromSeq: number, limit: number): Promise<StoredAct[]> {
    return [...this.actRecords.keys()]
      .sort()
      .map((key) => this.actRecords.get(key)!)
      .filter((r) => r.party === party && r.seq >= fromSeq)
      .slice(0, limit);
  }

  get actCount(): number {
    return this.actRecords.size;
  }

  async envelopes(author: PartyId, fromSeq: number, limit: number): Promise<StoredEnvelope[]> {
    const log = this.byAuthor.get(author);
    const out: StoredEnvelope[] = [];
    if (log === undefined) return out;
    for (let seq = Math.max(1, fromSeq); out.length < limit; seq++) {
      const bytes = log.get(seq);
      if (bytes === undefined) break;
      out.push({ author, seq, bytes });
    }
    return out;
  }

  async blocks(fromHeight: number, limit: number): Promise<StoredBlock[]> {
    const start = Math.max(1, fromHeight);
    return this.chain.slice(start - 1, start - 1 + limit).map((bytes, i) => ({ height: start + i, bytes }));
  }

  /** Authors with stored envelopes. */
  authors(): PartyId[] {
    return [...this.byAuthor.keys()].sort();
  }

  /** Stored envelopes, all authors. */
  get envelopeCount(): number {
    let n = 0;
    for (const log of this.byAuthor.values()) n += log.size;
    return n;
  }

  get height(): number {
    return this.chain.length;
  }
}
