/**
 * The in-memory store: the same contract as the LevelDB store (same checks, same errors, same
 * order of effects), for fast tests of the node. Its data lives in a MemoryVolume, which outlives
 * the store, so a test can close and reopen it like a directory on disk.
 */
import { equalBytes, toHex } from '../core/bytes.js';
import { sha256 } from '../core/hash.js';
import type { NegotiationId, PartyId } from '../core/identity.js';
import type { ActFork, ActRecord, BlockRecord, EnvelopeRecord, PlenaryStore } from './contract.js';
import { EnvelopeIndex } from './envelope-index.js';
import { StoreError, actConflictError, conflictError } from './errors.js';
import * as V from './validate.js';
import { forksOf } from './act-forks.js';

interface NegotiationData {
  readonly envelopes: Map<PartyId, Map<number, Uint8Array>>;
  readonly index: EnvelopeIndex;
  readonly blocks: Uint8Array[];
  /** Keyed by hex SHA-256 of the bytes. */
  readonly evidence: Map<string, Uint8Array>;
  snapshot: Uint8Array | undefined;
  /** Keyed by actSortKey: iterating the sorted keys gives the LevelDB key order. */
  readonly acts: Map<string, ActRecord>;
}

/** party (fixed-width hex) / seq (10 digits) / hash hex: sorts as LevelDB's act keys do. */
const actSortKey = (party: PartyId, seq: number, hash: Uint8Array): string => `${party}/${String(seq).padStart(10, '0')}/${toHex(hash)}`;
const copyAct = (r: ActRecord): ActRecord => ({ party: r.party, seq: r.seq, hash: r.hash.slice(), bytes: r.bytes.slice() });

/** What a memory store holds; survives closing the store, like files on disk. */
export class MemoryVolume {
  readonly negotiations = new Map<NegotiationId, NegotiationData>();
  readonly meta = new Map<string, Uint8Array>();
  /** Set while a store has the volume open (the equivalent of LevelDB's lock). */
  inUse = false;
}

export function createMemoryStore(volume: MemoryVolume = new MemoryVolume()): MemoryStore {
  if (volume.inUse) throw new StoreError('locked', 'the memory volume is open in another store', { path: 'memory' });
  volume.inUse = true;
  return new MemoryStore(volume);
}

export class MemoryStore implements PlenaryStore {
  private closed = false;

  constructor(readonly volume: MemoryVolume) {}

  async appendEnvelopes(negotiation: NegotiationId, records: readonly EnvelopeRecord[]): Promise<void> {
    this.assertOpen();
    const neg = V.checkNegotiation(negotiation);
    const checked = V.checkEnvelopeRecords(records);
    if (checked.length === 0) return;
    const existing = this.volume.negotiations.get(neg);
    const conflicts: Array<{ author: PartyId; seq: number }> = [];
    const fresh = checked.filter((r) => {
      const stored = existing?.envelopes.get(r.author)?.get(r.seq);
      if (stored !== undefined && !equalBytes(stored, r.bytes)) conflicts.push({ author: r.author, seq: r.seq });
      return stored === undefined;
    });
    if (conflicts.length > 0) throw conflictError(conflicts);
    const data = this.data(neg);
    for (const r of fresh) {
      let byAuthor = data.envelopes.get(r.author);
      if (byAuthor === undefined) data.envelopes.set(r.author, (byAuthor = new Map()));
      byAuthor.set(r.seq, r.bytes); // checkEnvelopeRecords made our copy
      data.index.add(r.author, r.seq);
    }
  }

  async envelopes(negotiation: NegotiationId, author: PartyId, fromSeq = 1, limit?: number): Promise<EnvelopeRecord[]> {
    this.assertOpen();
    const neg = V.checkNegotiation(negotiation);
    V.checkAuthor(author);
    const from = V.checkSeq(fromSeq, 'fromSeq');
    const max = V.checkLimit(limit);
    const byAuthor = this.volume.negotiations.get(neg)?.envelopes.get(author);
    if (byAuthor === undefined) return [];
    const seqs = [...byAuthor.keys()].filter((seq) => seq >= from).sort((a, b) => a - b);
    return seqs.slice(0, Math.min(seqs.length, max)).map((seq) => ({ author, seq, bytes: byAuthor.get(seq)!.slice() }));
  }

  async frontier(negotiation: NegotiationId): Promise<Map<PartyId, number>> {
    return this.existing(negotiation)?.index.frontier() ?? new Map();
  }

  async authors(negotiation: NegotiationId): Promise<PartyId[]> {
    return this.existing(negotiation)?.index.authors() ?? [];
  }

  async countEnvelopes(negotiation: NegotiationId): Promise<number> {
    return this.existing(negotiation)?.index.count() ?? 0;
  }

  async appendBlock(negotiation: NegotiationId, height: number, bytes: Uint8Array): Promise<void> {
    this.assertOpen();
    const neg = V.checkNegotiation(negotiation);
    V.checkHeight(height);
    const value = V.checkBytes(bytes, 'block bytes');
    const blocks = this.volume.negotiations.get(neg)?.blocks ?? [];
    const tip = blocks.length - 1;
    if (height > tip + 1) {
      throw new StoreError('out-of-order', `block ${height} does not follow the tip (${tip < 0 ? 'no genesis yet' : tip})`);
    }
    if (height <= tip) {
      if (!equalBytes(blocks[height]!, value)) {
        throw new StoreError('conflict', `a different block is stored at height ${height}`, { conflicts: [{ height }] });
      }
      return;
    }
    this.data(neg).blocks.push(value);
  }

