/**
 * The draft channel: signed envelopes in and out.
 *
 * In (gossip and catch-up alike): every envelope goes through DraftReplica.acceptEnvelope, which
 * verifies and applies it. Verdicts:
 * - applied or held (waiting for a predecessor or a dependency): 'accept', forwarded. A held
 *   envelope also means we lack something: catch up soon.
 * - spent (validly signed, its update unusable — decided alike by every replica): 'accept'. It is
 *   part of the signed record, so it is stored and forwarded like an applied one.
 * - duplicate: 'ignore'.
 * - malformed, wrong negotiation, bad signature: 'reject' (provably bad).
 * - unknown author: 'ignore' and catch up: a party admitted by a block we have not yet seen writes
 *   with the room key before we know its key (a non-party cannot open the room at all).
 * - a second envelope under one seq: the author equivocated. 'accept' the first time (forwarded,
 *   so every node holds both as proof; forwarders that saw the other version first are innocent,
 *   so no penalty), 'ignore' copies after that. Reported as a draft-conflict. A clientId collision
 *   (order-dependent, only by grinding epochs): 'ignore'.
 *
 * Out: local edits gather in the author for `flushDelayMs` (30 ms), are sealed as envelopes,
 * stored through the sink, and only then published, in seq order.
 */
import type { DraftAuthor } from '../../core/draft/author.js';
import { encodeEnvelope, type Envelope } from '../../core/draft/envelope.js';
import type { DraftReplica } from '../../core/draft/replica.js';
import type { AcceptOutcome, Settlement } from '../../core/draft/replica-types.js';
import type { PartyId } from '../../core/identity.js';
import { DecodeError } from '../../core/bytes.js';
import type { PeerId } from '../network.js';
import { decodeDraftMessage, encodeDraftMessage } from '../wire/draft-message.js';
import { ACCEPT, publishSealed, roomValidator, type Judgement, type RoomContext } from './context.js';
import type { RoomSink } from './records.js';
import type * as Y from 'yjs';

export interface DraftChannelOptions {
  /** The coalescing window; 0 seals and publishes each local transaction at once. */
  readonly flushDelayMs: number;
}

/** What one batch of incoming envelopes did, for one event per batch rather than per envelope. */
export class IngestTally {
  readonly authors = new Set<PartyId>();
  applied = 0;
  held = 0;
}

export class DraftChannel {
  private flushTimer: (() => void) | undefined;
  private publishing: Promise<void> = Promise.resolve();
  private conflictsSeen = 0;
  private stopped = false;
  private readonly onTransaction: (transaction: Y.Transaction) => void;

  constructor(
    private readonly ctx: RoomContext,
    private readonly draft: DraftReplica,
    private readonly author: DraftAuthor,
    private readonly sink: RoomSink,
    private readonly options: DraftChannelOptions,
  ) {
    this.conflictsSeen = draft.conflicts().length;
    // Registered after the author's own listener (the author is attached first), so the author has
    // collected the transaction by the time this runs.
    this.onTransaction = (transaction) => {
      if (transaction.origin === this.draft.origin || this.stopped || this.author.pendingCount === 0) return;
      if (this.options.flushDelayMs <= 0) void this.flush();
      else this.flushTimer ??= this.ctx.timers.after(this.options.flushDelayMs, () => void this.flush());
    };
  }

  start(): void {
    this.ctx.network.subscribe(this.ctx.topics.draft, roomValidator(this.ctx, 'draft', (plaintext, from) => this.judgeGossip(plaintext, from)), () => {});
    this.draft.doc.on('afterTransactionCleanup', this.onTransaction);
    if (this.author.pendingCount > 0) void this.flush(); // edits made while the room was closed
  }

  /**
   * Seals what the author gathered, stores it, then publishes it. Resolves once this flush's
   * envelopes (and every earlier one) have been handed to the network.
   */
  flush(): Promise<void> {
    this.flushTimer?.();
    this.flushTimer = undefined;
    const sealed = this.author.flush();
    if (!sealed.ok) {
      this.ctx.events.emit({ type: 'error', message: `local edits cannot be sealed: ${sealed.error}` });
      return this.publishing;
    }
    const envelopes = sealed.value;
    if (envelopes.length === 0) return this.publishing;
    this.ctx.events.emit({ type: 'text-changed', origin: 'local', authors: [envelopes[0]!.author] });
    const stored = this.ctx.writes.run('storing local envelopes', () => this.sink.onEnvelopes(envelopes));
    this.publishing = this.publishing.then(async () => {
      // Nothing leaves that is not stored: a failed write keeps the envelopes home (reported).
      if (!(await stored)) return;
      for (const envelope of envelopes) await this.publishEnvelope(envelope);
    });
    return this.publishing;
  }

