/**
 * Local authoring: turns this delegation's edits of the replica's document into sealed
 * envelopes with increasing seq. Each session writes under deriveClientId(author, epoch); the
 * node picks a fresh epoch per session/device and persists it, so no two sessions share one.
 *
 * Every transaction on the document that the replica did not make is this delegation's edit:
 * schema operations on the document itself (under the document's clientID), or updates from the
 * UI's own Y.Doc, applied by the node, which must write under a clientID of its own, obtained
 * from addEpoch() (two Y.Docs writing under one clientID would reuse clocks).
 *
 * With `coalesce`, edits gather until flush() (the node calls it ~30 ms after the first
 * keystroke). A flush seals each maximal run of consecutive transactions under one clientID into
 * one envelope, in order, so no envelope depends on a later one of the same author.
 *
 * A run is recorded as its clientID's clock range and its transactions' delete sets, and its
 * update is encoded from the document at flush (local-update.ts): listening to 'update' would
 * make Yjs encode an update for every keystroke, and merging them cost more than the rest of
 * the path (bench/trace.ts).
 */
import * as Y from 'yjs';
import type { Signer } from '../identity.js';
import { err, ok, type Result } from '../result.js';
import { MAX_UPDATE_BYTES, sealEnvelope, type Envelope } from './envelope.js';
import { encodeLocalUpdate } from './local-update.js';
import type { DraftReplica } from './replica.js';
import { analyzeUpdate } from './update-analysis.js';

export interface DraftAuthorOptions {
  /** Gather updates until flush(); otherwise every transaction is sealed at once. */
  readonly coalesce?: boolean;
  /** Each sealed envelope, in seq order: store it, then publish it. */
  readonly onEnvelope?: (envelope: Envelope) => void;
  /** A local update that cannot be sealed (see flush). */
  readonly onError?: (message: string) => void;
}

type DeleteSet = Y.Transaction['deleteSet'];

/** Consecutive local transactions under one clientID. */
interface Run {
  readonly clientId: number;
  /** The client's clock before the run. */
  readonly from: number;
  /** The client's clock after each transaction. */
  readonly ends: number[];
  /** Each transaction's deletions, null if it deleted nothing. */
  readonly deletes: Array<DeleteSet | null>;
}

/** A run is cut into envelopes of at most this many bytes, except for one transaction alone. */
const SPLIT_BYTES = MAX_UPDATE_BYTES / 2;

export class DraftAuthor {
  /** The clientID the replica's own document writes under. */
  readonly clientId: number;
  private readonly epochs = new Map<number, number>(); // clientId -> epoch
  private runs: Run[] = [];
  private broken: string | null = null;
  private readonly listener: (transaction: Y.Transaction) => void;

  private constructor(
    private readonly replica: DraftReplica,
    private readonly signer: Signer,
    epoch: number,
    clientId: number,
    private readonly options: DraftAuthorOptions,
  ) {
    this.clientId = clientId;
    this.epochs.set(clientId, epoch);
    // After cleanup, where Yjs would emit 'update': the transaction's structs are merged.
    this.listener = (transaction) => {
      if (transaction.origin === this.replica.origin) return;
      this.collect(transaction);
      if (this.options.coalesce !== true) {
        const result = this.flush();
        if (!result.ok) this.options.onError?.(result.error);
      }
    };
  }

  /** Attaches to the replica's document, which from now on writes under the derived clientId. */
  static attach(replica: DraftReplica, signer: Signer, epoch: number, options: DraftAuthorOptions = {}): Result<DraftAuthor, string> {
    const bound = replica.bindLocalAuthor(signer.party, epoch);
    if (!bound.ok) return err(bound.error);
    const author = new DraftAuthor(replica, signer, epoch, bound.value, options);
    replica.doc.clientID = bound.value;
    replica.doc.on('afterTransactionCleanup', author.listener);
    return ok(author);
  }

  /** Another session of this delegation on this node (the UI's Y.Doc): returns its clientID. */
  addEpoch(epoch: number): Result<number, string> {
    const bound = this.replica.bindLocalAuthor(this.signer.party, epoch);
    if (!bound.ok) return err(bound.error);
    if (!this.epochs.has(bound.value)) this.epochs.set(bound.value, epoch);
    return ok(bound.value);
  }

  /** Transactions waiting for flush(). */
  get pendingCount(): number {
    return this.runs.reduce((n, run) => n + run.ends.length, 0);
  }

