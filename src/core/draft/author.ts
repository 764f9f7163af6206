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
 * With `coalesce`, updates gather until flush() (the node calls it ~30 ms after the first
 * keystroke). A flush seals each maximal run of consecutive updates under one clientID into one
 * envelope, in order, so no envelope depends on a later one of the same author.
 */
import * as Y from 'yjs';
import type { Signer } from '../identity.js';
import { err, ok, type Result } from '../result.js';
import { MAX_UPDATE_BYTES, mergeEnvelopeUpdates, sealEnvelope, type Envelope } from './envelope.js';
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

interface Run {
  readonly clientId: number;
  readonly updates: Uint8Array[];
}

export class DraftAuthor {
  /** The clientID the replica's own document writes under. */
  readonly clientId: number;
  private readonly epochs = new Map<number, number>(); // clientId -> epoch
  private runs: Run[] = [];
  private broken: string | null = null;
  private readonly listener: (update: Uint8Array, origin: unknown, doc: Y.Doc, transaction: Y.Transaction) => void;

  private constructor(
    private readonly replica: DraftReplica,
    private readonly signer: Signer,
    epoch: number,
    clientId: number,
    private readonly options: DraftAuthorOptions,
  ) {
    this.clientId = clientId;
    this.epochs.set(clientId, epoch);
    this.listener = (update, origin, _doc, transaction) => {
      if (origin === this.replica.origin) return;
      this.collect(update, transaction);
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
    replica.doc.on('update', author.listener);
    return ok(author);
  }

  /** Another session of this delegation on this node (the UI's Y.Doc): returns its clientID. */
  addEpoch(epoch: number): Result<number, string> {
    const bound = this.replica.bindLocalAuthor(this.signer.party, epoch);
    if (!bound.ok) return err(bound.error);
    if (!this.epochs.has(bound.value)) this.epochs.set(bound.value, epoch);
    return ok(bound.value);
  }

  /** Updates waiting for flush(). */
  get pendingCount(): number {
    return this.runs.reduce((n, run) => n + run.updates.length, 0);
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
      for (const group of underLimit(run.updates)) {
        const update = mergeEnvelopeUpdates(group);
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
    this.replica.doc.off('update', this.listener);
  }

  private collect(update: Uint8Array, transaction: Y.Transaction): void {
    // Yjs gives a document a new random clientID when a non-local transaction writes under its
    // current one: another Y.Doc wrote under ours, so clocks may have been used twice.
    if (this.replica.doc.clientID !== this.clientId) {
      this.broken ??= `another document wrote under clientID ${this.clientId}`;
      return;
    }
    // The clients that gained structs in this transaction are the ones the update writes under.
    const clients: number[] = [];
    for (const [client, clock] of transaction.afterState) {
      if ((transaction.beforeState.get(client) ?? 0) !== clock) clients.push(client);
    }
    if (clients.length > 1) {
      this.broken ??= `a local update writes under ${clients.length} clientIDs`;
      return;
    }
    // An update that only deletes can travel under any of our clientIDs: join the last run.
    const clientId = clients[0] ?? this.runs[this.runs.length - 1]?.clientId ?? this.clientId;
    const last = this.runs[this.runs.length - 1];
    if (last !== undefined && last.clientId === clientId) last.updates.push(update);
    else this.runs.push({ clientId, updates: [update] });
  }

  /** Breaks the session; what was sealed before the failure stays recorded and handed out. */
  private fail(message: string): Result<never, string> {
    this.broken = message;
    return err(message);
  }
}

/** Consecutive updates in groups whose merge stays within an envelope (merging never grows much). */
function underLimit(updates: readonly Uint8Array[]): Uint8Array[][] {
  const budget = MAX_UPDATE_BYTES / 2;
  const groups: Uint8Array[][] = [];
  let current: Uint8Array[] = [];
  let size = 0;
  for (const update of updates) {
    if (current.length > 0 && size + update.length > budget) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(update);
    size += update.length;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
