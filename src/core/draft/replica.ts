/**
 * The accepting replica: one Y.Doc for one negotiation, fed signed envelopes in any order, with
 * duplicates and gaps, deciding for each exactly what every other replica decides for it.
 *
 * Order of checks, cheapest and most basic first, and nothing decoded from the update before
 * the signature and the author's membership are verified:
 *   1. decode the envelope (malformed), its negotiation (wrong-negotiation), its author in the
 *      roster (unknown-author), the signature (bad-signature);
 *   2. its seq against the author's settled prefix: at or below it, a replay (duplicate) or a
 *      second envelope under one seq (conflicting-seq, both kept as evidence); above the next, held
 *      until the predecessors come (gap);
 *   3. at its turn (seq = settled + 1): the clientId must be derived from (author, epoch)
 *      (client-id-mismatch), the update must pass update-analysis.ts (invalid-update,
 *      foreign-client), its first clock must continue the client's state, every item and delete
 *      range it references from other clients must be in the document, else it is held
 *      (missing-dependency), and each item's placement must be sound (placement.ts).
 * Rejections at step 3 depend only on the envelope and its author's earlier envelopes, so every
 * replica makes them alike: the seq is *spent* (settled without effect, or, if an unsound item is
 * found midway, with the effect of the items before it) and the author's stream continues.
 * Store and forward spent envelopes like applied ones: they are part of the signed record.
 *
 * The one order-dependent rule is `client-id-conflict` (two authors whose derived clientIds
 * collide, 53-bit hashes: only by grinding epochs); it is rejected without spending and kept as
 * evidence.
 */
import * as Y from 'yjs';
import { DecodeError, equalBytes } from '../bytes.js';
import { SIGNATURE_BYTES, type NegotiationId, type PartyId, type PartyRoster, type SignatureScheme } from '../identity.js';
import { err, ok, type Result } from '../result.js';
import { AuthorLog, sameContent } from './author-log.js';
import { CausalClosures } from './causal-closure.js';
import {
  ENVELOPE_OVERHEAD,
  MAX_ENVELOPE_BYTES,
  decodeEnvelopeParts,
  deriveClientId,
  envelopeSigningBytes,
  type Envelope,
} from './envelope.js';
import { DEFAULT_HELD_LIMITS, HeldEnvelopes, type Eviction, type HeldEnvelope } from './held.js';
import { integrateUpdate } from './integrate.js';
import type {
  AcceptOutcome,
  Conflict,
  Missing,
  RejectReason,
  ReplicaCheckpoint,
  ReplicaOptions,
  Settlement,
  SpendReason,
} from './replica-types.js';
import { analyzeUpdate, type UpdateAnalysis } from './update-analysis.js';

export type * from './replica-types.js';

/** What became of a local session's update (applyLocalUpdate). */
export type LocalUpdateOutcome =
  | { readonly kind: 'applied' }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'out-of-sync'; readonly detail: string }
  | { readonly kind: 'refused'; readonly reason: 'invalid-update' | 'foreign-client'; readonly detail: string };

const MAX_LOG = 1024;

type Verdict =
  | { kind: 'applied' }
  | { kind: 'spent'; reason: SpendReason; detail: string }
  | { kind: 'waiting'; client: number; clock: number; analysis: UpdateAnalysis }
  | { kind: 'conflict'; boundTo: PartyId };

export class DraftReplica {
  /** Transactions this replica makes carry this origin; everything else on the doc is local. */
  readonly origin: symbol = Symbol('plenary/draft-replica');
  readonly doc: Y.Doc;
  private readonly scheme: SignatureScheme;
  private readonly keepRecent: number;
  private readonly logs = new Map<PartyId, AuthorLog>();
  private readonly held: HeldEnvelopes;
  private readonly waiters = new Map<number, Set<PartyId>>();
  private readonly clientAuthors = new Map<number, PartyId>();
  private readonly derived = new Map<PartyId, { epoch: number; clientId: number }>();
  private readonly closures: CausalClosures;
  private readonly conflictLog: Conflict[] = [];
  private readonly conflictKeys = new Set<string>();
  private readonly evictionLog: Eviction[] = [];
  private readonly faultLog: string[] = [];
  private readonly onEviction: ((eviction: Eviction) => void) | undefined;