  /**
   * Seals what is pending, one envelope per run (empty if nothing is pending). Refuses, from
   * then on, an update other replicas would reject (under a clientID not this delegation's, or
   * content a treaty never holds): the document already holds it, so this session cannot go
   * on; start a new epoch on a fresh replica.
   */
  flush(): Result<Envelope[], string> {
    if (this.broken !== null) return err(this.broken);
    const runs = this.runs;
    this.runs = [];
    const sealed: Envelope[] = [];
    for (const run of runs) {
      const epoch = this.epochs.get(run.clientId);
      if (epoch === undefined) return this.fail(`an edit under clientID ${run.clientId}, which is not this delegation's`);
      let updates: Uint8Array[];
      try {
        updates = this.encode(run);
      } catch (e) {
        return this.fail(`a local edit cannot be encoded: ${e instanceof Error ? e.message : String(e)}`);
      }
      for (const update of updates) {
        if (update.length > MAX_UPDATE_BYTES) return this.fail(`a local edit of ${update.length} bytes exceeds the ${MAX_UPDATE_BYTES}-byte envelope limit`);
        const analysis = analyzeUpdate(update, run.clientId);
        if (!analysis.ok) return this.fail(`a local edit cannot be sealed: ${analysis.error.reason}: ${analysis.error.detail}`);
        const envelope = sealEnvelope(this.signer, {
          negotiation: this.replica.negotiation,
          author: this.signer.party,
          seq: this.replica.frontierOf(this.signer.party) + 1,
          epoch,
          clientId: run.clientId,
          update,
        });
        const recorded = this.replica.recordLocal(envelope);
        if (!recorded.ok) return this.fail(recorded.error);
        sealed.push(envelope);
        this.options.onEnvelope?.(envelope);
      }
    }
    return ok(sealed);
  }

  /** Stops listening; pending updates are dropped (flush first). */
  detach(): void {
    this.replica.doc.off('afterTransactionCleanup', this.listener);
  }

  private collect(transaction: Y.Transaction): void {
    // Yjs gives a document a new random clientID when a non-local transaction writes under its
    // current one: another Y.Doc wrote under ours, so clocks may have been used twice.
    if (this.replica.doc.clientID !== this.clientId) {
      this.broken ??= `another document wrote under clientID ${this.clientId}`;
      return;
    }
    // Encoding at flush reads items as their transactions wrote them: garbage collection would
    // have replaced deleted content (the replica's document never collects).
    if (this.replica.doc.gc) {
      this.broken ??= 'the document garbage-collects deleted content';
      return;
    }
    // The clients that gained structs in this transaction are the ones its update writes under.
    const clients: number[] = [];
    for (const [client, clock] of transaction.afterState) {
      if ((transaction.beforeState.get(client) ?? 0) !== clock) clients.push(client);
    }
    if (clients.length > 1) {
      this.broken ??= `a local update writes under ${clients.length} clientIDs`;
      return;
    }
    const deleted = transaction.deleteSet.clients.size > 0 ? transaction.deleteSet : null;
    if (clients.length === 0 && deleted === null) return; // Yjs would emit no update
    const last = this.runs[this.runs.length - 1];
    // An update that only deletes can travel under any of our clientIDs: join the last run.
    const clientId = clients[0] ?? last?.clientId ?? this.clientId;
    const before = transaction.beforeState.get(clientId) ?? 0;
    const after = transaction.afterState.get(clientId) ?? 0;
    if (last !== undefined && last.clientId === clientId) {
      // Only this run writes under its client, so its clocks follow on.
      if (before !== last.ends[last.ends.length - 1]) {
        this.broken ??= `clientID ${clientId} moved from clock ${last.ends[last.ends.length - 1]} to ${before} between local edits`;
        return;
      }
      last.ends.push(after);
      last.deletes.push(deleted);
    } else {
      this.runs.push({ clientId, from: before, ends: [after], deletes: [deleted] });
    }
  }

  /** The run's updates: all of it, or cut between transactions into pieces of SPLIT_BYTES. */
  private encode(run: Run): Uint8Array[] {
    const slice = (start: number, end: number): Uint8Array =>
      encodeLocalUpdate(this.replica.doc, {
        client: run.clientId,
        from: start === 0 ? run.from : run.ends[start - 1]!,
        to: run.ends[end - 1]!,
        deletes: run.deletes.slice(start, end).filter((ds): ds is DeleteSet => ds !== null),
      });
    const count = run.ends.length;
    const updates: Uint8Array[] = [];
    let start = 0;
    while (start < count) {
      const whole = slice(start, count);
      if (whole.length <= SPLIT_BYTES) {
        updates.push(whole);
        break;
      }
      // The longest prefix within the limit (at least one transaction), by bisection: rare.
      let fit = start + 1;
      let piece = slice(start, fit);
      let high = count - 1;
      while (piece.length <= SPLIT_BYTES && fit < high) {
        const mid = Math.ceil((fit + high) / 2);
        const candidate = slice(start, mid);
        if (candidate.length <= SPLIT_BYTES) {
          fit = mid;
          piece = candidate;
        } else {
          high = mid - 1;
        }
      }
      updates.push(piece);
      start = fit;
    }
    return updates;
  }

  /** Breaks the session; what was sealed before the failure stays recorded and handed out. */
  private fail(message: string): Result<never, string> {
    this.broken = message;
    return err(message);
  }
}
