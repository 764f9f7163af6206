/**
 * The storage contract: what a delegation node keeps on disk, at the level of bytes.
 *
 * The store does not decode envelopes or blocks (the node verifies them with the core before
 * storing); it keeps them exactly, in key order, durably, and refuses to overwrite a record with
 * different bytes. Two implementations share one contract test suite (test/store/contract.ts):
 * LevelDB (src/store/level.ts) and memory (src/store/memory.ts).
 *
 * Every write resolves only once it is durable (LevelDB: one batch written with sync, i.e. fsync),
 * and each call is atomic: all of it is stored, or none of it. Failures reject with a StoreError.
 */
import type { NegotiationId, PartyId } from '../core/identity.js';

/** One signed envelope, kept as its encoded bytes under (author, seq). */
export interface EnvelopeRecord {
  readonly author: PartyId;
  /** Per-author sequence number, from 1. */
  readonly seq: number;
  readonly bytes: Uint8Array;
}

/** One ledger block, kept as its encoded bytes under its height (the genesis is height 0). */
export interface BlockRecord {
  readonly height: number;
  readonly bytes: Uint8Array;
}

/**
 * One individual act (core/acts: a signature, ratification, reservation...), kept as its encoded
 * bytes under (party, seq, act hash). The store does not decode it; the node checks it with the
 * core before storing.
 */
export interface ActRecord {
  readonly party: PartyId;
  /** The party's act number, from 0 (a u32). */
  readonly seq: number;
  /** The act's hash (32 bytes). */
  readonly hash: Uint8Array;
  readonly bytes: Uint8Array;
}

/** Two or more acts a party signed under one seq: proof that it equivocated. */
export interface ActFork {
  readonly party: PartyId;
  readonly seq: number;
  /** The acts, by hash. */
  readonly records: readonly ActRecord[];
}

export interface PlenaryStore {
  /**
   * Stores envelopes; resolves once durable. Re-appending identical bytes is a no-op; different
   * bytes under a stored (author, seq) reject the whole call with StoreError('conflict') listing
   * the keys (the other party equivocated or the caller is confused: never an overwrite).
   */
  appendEnvelopes(negotiation: NegotiationId, records: readonly EnvelopeRecord[]): Promise<void>;
  /** One author's stored envelopes with seq >= fromSeq, ascending, at most `limit` (gaps are skipped). */
  envelopes(negotiation: NegotiationId, author: PartyId, fromSeq?: number, limit?: number): Promise<EnvelopeRecord[]>;
  /** Per author, the highest seq such that 1..seq are all stored. Authors without seq 1 are absent. */
  frontier(negotiation: NegotiationId): Promise<Map<PartyId, number>>;
  /** Every author with at least one stored envelope (including those whose seq 1 is missing), sorted. */
  authors(negotiation: NegotiationId): Promise<PartyId[]>;
  countEnvelopes(negotiation: NegotiationId): Promise<number>;

  /**
   * Stores the block at `height`, which must be tip + 1 (0 for the genesis), else
   * StoreError('out-of-order'). Identical bytes at a stored height are a no-op; different bytes are
   * StoreError('conflict'). The store does not check the hash chain: the core's verifyChain does.
   */
  appendBlock(negotiation: NegotiationId, height: number, bytes: Uint8Array): Promise<void>;
  /** Blocks with height >= fromHeight, ascending, at most `limit`. */
  blocks(negotiation: NegotiationId, fromHeight?: number, limit?: number): Promise<BlockRecord[]>;
  /** Height of the highest stored block, or undefined when there is no genesis yet. */
  tip(negotiation: NegotiationId): Promise<number | undefined>;

  /**
   * Stores acts; resolves once durable, with how many were new. Acts are keyed by (party, seq,
   * hash), so a second act under a stored (party, seq) is kept beside the first (a fork: see
   * actForks). Identical bytes under a stored key are a no-op; different bytes under one (the same
   * act with other signature bytes) reject the whole call with StoreError('conflict').
   */
  appendActs(negotiation: NegotiationId, records: readonly ActRecord[]): Promise<number>;
  /**
   * Stored acts by party id, seq, then hash: every party's, or one party's with seq >= fromSeq;
   * at most `limit`. Gaps in a party's seqs are skipped, not filled.
   */
  acts(negotiation: NegotiationId, party?: PartyId, fromSeq?: number, limit?: number): Promise<ActRecord[]>;
  /** Every (party, seq) holding more than one act, by party id then seq. */
  actForks(negotiation: NegotiationId): Promise<ActFork[]>;

  /** Keeps a piece of equivocation/conflict evidence; true if new, false if already held (same bytes). */
  addEvidence(negotiation: NegotiationId, bytes: Uint8Array): Promise<boolean>;
  /** All evidence, ordered by the SHA-256 of its bytes (so every node lists it in the same order). */
  evidence(negotiation: NegotiationId): Promise<Uint8Array[]>;

  /** Replaces the compacted document snapshot (see snapshot.ts for its encoding). */
  putSnapshot(negotiation: NegotiationId, bytes: Uint8Array): Promise<void>;
  getSnapshot(negotiation: NegotiationId): Promise<Uint8Array | undefined>;

  /** Small node-level metadata (e.g. this delegation's Yjs epoch), replaced on put. */
  putMeta(key: string, bytes: Uint8Array): Promise<void>;
  getMeta(key: string): Promise<Uint8Array | undefined>;

  /** Every negotiation this store holds anything for, sorted. */
  negotiations(): Promise<NegotiationId[]>;

  /** Waits for pending writes, then closes. Later calls reject with StoreError('closed'). Idempotent. */
  close(): Promise<void>;
}

/** Limits that turn absurd arguments into a clear 'invalid-argument' instead of a slow disaster. */
export const STORE_LIMITS = {
  /** A record's bytes (envelope, block, evidence, snapshot, meta value). */
  maxRecordBytes: 64 * 1024 * 1024,
  maxRecordsPerAppend: 65_536,
  /** UTF-8 bytes of a meta key. */
  maxMetaKeyBytes: 256,
} as const;
