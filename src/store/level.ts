/**
 * The durable store: LevelDB through classic-level.
 *
 * Every write goes through one GroupCommitter: checked against what is stored, then written as one
 * LevelDB batch with `sync: true` (fsync) shared with the other writes queued meanwhile. A call
 * resolves only after its batch is durable. Every value carries a CRC-32 (checksum.ts) verified on
 * read. Key layout: keys.ts.
 *
 * Why not y-leveldb: it stores bare Yjs updates per document and merges them as it likes. We must
 * keep each signed envelope byte for byte under (author, seq), because the signature is the record
 * (a peer catching up receives the original envelopes, and a dossier proves who wrote what), and the
 * ledger, evidence and metadata are not Yjs data at all. The compacted Yjs state we do need is one
 * opaque snapshot per negotiation (snapshot.ts).
 */
import { ClassicLevel } from 'classic-level';
import { equalBytes, toHex } from '../core/bytes.js';
import { sha256 } from '../core/hash.js';
import type { NegotiationId, PartyId } from '../core/identity.js';
import { openValue, sealValue } from './checksum.js';
import { forksOf } from './act-forks.js';
import type { ActFork, ActRecord, BlockRecord, EnvelopeRecord, PlenaryStore } from './contract.js';
import { EnvelopeIndex } from './envelope-index.js';
import { StoreError, actConflictError, conflictError } from './errors.js';
import { GroupCommitter, type GroupCommitStats, type WriteTx } from './group-commit.js';
import { checkIntegrity, type IntegrityReport } from './integrity.js';
import * as K from './keys.js';
import { guarded, mapLevelError } from './level-errors.js';
import { refuseIfDamaged } from './level-recovery.js';
import * as V from './validate.js';

export const STORE_FORMAT_VERSION = 1;

export interface LevelStoreOptions {
  /** Scan every record at open (checksums, key layout, block heights contiguous): slower, thorough. */
  readonly verify?: boolean;
  /** Merge writes queued during a sync into one batch (default true; false only to measure). */
  readonly groupCommit?: boolean;
  /** Told when a batch goes to LevelDB and when it is durable: for metrics, and for the crash test's timing. */
  readonly onBatch?: (event: BatchEvent) => void;
}

export interface BatchEvent {
  readonly phase: 'writing' | 'durable';
  readonly records: number;
  readonly bytes: number;
}

type Db = ClassicLevel<Uint8Array, Uint8Array>;

interface NegotiationState {
  readonly index: EnvelopeIndex;
  tip: number | undefined;
}

const EMPTY = new Uint8Array(0);

/** Opens (creating if missing) the store in `dir`. Fails with StoreError 'corrupt', 'locked', 'unsupported-version' or 'io'. */
export async function openLevelStore(dir: string, options: LevelStoreOptions = {}): Promise<LevelStore> {
  const db: Db = new ClassicLevel<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view' });
  await guarded(dir, () => db.open());
  try {
    await refuseIfDamaged(db, dir);
    await checkFormat(db, dir);
    const known = new Set<NegotiationId>();
    for (const key of await guarded(dir, () => db.keys(K.negotiationRange()).all())) {
      const parsed = K.parseKey(key);
      if (parsed?.kind !== 'negotiation') throw new StoreError('corrupt', 'malformed negotiation registry key', { path: dir });
      known.add(parsed.neg);
    }
    if (options.verify === true) await checkIntegrity(db, dir, known);
    return new LevelStore(db, dir, known, options);
  } catch (e) {
    await db.close().catch(() => undefined); // release the lock; the original error is the one to report
    throw mapLevelError(e, dir);
  }
}

async function checkFormat(db: Db, path: string): Promise<void> {
  const key = K.formatKey();
  const stored = await guarded(path, () => db.get(key));
  if (stored === undefined) {
    const anything = await guarded(path, () => db.keys({ limit: 1 }).all());
    if (anything.length > 0) throw new StoreError('corrupt', 'records without a format marker: not a Plenary store, or damaged', { path });
    const version = new DataView(new ArrayBuffer(4));
    version.setUint32(0, STORE_FORMAT_VERSION);
    await guarded(path, () => db.put(key, sealValue(key, new Uint8Array(version.buffer)), { sync: true }));
    return;
  }
  const value = openValue(key, stored, path);
  const version = value.length === 4 ? new DataView(value.buffer, value.byteOffset).getUint32(0) : -1;
  if (version > STORE_FORMAT_VERSION) {
    throw new StoreError('unsupported-version', `store format ${version} is newer than this version of Plenary (${STORE_FORMAT_VERSION})`, { path });
  }
  if (version !== STORE_FORMAT_VERSION) throw new StoreError('corrupt', 'malformed format marker', { path });
}

