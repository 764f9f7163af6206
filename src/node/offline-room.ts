/**
 * The attachment of a negotiation with no network: a delegation drafting alone, or offline. It
 * does what a NegotiationRoom does minus the peers: coalesces local edits for `flushDelayMs`,
 * seals them, stores them (sink) before anything else; proposes, votes and declines on the local
 * ledger through the voting record (stored before it counts), storing each block it finalizes.
 * A one-party negotiation adopts alone; a many-party one collects our vote and waits.
 */
import type * as Y from 'yjs';
import { equalBytes } from '../core/bytes.js';
import { bodyHashOf, type BlockBody } from '../core/ledger/body.js';
import type { Header } from '../core/ledger/header.js';
import { NIL, type Vote } from '../core/ledger/vote.js';
import { err, ok, type Result } from '../core/result.js';
import type { NetworkAttachment, SessionParts } from './network-attachment.js';

export interface OfflineRoomOptions {
  /** Coalescing window for local edits; 0 seals each transaction at once. */
  readonly flushDelayMs: number;
  /** Milliseconds since the epoch (a header's proposedAt). */
  readonly now: () => number;
}

export class OfflineRoom implements NetworkAttachment {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly onTransaction: (transaction: Y.Transaction) => void;

  constructor(
    private readonly parts: SessionParts,
    private readonly options: OfflineRoomOptions,
  ) {
    // Registered after the author's listener (the author is attached first), so the author has
    // collected the transaction by the time this runs.
    this.onTransaction = (transaction) => {
      if (transaction.origin === parts.draft.origin || this.stopped || parts.author.pendingCount === 0) return;
      if (options.flushDelayMs <= 0) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), options.flushDelayMs);
    };
    parts.draft.doc.on('afterTransactionCleanup', this.onTransaction);
    if (parts.author.pendingCount > 0) void this.flush();
  }

  flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const sealed = this.parts.author.flush();
    if (!sealed.ok) {
      this.parts.report({ type: 'error', message: `local edits cannot be sealed: ${sealed.error}` });
      return this.flushing;
    }
    const envelopes = sealed.value;
    if (envelopes.length === 0) return this.flushing;
    this.parts.report({ type: 'text-changed', origin: 'local', authors: [this.parts.signer.party] });
    // Stored in seal order; nothing else happens to an envelope before it is durable.
    this.flushing = this.flushing.then(() => this.parts.sink.onEnvelopes(envelopes));
    return this.flushing;
  }

  async propose(body: BlockBody): Promise<Result<Uint8Array, string>> {
    const { ledger, signer } = this.parts;
    await this.flush();
    const header: Header = {
      negotiation: ledger.negotiation,
      height: ledger.height + 1,
      round: ledger.openRound(),
      prevHash: ledger.tip.hash,
      kind: body.kind,
      bodyHash: bodyHashOf(body),
      proposer: signer.party,
      proposedAt: this.options.now(),
    };
    const proposed = ledger.propose(header, body);
    if (!proposed.ok) return err(proposed.error.reason);
    if (!proposed.value.duplicate) this.parts.report({ type: 'block-proposed', header, headerHash: proposed.value.headerHash });
    if (proposed.value.finalized) await this.parts.sink.onBlock(proposed.value.finalized);
    return ok(proposed.value.headerHash);
  }

  async vote(headerHash: Uint8Array): Promise<Result<Vote, string>> {
    const proposal = this.parts.ledger.proposals().find((p) => equalBytes(p.hash, headerHash));
    if (proposal === undefined) return err('no such proposal at the next height');
    return this.sign(proposal.header.height, proposal.header.round, headerHash);
  }

  async decline(round?: number): Promise<Result<Vote, string>> {
    const { ledger } = this.parts;
    return this.sign(ledger.height + 1, round ?? ledger.openRound(), NIL);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.parts.draft.doc.off('afterTransactionCleanup', this.onTransaction);
    await this.flush();
  }

  private async sign(height: number, round: number, target: Uint8Array): Promise<Result<Vote, string>> {
    const { ledger, votingRecord, sink } = this.parts;
    const vote = votingRecord.sign(ledger.negotiation, height, round, target);
    if (!vote.ok) return vote;
    await sink.onOwnVote(vote.value);
    const outcome = ledger.receiveVote(vote.value);
    if (outcome.status === 'rejected') return err(outcome.reason ?? 'the ledger refused the vote');
    if (outcome.status === 'accepted') this.parts.report({ type: 'vote', vote: vote.value });
    if (outcome.finalized) await sink.onBlock(outcome.finalized);
    return ok(vote.value);
  }
}