  async blocks(negotiation: NegotiationId, fromHeight = 0, limit?: number): Promise<BlockRecord[]> {
    this.assertOpen();
    const neg = V.checkNegotiation(negotiation);
    const from = V.checkHeight(fromHeight, 'fromHeight');
    const max = V.checkLimit(limit);
    const blocks = this.volume.negotiations.get(neg)?.blocks ?? [];
    const end = Math.min(blocks.length, from + Math.min(max, blocks.length));
    const out: BlockRecord[] = [];
    for (let height = from; height < end; height++) out.push({ height, bytes: blocks[height]!.slice() });
    return out;
  }

  async tip(negotiation: NegotiationId): Promise<number | undefined> {
    const blocks = this.existing(negotiation)?.blocks ?? [];
    return blocks.length === 0 ? undefined : blocks.length - 1;
  }

  async addEvidence(negotiation: NegotiationId, bytes: Uint8Array): Promise<boolean> {
    this.assertOpen();
    const neg = V.checkNegotiation(negotiation);
    const value = V.checkBytes(bytes, 'evidence bytes');
    const id = toHex(sha256(value));
    if (this.volume.negotiations.get(neg)?.evidence.has(id)) return false;
    this.data(neg).evidence.set(id, value);
    return true;
  }

  async evidence(negotiation: NegotiationId): Promise<Uint8Array[]> {
    this.assertOpen();
    const evidence = this.volume.negotiations.get(V.checkNegotiation(negotiation))?.evidence;
    if (evidence === undefined) return [];
    return [...evidence.keys()].sort().map((id) => evidence.get(id)!.slice());
  }

  async appendActs(negotiation: NegotiationId, records: readonly ActRecord[]): Promise<number> {
    this.assertOpen();
    const neg = V.checkNegotiation(negotiation);
    const checked = V.checkActRecords(records);
    if (checked.length === 0) return 0;
    const existing = this.volume.negotiations.get(neg)?.acts;
    const conflicts: Array<{ party: PartyId; seq: number; act: string }> = [];
    const fresh = checked.filter((r) => {
      const stored = existing?.get(actSortKey(r.party, r.seq, r.hash));
      if (stored !== undefined && !equalBytes(stored.bytes, r.bytes)) conflicts.push({ party: r.party, seq: r.seq, act: toHex(r.hash) });
      return stored === undefined;
    });
    if (conflicts.length > 0) throw actConflictError(conflicts);
    if (fresh.length === 0) return 0;
    const acts = this.data(neg).acts;
    for (const r of fresh) acts.set(actSortKey(r.party, r.seq, r.hash), r); // checkActRecords made our copy
    return fresh.length;
  }

  async acts(negotiation: NegotiationId, party?: PartyId, fromSeq = 0, limit?: number): Promise<ActRecord[]> {
    this.assertOpen();
    const neg = V.checkNegotiation(negotiation);
    if (party !== undefined) V.checkAuthor(party);
    const from = V.checkActSeq(fromSeq, 'fromSeq');
    const max = V.checkLimit(limit);
    const acts = this.volume.negotiations.get(neg)?.acts;
    if (acts === undefined) return [];
    const out: ActRecord[] = [];
    for (const key of [...acts.keys()].sort()) {
      if (out.length >= max) break;
      const r = acts.get(key)!;
      if (party === undefined || (r.party === party && r.seq >= from)) out.push(copyAct(r));
    }
    return out;
  }

  async actForks(negotiation: NegotiationId): Promise<ActFork[]> {
    return forksOf(await this.acts(negotiation));
  }

  async putSnapshot(negotiation: NegotiationId, bytes: Uint8Array): Promise<void> {
    this.assertOpen();
    const neg = V.checkNegotiation(negotiation);
    const value = V.checkBytes(bytes, 'snapshot bytes');
    this.data(neg).snapshot = value;
  }

  async getSnapshot(negotiation: NegotiationId): Promise<Uint8Array | undefined> {
    this.assertOpen();
    return this.volume.negotiations.get(V.checkNegotiation(negotiation))?.snapshot?.slice();
  }

  async putMeta(key: string, bytes: Uint8Array): Promise<void> {
    this.assertOpen();
    V.checkMetaKey(key);
    this.volume.meta.set(key, V.checkBytes(bytes, 'meta bytes'));
  }

  async getMeta(key: string): Promise<Uint8Array | undefined> {
    this.assertOpen();
    V.checkMetaKey(key);
    return this.volume.meta.get(key)?.slice();
  }

  async negotiations(): Promise<NegotiationId[]> {
    this.assertOpen();
    return [...this.volume.negotiations.keys()].sort();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.volume.inUse = false;
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError('closed', 'the store is closed', { path: 'memory' });
  }

  private existing(negotiation: NegotiationId): NegotiationData | undefined {
    this.assertOpen();
    return this.volume.negotiations.get(V.checkNegotiation(negotiation));
  }

  /** The negotiation's data, registering the negotiation on its first write. */
  private data(neg: NegotiationId): NegotiationData {
    let data = this.volume.negotiations.get(neg);
    if (data === undefined) {
      data = { envelopes: new Map(), index: new EnvelopeIndex(), blocks: [], evidence: new Map(), snapshot: undefined, acts: new Map() };
      this.volume.negotiations.set(neg, data);
    }
    return data;
  }
}