export class LevelStore implements PlenaryStore {
  private readonly writer: GroupCommitter;
  private readonly states = new Map<NegotiationId, Promise<NegotiationState>>();
  private closing: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    readonly path: string,
    private readonly known: Set<NegotiationId>,
    options: LevelStoreOptions,
  ) {
    const writeBatch = async (puts: ReadonlyArray<readonly [Uint8Array, Uint8Array]>): Promise<void> => {
      const operations = puts.map(([key, value]) => ({ type: 'put' as const, key, value: sealValue(key, value) }));
      const event = { records: operations.length, bytes: operations.reduce((n, op) => n + op.key.length + op.value.length, 0) };
      options.onBatch?.({ phase: 'writing', ...event });
      await guarded(path, () => db.batch(operations, { sync: true }));
      options.onBatch?.({ phase: 'durable', ...event });
    };
    this.writer = new GroupCommitter({ read: (key) => this.read(key), writeBatch }, { group: options.groupCommit ?? true });
  }

  async appendEnvelopes(negotiation: NegotiationId, records: readonly EnvelopeRecord[]): Promise<void> {
    this.assertOpen();
    const neg = V.checkNegotiation(negotiation);
    const checked = V.checkEnvelopeRecords(records);
    if (checked.length === 0) return;
    await this.writer.submit(async (tx) => {
      const { index } = await this.state(neg);
      const fresh: EnvelopeRecord[] = [];
      const conflicts: Array<{ author: PartyId; seq: number }> = [];
      for (const record of checked) {
        const key = K.envelopeKey(neg, record.author, record.seq);
        const existing = index.has(record.author, record.seq) ? await tx.get(key) : tx.staged(key);
        if (existing === undefined) {
          fresh.push(record);
          tx.put(key, record.bytes);
        } else if (!equalBytes(existing, record.bytes)) {
          conflicts.push({ author: record.author, seq: record.seq });
        }
      }
      if (conflicts.length > 0) {
        throw conflictError(conflicts);
      }
      this.register(tx, neg);
      tx.afterCommit(() => fresh.forEach((r) => index.add(r.author, r.seq)));
    });
  }

  async envelopes(negotiation: NegotiationId, author: PartyId, fromSeq = 1, limit?: number): Promise<EnvelopeRecord[]> {
    this.assertOpen();
    const neg = V.checkNegotiation(negotiation);
    V.checkAuthor(author);
    const range = K.envelopeRange(neg, author, V.checkSeq(fromSeq, 'fromSeq'));
    const entries = await this.range(range, V.checkLimit(limit));
    return entries.map(([key, bytes]) => {
      const parsed = K.parseKey(key);
      if (parsed?.kind !== 'envelope' || parsed.author !== author) throw this.corrupt('envelope key out of place');
      return { author, seq: parsed.seq, bytes };
    });
  }

  async frontier(negotiation: NegotiationId): Promise<Map<PartyId, number>> {
    const state = await this.existingState(negotiation);
    return state?.index.frontier() ?? new Map();
  }

  async authors(negotiation: NegotiationId): Promise<PartyId[]> {
    const state = await this.existingState(negotiation);
    return state?.index.authors() ?? [];
  }

  async countEnvelopes(negotiation: NegotiationId): Promise<number> {
    const state = await this.existingState(negotiation);
    return state?.index.count() ?? 0;
  }

  async appendBlock(negotiation: NegotiationId, height: number, bytes: Uint8Array): Promise<void> {
    this.assertOpen();
    const neg = V.checkNegotiation(negotiation);
    V.checkHeight(height);
    const value = V.checkBytes(bytes, 'block bytes');
    await this.writer.submit(async (tx) => {
      const state = await this.state(neg);
      let tip = state.tip ?? -1;
      while (tx.staged(K.blockKey(neg, tip + 1)) !== undefined) tip++; // blocks queued earlier in this group
      const key = K.blockKey(neg, height);
      if (height > tip + 1) {
        throw new StoreError('out-of-order', `block ${height} does not follow the tip (${tip < 0 ? 'no genesis yet' : tip})`);
      }
      if (height <= tip) {
        const existing = await tx.get(key);
        if (existing === undefined) throw this.corrupt(`block ${height} missing below the tip ${tip}`);
        if (!equalBytes(existing, value)) {
          throw new StoreError('conflict', `a different block is stored at height ${height}`, { conflicts: [{ height }] });
        }
        return;
      }
      tx.put(key, value);
      this.register(tx, neg);
      tx.afterCommit(() => {
        state.tip = Math.max(state.tip ?? -1, height);
      });
    });
  }

  async blocks(negotiation: NegotiationId, fromHeight = 0, limit?: number): Promise<BlockRecord[]> {
    this.assertOpen();
    const neg = V.checkNegotiation(negotiation);
    const entries = await this.range(K.blockRange(neg, V.checkHeight(fromHeight, 'fromHeight')), V.checkLimit(limit));
    return entries.map(([key, bytes]) => {
      const parsed = K.parseKey(key);
      if (parsed?.kind !== 'block') throw this.corrupt('block key out of place');
      return { height: parsed.height, bytes };
    });
  }

  async tip(negotiation: NegotiationId): Promise<number | undefined> {
    return (await this.existingState(negotiation))?.tip;
  }

  async addEvidence(negotiation: NegotiationId, bytes: Uint8Array): Promise<boolean> {
    this.assertOpen();
    const neg = V.checkNegotiation(negotiation);
    const value = V.checkBytes(bytes, 'evidence bytes');
    const key = K.evidenceKey(neg, sha256(value));
    return this.writer.submit(async (tx) => {
      const existing = await tx.get(key);
      if (existing !== undefined) {
        if (!equalBytes(existing, value)) throw this.corrupt('stored evidence does not match its hash');
        return false;
      }
      tx.put(key, value);
      this.register(tx, neg);
      return true;
    });
  }

  async evidence(negotiation: NegotiationId): Promise<Uint8Array[]> {
    this.assertOpen();
    const neg = V.checkNegotiation(negotiation);
    return (await this.range(K.evidenceRange(neg), Number.POSITIVE_INFINITY)).map(([, bytes]) => bytes);
  }

  async appendActs(negotiation: NegotiationId, records: readonly ActRecord[]): Promise<number> {
    this.assertOpen();
    const neg = V.checkNegotiation(negotiation);
    const checked = V.checkActRecords(records);
    if (checked.length === 0) return 0;
    return this.writer.submit(async (tx) => {
      let fresh = 0;
      const conflicts: Array<{ party: PartyId; seq: number; act: string }> = [];
      for (const record of checked) {
        const key = K.actKey(neg, record.party, record.seq, record.hash);
        const existing = await tx.get(key);
        if (existing === undefined) {
          fresh++;
          tx.put(key, record.bytes);
        } else if (!equalBytes(existing, record.bytes)) {
          conflicts.push({ party: record.party, seq: record.seq, act: toHex(record.hash) });
        }
      }
      if (conflicts.length > 0) throw actConflictError(conflicts);
      if (fresh > 0) this.register(tx, neg);
      return fresh;
    });
  }

  async acts(negotiation: NegotiationId, party?: PartyId, fromSeq = 0, limit?: number): Promise<ActRecord[]> {
    this.assertOpen();
    const neg = V.checkNegotiation(negotiation);
    const from = V.checkActSeq(fromSeq, 'fromSeq');
    const range = party === undefined ? K.allActsRange(neg) : K.actRange(neg, V.checkAuthor(party), from);
    const entries = await this.range(range, V.checkLimit(limit));
    return entries.map(([key, bytes]) => {
      const parsed = K.parseKey(key);
      if (parsed?.kind !== 'act' || parsed.neg !== neg || (party !== undefined && parsed.party !== party)) throw this.corrupt('act key out of place');
      return { party: parsed.party, seq: parsed.seq, hash: new Uint8Array(parsed.hash), bytes };
    });
  }

  async actForks(negotiation: NegotiationId): Promise<ActFork[]> {
    return forksOf(await this.acts(negotiation));
  }

  async putSnapshot(negotiation: NegotiationId, bytes: Uint8Array): Promise<void> {
    this.assertOpen();
    const neg = V.checkNegotiation(negotiation);
    const value = V.checkBytes(bytes, 'snapshot bytes');
    await this.writer.submit(async (tx) => {
      tx.put(K.snapshotKey(neg), value);
      this.register(tx, neg);
    });
  }

  async getSnapshot(negotiation: NegotiationId): Promise<Uint8Array | undefined> {
    this.assertOpen();
    return this.read(K.snapshotKey(V.checkNegotiation(negotiation)));
  }

  async putMeta(key: string, bytes: Uint8Array): Promise<void> {
    this.assertOpen();
    const dbKey = K.metaKey(V.checkMetaKey(key));
    const value = V.checkBytes(bytes, 'meta bytes');
    await this.writer.submit(async (tx) => tx.put(dbKey, value));
  }

  async getMeta(key: string): Promise<Uint8Array | undefined> {
    this.assertOpen();
    return this.read(K.metaKey(V.checkMetaKey(key)));
  }

  async negotiations(): Promise<NegotiationId[]> {
    this.assertOpen();
    return [...this.known].sort();
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.writer.idle();
      await guarded(this.path, () => this.db.close());
    })();
    return this.closing;
  }

  /** Reads every record and checks it (see integrity.ts); StoreError('corrupt') on the first problem. */
  async verify(): Promise<IntegrityReport> {
    this.assertOpen();
    await this.writer.idle();
    return checkIntegrity(this.db, this.path, this.known);
  }

  /** Jobs and synced batches so far: how much group commit merged. */
  stats(): GroupCommitStats {
    return this.writer.stats();
  }

  private assertOpen(): void {
    if (this.closing !== undefined) throw new StoreError('closed', 'the store is closed', { path: this.path });
  }

  private register(tx: WriteTx, neg: NegotiationId): void {
    if (this.known.has(neg)) return;
    tx.put(K.negotiationKey(neg), EMPTY);
    tx.afterCommit(() => this.known.add(neg));
  }

  private async read(key: Uint8Array): Promise<Uint8Array | undefined> {
    const stored = await guarded(this.path, () => this.db.get(key));
    return stored === undefined ? undefined : openValue(key, stored, this.path);
  }

  private async range(range: K.KeyRange, limit: number): Promise<Array<[Uint8Array, Uint8Array]>> {
    const entries = await guarded(this.path, () =>
      this.db.iterator({ gte: range.gte, lt: range.lt, limit: Number.isFinite(limit) ? limit : -1 }).all(),
    );
    return entries.map(([key, stored]) => [key, openValue(key, stored, this.path)]);
  }

  /** The state of a negotiation this store holds, or undefined (without caching anything) if none. */
  private async existingState(negotiation: NegotiationId): Promise<NegotiationState | undefined> {
    this.assertOpen();
    const neg = V.checkNegotiation(negotiation);
    return this.known.has(neg) ? this.state(neg) : undefined;
  }

  /**
   * Loaded once per negotiation, from the keys. Safe against concurrent writes: a write to `neg`
   * loads the state before it stages anything, so no write to `neg` commits during the load.
   */
  private state(neg: NegotiationId): Promise<NegotiationState> {
    let state = this.states.get(neg);
    if (state === undefined) {
      state = this.loadState(neg);
      this.states.set(neg, state);
      state.catch(() => this.states.delete(neg)); // a failed load (e.g. corrupt) is retried next time
    }
    return state;
  }

  private async loadState(neg: NegotiationId): Promise<NegotiationState> {
    const index = new EnvelopeIndex();
    await this.eachKey(K.allEnvelopesRange(neg), (key) => {
      const parsed = K.parseKey(key);
      if (parsed?.kind !== 'envelope') throw this.corrupt('malformed envelope key');
      index.add(parsed.author, parsed.seq);
    });
    // The ledger must be contiguous from the genesis: a hole means a block was lost.
    let blocks = 0;
    await this.eachKey(K.blockRange(neg), (key) => {
      const parsed = K.parseKey(key);
      if (parsed?.kind !== 'block') throw this.corrupt('malformed block key');
      if (parsed.height !== blocks) throw this.corrupt(`ledger of ${neg} is missing block ${blocks}`);
      blocks++;
    });
    return { index, tip: blocks === 0 ? undefined : blocks - 1 };
  }

  private async eachKey(range: K.KeyRange, visit: (key: Uint8Array) => void): Promise<void> {
    await guarded(this.path, async () => {
      const keys = this.db.keys({ gte: range.gte, lt: range.lt });
      try {
        for (let batch = await keys.nextv(1000); batch.length > 0; batch = await keys.nextv(1000)) batch.forEach(visit);
      } finally {
        await keys.close();
      }
    });
  }

  private corrupt(why: string): StoreError {
    return new StoreError('corrupt', why, { path: this.path });
  }
}