  /** Publishes an envelope already in the record (its own, or one it re-sends). */
  async publishEnvelope(envelope: Envelope | Uint8Array): Promise<boolean> {
    const bytes = envelope instanceof Uint8Array ? envelope : encodeEnvelope(envelope);
    return publishSealed(this.ctx, 'draft', encodeDraftMessage({ kind: 'envelope', envelope: bytes }));
  }

  /** One envelope from a peer, by gossip or catch-up, through the replica. */
  ingest(bytes: Uint8Array, from: PeerId, tally: IngestTally): Judgement {
    let outcome: AcceptOutcome;
    try {
      outcome = this.draft.acceptEnvelope(bytes);
    } catch (error) {
      // Only if called inside a transaction on the document: our bug, not the peer's.
      this.ctx.events.emit({ type: 'error', message: `accepting an envelope: ${error instanceof Error ? error.message : String(error)}` });
      return { verdict: 'ignore' };
    }
    const judgement = this.judgeOutcome(outcome, from, tally);
    this.reportConflicts();
    return judgement;
  }

  stop(): void {
    this.stopped = true;
    this.flushTimer?.();
    this.flushTimer = undefined;
    this.draft.doc.off('afterTransactionCleanup', this.onTransaction);
    this.ctx.network.unsubscribe(this.ctx.topics.draft);
  }

  /** Resolves once everything flushed so far has been handed to the network. */
  published(): Promise<void> {
    return this.publishing;
  }

  private judgeGossip(plaintext: Uint8Array, from: PeerId): Judgement {
    let envelope: Uint8Array;
    try {
      envelope = decodeDraftMessage(plaintext).envelope;
    } catch (error) {
      // An unknown kind may be a newer version's: not provably bad.
      const newer = error instanceof DecodeError && error.code === 'bad-tag';
      return { verdict: newer ? 'ignore' : 'reject', reason: `draft message: ${error instanceof Error ? error.message : String(error)}` };
    }
    const tally = new IngestTally();
    const judgement = this.ingest(envelope, from, tally);
    this.reportTally(tally);
    return judgement;
  }

  reportTally(tally: IngestTally): void {
    if (tally.authors.size > 0) this.ctx.events.emit({ type: 'text-changed', origin: 'remote', authors: [...tally.authors] });
  }

  private judgeOutcome(outcome: AcceptOutcome, from: PeerId, tally: IngestTally): Judgement {
    switch (outcome.kind) {
      case 'applied':
        this.settle(outcome.settled, tally);
        return ACCEPT;
      case 'held':
        tally.held++;
        this.ctx.behind(from, `an envelope waits: ${outcome.detail}`);
        return ACCEPT;
      case 'duplicate':
        return { verdict: 'ignore' };
      case 'rejected': {
        if (outcome.spent) {
          this.settle(outcome.settled, tally);
          return ACCEPT;
        }
        const reason = `envelope ${outcome.reason}: ${outcome.detail}`;
        switch (outcome.reason) {
          case 'unknown-author':
            this.ctx.behind(from, 'an envelope by an author we do not know');
            return { verdict: 'ignore', reason };
          case 'conflicting-seq':
            // The author signed two envelopes under one seq. Forwarding the second (once: the
            // replica records each conflict once) lets every node hold the proof; the forwarder
            // is not to blame for what the author signed.
            return this.draft.conflicts().length > this.conflictsSeen ? { verdict: 'accept', reason } : { verdict: 'ignore', reason };
          case 'client-id-conflict':
            return { verdict: 'ignore', reason };
          default:
            return { verdict: 'reject', reason };
        }
      }
    }
  }

  /** Envelopes that settled: to the sink (applied and spent alike), and to the events. */
  private settle(settled: readonly Settlement[], tally: IngestTally): void {
    if (settled.length === 0) return;
    const envelopes = settled.map((s) => s.envelope);
    void this.ctx.writes.run('storing envelopes', () => this.sink.onEnvelopes(envelopes));
    for (const s of settled) {
      if (s.result === 'applied') {
        tally.applied++;
        tally.authors.add(s.envelope.author);
      } else {
        this.ctx.events.emit({ type: 'envelope-spent', envelope: s.envelope, reason: `${s.reason}: ${s.detail}` });
      }
    }
  }

  private reportConflicts(): void {
    const conflicts = this.draft.conflicts();
    for (; this.conflictsSeen < conflicts.length; this.conflictsSeen++) {
      const conflict = conflicts[this.conflictsSeen]!;
      this.ctx.events.emit({ type: 'draft-conflict', conflict });
      void this.ctx.writes.run('storing draft evidence', () => this.sink.onEvidence({ kind: 'envelopes', conflict }));
    }
  }
}