  constructor(
    readonly negotiation: NegotiationId,
    private readonly roster: PartyRoster,
    options: ReplicaOptions,
  ) {
    // No garbage collection: a deleted item keeps its place and references, so causal closures
    // and placements are computed from the same items on every replica.
    this.doc = new Y.Doc({ gc: false });
    this.scheme = options.scheme;
    this.keepRecent = options.keepRecent ?? 64;
    this.onEviction = options.onEviction;
    this.held = new HeldEnvelopes({ ...DEFAULT_HELD_LIMITS, ...options.limits }, (author) => this.logs.get(author)?.settled ?? 0);
    this.closures = new CausalClosures(this.doc.store);
    // Yjs tidies formatting marks after a remote change with a *local* transaction of its own;
    // a replica's state must be a function of accepted envelopes alone, so not here.
    this.doc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (transaction.origin === this.origin) transaction._needFormattingCleanup = false;
    });
  }

  /** A replica resumed from a checkpoint (the store's snapshot); replay envelopes after its frontier. */
  static restore(
    negotiation: NegotiationId,
    roster: PartyRoster,
    checkpoint: ReplicaCheckpoint,
    options: ReplicaOptions,
  ): Result<DraftReplica, string> {
    const replica = new DraftReplica(negotiation, roster, options);
    try {
      Y.applyUpdate(replica.doc, checkpoint.yjsState, replica.origin);
    } catch (e) {
      return err(`checkpoint: Yjs state does not decode: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (replica.doc.store.pendingStructs !== null || replica.doc.store.pendingDs !== null) {
      return err('checkpoint: Yjs state is incomplete (pending structs or deletes)');
    }
    for (const [author, seq] of checkpoint.frontier) replica.log(author).restoreTo(seq);
    for (const [clientId, author] of checkpoint.bindings) replica.clientAuthors.set(clientId, author);
    return ok(replica);
  }

  /**
   * Accepts one envelope, given decoded or as received bytes. Never throws on any input; it
   * throws only if called from inside a transaction on this document (say, from an observer),
   * where its changes would join that transaction and pass for local edits.
   */
  acceptEnvelope(input: Envelope | Uint8Array): AcceptOutcome {
    if (this.doc._transaction !== null) throw new Error('acceptEnvelope inside a transaction on the replica\'s document');
    let envelope: Envelope;
    let signed: Uint8Array;
    if (input instanceof Uint8Array) {
      if (input.length > MAX_ENVELOPE_BYTES) return rejected('malformed', `${input.length} bytes exceeds ${MAX_ENVELOPE_BYTES}`);
      try {
        ({ envelope, signed } = decodeEnvelopeParts(input));
      } catch (e) {
        return rejected('malformed', e instanceof DecodeError ? e.message : String(e));
      }
    } else {
      try {
        envelope = input;
        signed = envelopeSigningBytes(input);
      } catch (e) {
        return rejected('malformed', e instanceof Error ? e.message : String(e));
      }
      if (!(envelope.signature instanceof Uint8Array) || envelope.signature.length !== SIGNATURE_BYTES) {
        return rejected('malformed', 'signature must be 64 bytes');
      }
    }
    if (envelope.negotiation !== this.negotiation) return rejected('wrong-negotiation', `for negotiation ${envelope.negotiation}`);
    const publicKey = this.roster.publicKeyOf(envelope.author);
    if (publicKey === undefined) return rejected('unknown-author', `${envelope.author} is not a party`);
    if (!this.scheme.verify(envelope.signature, signed, publicKey)) {
      return rejected('bad-signature', `not signed by ${envelope.author}`);
    }
    const log = this.log(envelope.author);

    if (envelope.seq <= log.settled) {
      const same = log.compare(envelope);
      if (same !== 'different') return { kind: 'duplicate' };
      this.recordConflict({
        kind: 'seq',
        author: envelope.author,
        seq: envelope.seq,
        first: log.recentEnvelope(envelope.seq),
        firstSignature: log.signatureOf(envelope.seq)!,
        second: envelope,
      });
      return rejected('conflicting-seq', `${envelope.author} already settled a different envelope as seq ${envelope.seq}`);
    }
    const already = this.held.get(envelope.author, envelope.seq);
    if (already !== undefined) {
      if (equalBytes(already.envelope.signature, envelope.signature) || sameContent(already.envelope, envelope)) return { kind: 'duplicate' };
      this.recordConflict({
        kind: 'seq',
        author: envelope.author,
        seq: envelope.seq,
        first: already.envelope,
        firstSignature: already.envelope.signature,
        second: envelope,
      });
      return rejected('conflicting-seq', `${envelope.author} already sent a different envelope as seq ${envelope.seq}`);
    }
    if (envelope.seq > log.settled + 1) {
      this.hold(envelope);
      return { kind: 'held', reason: 'gap', detail: `waiting for ${envelope.author} seq ${log.settled + 1}` };
    }

    const verdict = this.judge(envelope, undefined);
    switch (verdict.kind) {
      case 'waiting': {
        const entry = this.hold(envelope);
        if (entry !== null) this.wait(entry, verdict);
        return {
          kind: 'held',
          reason: 'missing-dependency',
          detail: `waiting for client ${verdict.client} to reach clock ${verdict.clock}`,
        };
      }
      case 'conflict':
        return rejected('client-id-conflict', `client ${envelope.clientId} is bound to ${verdict.boundTo}`);
      case 'applied':
      case 'spent': {
        const settled: Settlement[] = [];
        this.settle(log, envelope, verdict, settled);
        if (this.held.size > 0) this.drain(settled);
        const applied = appliedIn(settled);
        if (verdict.kind === 'applied') return { kind: 'applied', applied, settled };
        return { kind: 'rejected', reason: verdict.reason, detail: verdict.detail, spent: true, settled };
      }
    }
  }

  /** Highest settled seq per author (every seq up to it applied or spent). */
  frontier(): Map<PartyId, number> {
    const out = new Map<PartyId, number>();
    for (const [author, log] of this.logs) if (log.settled > 0) out.set(author, log.settled);
    return out;
  }

  frontierOf(author: PartyId): number {
    return this.logs.get(author)?.settled ?? 0;
  }

  /** What held envelopes are waiting for, per author. */
  missing(): Missing[] {
    const out: Missing[] = [];
    for (const author of this.held.authors().sort()) {
      const settled = this.frontierOf(author);
      const next = this.held.get(author, settled + 1);
      if (next === undefined) {
        const first = this.held.seqsOf(author)[0]!;
        out.push({ kind: 'gap', author, fromSeq: settled + 1, toSeq: first - 1 });
      } else if (next.waitingFor !== undefined) {
        const { client, clock } = next.waitingFor;
        out.push({ kind: 'dependency', author, seq: settled + 1, clientId: client, clock, clientAuthor: this.clientAuthors.get(client) ?? null });
      }
    }
    return out;
  }

  /** clientId -> the author whose envelopes write under it (for attribution). */
  bindings(): ReadonlyMap<number, PartyId> {
    return this.clientAuthors;
  }

  conflicts(): readonly Conflict[] {
    return this.conflictLog;
  }

  /** The most recent evictions (also reported through options.onEviction). */
  evictions(): readonly Eviction[] {
    return this.evictionLog;
  }

  /** Internal inconsistencies that should never happen (Yjs throwing, pending structs). */
  faults(): readonly string[] {
    return this.faultLog;
  }

  heldCount(): number {
    return this.held.size;
  }

  checkpoint(): ReplicaCheckpoint {
    return { yjsState: Y.encodeStateAsUpdate(this.doc), frontier: this.frontier(), bindings: new Map(this.clientAuthors) };
  }

  /**
   * A local update from another session of this delegation (a UI's Y.Doc writing under
   * `clientId`), under the checks acceptEnvelope runs on a peer's: its shape (analyzeUpdate),
   * contiguity, dependencies, and each item's placement (placement.ts). What other replicas would
   * refuse is refused here, so the edit sealed from it is one they apply as this one did. An
   * unsound item stops the update there; the sound items before it stay, as on every replica.
   */
  applyLocalUpdate(update: Uint8Array, clientId: number, origin: unknown): LocalUpdateOutcome {
    if (this.doc._transaction !== null) throw new Error('applyLocalUpdate inside a transaction on the replica\'s document');
    const analysis = analyzeUpdate(update, clientId);
    if (!analysis.ok) return { kind: 'refused', reason: analysis.error.reason, detail: analysis.error.detail };
    const { client, firstClock, endClock, needs, deleteUpdate } = analysis.value;
    const store = this.doc.store;
    if (client === null && deleteUpdate === null) return { kind: 'unchanged' };
    if (client !== null) {
      const held = Y.getState(store, client);
      if (firstClock > held) return { kind: 'out-of-sync', detail: `the update starts at clock ${firstClock} of client ${client}, but the replica holds it up to ${held}` };
      if (endClock <= held && deleteUpdate === null) return { kind: 'unchanged' };
      if (firstClock < held) return { kind: 'out-of-sync', detail: `the update restarts client ${client} at clock ${firstClock}, the replica holds it up to ${held}` };
    }
    for (const [other, clock] of needs) {
      if (Y.getState(store, other) < clock) return { kind: 'out-of-sync', detail: `the update depends on client ${other} up to clock ${clock}, which the replica does not hold` };
    }
    const result = integrateUpdate(this.doc, this.closures, analysis.value, origin);
    if (!result.ok) return { kind: 'refused', reason: 'invalid-update', detail: result.detail + (result.integrated > 0 ? ` (its first ${result.integrated} items stay)` : '') };
    return { kind: 'applied' };
  }

  /**
   * For DraftAuthor: the author will write under deriveClientId(author, epoch) in this doc.
   * Fails if another author already holds that clientId.
   */
  bindLocalAuthor(author: PartyId, epoch: number): Result<number, string> {
    const clientId = this.clientIdOf(author, epoch);
    const bound = this.clientAuthors.get(clientId);
    if (bound !== undefined && bound !== author) return err(`client ${clientId} is bound to ${bound}`);
    this.clientAuthors.set(clientId, author);
    return ok(clientId);
  }

  /** For DraftAuthor: records an envelope sealed from this doc's own edits (already in the doc). */
  recordLocal(envelope: Envelope): Result<void, string> {
    const log = this.log(envelope.author);
    if (envelope.seq !== log.settled + 1) return err(`local seq ${envelope.seq} does not follow ${log.settled}`);
    if (envelope.clientId !== this.clientIdOf(envelope.author, envelope.epoch)) return err('local envelope: clientId is not derived');
    log.settle(envelope);
    return ok(undefined);
  }

  private log(author: PartyId): AuthorLog {
    let log = this.logs.get(author);
    if (log === undefined) {
      log = new AuthorLog(author, this.keepRecent);
      this.logs.set(author, log);
    }
    return log;
  }

  private clientIdOf(author: PartyId, epoch: number): number {
    // An author changes epoch once per session: remember the last one per author.
    const last = this.derived.get(author);
    if (last !== undefined && last.epoch === epoch) return last.clientId;
    const clientId = deriveClientId(author, epoch);
    this.derived.set(author, { epoch, clientId });
    return clientId;
  }

  /** Decides an envelope at its turn; applies it if it can. */
  private judge(envelope: Envelope, entry: HeldEnvelope | undefined): Verdict {
    if (envelope.clientId !== this.clientIdOf(envelope.author, envelope.epoch)) {
      return { kind: 'spent', reason: 'client-id-mismatch', detail: `clientId ${envelope.clientId} is not derived from epoch ${envelope.epoch}` };
    }
    let analysis = entry?.analysis;
    if (analysis === undefined) {
      const result = analyzeUpdate(envelope.update, envelope.clientId);
      if (!result.ok) return { kind: 'spent', reason: result.error.reason, detail: result.error.detail };
      analysis = result.value;
    }
    const boundTo = this.clientAuthors.get(envelope.clientId);
    if (boundTo !== undefined && boundTo !== envelope.author) {
      this.recordConflict({ kind: 'client-id', clientId: envelope.clientId, boundTo, envelope });
      return { kind: 'conflict', boundTo };
    }
    const store = this.doc.store;
    if (analysis.client !== null) {
      const state = Y.getState(store, analysis.client);
      if (analysis.firstClock !== state) {
        // Only this author writes under this client and all its earlier envelopes are settled:
        // the gap or overlap is final.
        return { kind: 'spent', reason: 'invalid-update', detail: `starts at clock ${analysis.firstClock}, the client is at ${state}` };
      }
    }
    for (const [client, clock] of analysis.needs) {
      if (Y.getState(store, client) < clock) return { kind: 'waiting', client, clock, analysis };
    }
    const result = integrateUpdate(this.doc, this.closures, analysis, this.origin);
    // Items in the document are attributed to their signer, even those of a half-applied update.
    if ((result.ok || result.integrated > 0) && boundTo === undefined) this.clientAuthors.set(envelope.clientId, envelope.author);
    if (!result.ok) {
      if (result.internal) this.fault(`${envelope.author} seq ${envelope.seq}: ${result.detail}`);
      const partial = result.integrated > 0 ? ` (its first ${result.integrated} items stay)` : '';
      return { kind: 'spent', reason: 'invalid-update', detail: result.detail + partial };
    }
    return { kind: 'applied' };
  }

  private settle(log: AuthorLog, envelope: Envelope, verdict: Verdict, into: Settlement[]): void {
    log.settle(envelope);
    if (verdict.kind === 'applied') into.push({ envelope, result: 'applied' });
    else if (verdict.kind === 'spent') into.push({ envelope, result: 'spent', reason: verdict.reason, detail: verdict.detail });
  }

  /** Applies held envelopes that have become applicable, until none has. */
  private drain(into: Settlement[]): void {
    const queue: PartyId[] = [];
    const wake = (settlement: Settlement): void => {
      queue.push(settlement.envelope.author);
      if (settlement.result !== 'applied') return;
      const client = settlement.envelope.clientId;
      const waiting = this.waiters.get(client);
      if (waiting === undefined) return;
      this.waiters.delete(client);
      queue.push(...waiting);
    };
    for (const s of into) wake(s);
    while (queue.length > 0) {
      const author = queue.pop()!;
      const log = this.log(author);
      const entry = this.held.get(author, log.settled + 1);
      if (entry === undefined) continue;
      if (entry.waitingFor !== undefined && Y.getState(this.doc.store, entry.waitingFor.client) < entry.waitingFor.clock) {
        this.wait(entry, entry.waitingFor);
        continue;
      }
      const verdict = this.judge(entry.envelope, entry);
      if (verdict.kind === 'waiting') {
        entry.analysis = verdict.analysis;
        this.wait(entry, verdict);
        continue;
      }
      this.held.remove(author, entry.envelope.seq);
      if (verdict.kind === 'conflict') continue; // recorded by judge; this author stalls here
      const before = into.length;
      this.settle(log, entry.envelope, verdict, into);
      for (let i = before; i < into.length; i++) wake(into[i]!);
    }
  }

  private hold(envelope: Envelope): HeldEnvelope | null {
    const { entry, evicted } = this.held.add(envelope, ENVELOPE_OVERHEAD + envelope.update.length);
    let kept = true;
    for (const eviction of evicted) {
      if (eviction.author === envelope.author && eviction.seq === envelope.seq) kept = false;
      this.evictionLog.push(eviction);
      if (this.evictionLog.length > MAX_LOG) this.evictionLog.shift();
      this.onEviction?.(eviction);
    }
    return kept ? entry : null;
  }

  private wait(entry: HeldEnvelope, on: { client: number; clock: number }): void {
    entry.waitingFor = { client: on.client, clock: on.clock };
    let set = this.waiters.get(on.client);
    if (set === undefined) {
      set = new Set();
      this.waiters.set(on.client, set);
    }
    set.add(entry.envelope.author);
  }

  private recordConflict(conflict: Conflict): void {
    const key =
      conflict.kind === 'seq' ? `seq/${conflict.author}/${conflict.seq}` : `client/${conflict.clientId}/${conflict.envelope.author}`;
    if (this.conflictKeys.has(key) || this.conflictLog.length >= MAX_LOG * 4) return;
    this.conflictKeys.add(key);
    this.conflictLog.push(conflict);
  }

  private fault(message: string): void {
    this.faultLog.push(message);
    if (this.faultLog.length > MAX_LOG) this.faultLog.shift();
  }
}

function appliedIn(settled: readonly Settlement[]): Envelope[] {
  return settled.filter((s) => s.result === 'applied').map((s) => s.envelope);
}

function rejected(reason: RejectReason, detail: string): AcceptOutcome {
  return { kind: 'rejected', reason, detail, spent: false, settled: [] };
}

