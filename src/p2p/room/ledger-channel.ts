/**
 * The ledger channel: proposals, votes and final blocks, in and out, all judged by the Ledger.
 *
 * Verdicts (the ledger's rejection codes say what the network may conclude):
 * - new proposal, counted vote, appended block: 'accept'.
 * - a vote that equivocates, or a block contradicting ours: 'accept' as well: forwarding both
 *   conflicting votes is how every node comes to hold the proof. Evidence is reported once.
 * - duplicates and 'stale' (already decided): 'ignore'.
 * - 'not-yet' (a height or round ahead of ours): 'ignore', and catch up: we lack blocks.
 * - 'invalid' (bad signature, non-party, wrong chain, bad body): 'reject'.
 * - 'limit' (too many proposals in a round): 'ignore'; the sender may be honest but late.
 *
 * Out: propose / vote / decline sign through the VotingRecord (never two votes in one round),
 * store our vote through the sink, apply it to our ledger, then publish. The proposer of a block
 * publishes it once final, for peers that missed votes; anyone else gets it by catch-up.
 */
import { DecodeError, toHex } from '../../core/bytes.js';
import type { Signer } from '../../core/identity.js';
import type { Block } from '../../core/ledger/block.js';
import { bodyHashOf, checkBodyShape, type BlockBody } from '../../core/ledger/body.js';
import { evidenceKey, type EquivocationEvidence } from '../../core/ledger/evidence.js';
import type { Header } from '../../core/ledger/header.js';
import type { Ledger } from '../../core/ledger/ledger.js';
import type { Rejection } from '../../core/ledger/state.js';
import { NIL, isNil, type Vote } from '../../core/ledger/vote.js';
import type { VotingRecord } from '../../core/ledger/voting-record.js';
import { err, ok, type Result } from '../../core/result.js';
import type { PeerId } from '../network.js';
import { decodeLedgerMessage, encodeLedgerMessage, type LedgerMessage } from '../wire/ledger-message.js';
import { ACCEPT, publishSealed, roomValidator, type Judgement, type RoomContext } from './context.js';
import type { RoomSink } from './records.js';

const IGNORE: Judgement = { verdict: 'ignore' };

export class LedgerChannel {
  /** Votes seen for the next height, for catch-up answers (the ledger keeps them privately). */
  private readonly pendingVotes = new Map<string, Vote>();
  private readonly evidenceSeen = new Set<string>();
  private knownHeight: number;

  constructor(
    private readonly ctx: RoomContext,
    private readonly ledger: Ledger,
    private readonly sink: RoomSink,
    private readonly signer: Signer,
    private readonly votingRecord: VotingRecord,
    /** Called after each block the ledger appends (membership may have changed). */
    private readonly onBlock: (block: Block) => void,
  ) {
    this.knownHeight = ledger.height;
    for (const e of ledger.evidence()) this.evidenceSeen.add(evidenceKey(e));
  }

  start(): void {
    this.ctx.network.subscribe(this.ctx.topics.ledger, roomValidator(this.ctx, 'ledger', (plaintext, from) => this.judgeGossip(plaintext, from)), () => {});
  }

  stop(): void {
    this.ctx.network.unsubscribe(this.ctx.topics.ledger);
  }

  /** A ledger message from a peer, by gossip or catch-up. */
  ingest(message: LedgerMessage, from: PeerId): Judgement {
    switch (message.kind) {
      case 'proposal':
        return this.ingestProposal(message.header, message.body, from);
      case 'vote':
        return this.ingestVote(message.vote, from);
      case 'block':
        return this.ingestBlock(message.block, from);
    }
  }

  ingestBlock(block: Block, from: PeerId): Judgement {
    const result = this.ledger.receiveBlock(block);
    if (result.ok) {
      const fresh = this.reportEvidence(result.value.evidence);
      if (result.value.appended) {
        this.afterChange(false);
        return ACCEPT;
      }
      return fresh ? ACCEPT : IGNORE;
    }
    if (result.error.code === 'conflict') {
      this.reportEvidence(result.error.evidence ?? []);
      return ACCEPT; // a fork with its culprits: every node should see it
    }
    return this.rejection(result.error, from, 'block');
  }

  async propose(body: BlockBody): Promise<Result<Uint8Array, string>> {
    const shape = checkBodyShape(body);
    if (shape) return err(shape);
    const header: Header = {
      negotiation: this.ledger.negotiation,
      height: this.ledger.height + 1,
      round: this.ledger.openRound(),
      prevHash: this.ledger.tip.hash,
      kind: body.kind,
      bodyHash: bodyHashOf(body),
      proposer: this.signer.party,
      proposedAt: this.ctx.clock.now(),
    };
    const result = this.ledger.propose(header, body);
    if (!result.ok) return err(result.error.reason);
    const { headerHash } = result.value;
    this.ctx.events.emit({ type: 'block-proposed', header, headerHash, from: 'local' });
    this.afterChange(true);
    await publishSealed(this.ctx, 'ledger', encodeLedgerMessage({ kind: 'proposal', header, body }));
    return ok(headerHash);
  }

  /** Signs the proposal with this header hash (at its height and round). */
  vote(headerHash: Uint8Array): Promise<Result<Vote, string>> {
    const tally = this.ledger.tally(headerHash);
    if (tally === undefined) return Promise.resolve(err('no such proposal at the next height'));
    return this.cast(tally.proposal.header.height, tally.proposal.header.round, headerHash);
  }

  /** Declines a round at the next height (default: the open round), so a later round may decide. */
  decline(round = this.ledger.openRound()): Promise<Result<Vote, string>> {
    return this.cast(this.ledger.height + 1, round, NIL);
  }

  /** Proposals and votes for the next height, encoded for a catch-up answer. */
  pendingMessages(): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (const p of this.ledger.proposals()) out.push(encodeLedgerMessage({ kind: 'proposal', header: p.header, body: p.body }));
    for (const vote of this.pendingVotes.values()) out.push(encodeLedgerMessage({ kind: 'vote', vote }));
    return out;
  }

  private async cast(height: number, round: number, target: Uint8Array): Promise<Result<Vote, string>> {
    const signed = this.votingRecord.sign(this.ledger.negotiation, height, round, target);
    if (!signed.ok) return signed;
    const vote = signed.value;
    const keep = this.sink.onOwnVote;
    if (keep !== undefined && !(await this.ctx.writes.run('storing our vote', () => keep.call(this.sink, vote)))) {
      return err('our vote could not be stored, so it was not sent');
    }
    const outcome = this.ledger.receiveVote(vote);
    if (outcome.status === 'rejected') return err(outcome.reason ?? 'the ledger refused our vote');
    if (outcome.status === 'accepted') {
      this.rememberVote(vote);
      this.ctx.events.emit({ type: 'vote', vote, from: 'local' });
      this.afterChange(true);
    }
    await publishSealed(this.ctx, 'ledger', encodeLedgerMessage({ kind: 'vote', vote }));
    return ok(vote);
  }

  private judgeGossip(plaintext: Uint8Array, from: PeerId): Judgement {
    let message: LedgerMessage;
    try {
      message = decodeLedgerMessage(plaintext);
    } catch (error) {
      const newer = error instanceof DecodeError && error.code === 'bad-tag';
      return { verdict: newer ? 'ignore' : 'reject', reason: `ledger message: ${error instanceof Error ? error.message : String(error)}` };
    }
    return this.ingest(message, from);
  }

  private ingestProposal(header: Header, body: BlockBody, from: PeerId): Judgement {
    const result = this.ledger.propose(header, body);
    if (!result.ok) return this.rejection(result.error, from, 'proposal');
    if (result.value.duplicate) return IGNORE;
    this.ctx.events.emit({ type: 'block-proposed', header, headerHash: result.value.headerHash, from });
    this.afterChange(true);
    return ACCEPT;
  }

  private ingestVote(vote: Vote, from: PeerId): Judgement {
    const next = this.ledger.height + 1;
    const outcome = this.ledger.receiveVote(vote);
    switch (outcome.status) {
      case 'accepted':
        if (vote.height === next) this.rememberVote(vote);
        this.ctx.events.emit({ type: 'vote', vote, from });
        if (outcome.finalized === undefined && !isNil(vote.target) && this.ledger.tally(vote.target) === undefined) {
          this.ctx.behind(from, 'a vote for a proposal we have not seen'); // e.g. one too large to gossip
        }
        this.afterChange(true);
        return ACCEPT;
      case 'duplicate':
        return IGNORE;
      case 'equivocation':
        if (vote.height === next) this.rememberVote(vote);
        if (outcome.evidence) this.reportEvidence([outcome.evidence]);
        return ACCEPT; // forwarded, so every node holds both votes
      case 'rejected':
        return this.rejection({ code: outcome.code ?? 'invalid', reason: outcome.reason ?? 'rejected' }, from, 'vote');
    }
  }

  private rejection(rejection: Rejection, from: PeerId, what: string): Judgement {
    const reason = `${what}: ${rejection.reason}`;
    switch (rejection.code) {
      case 'invalid':
        return { verdict: 'reject', reason };
      case 'not-yet':
        this.ctx.behind(from, reason);
        return IGNORE;
      case 'stale':
      case 'limit':
      case 'conflict':
        return IGNORE;
    }
  }

  private rememberVote(vote: Vote): void {
    this.pendingVotes.set(`${vote.round}/${vote.party}/${toHex(vote.target)}`, vote);
  }

  /** True if any of the evidence is new here. */
  private reportEvidence(list: readonly EquivocationEvidence[]): boolean {
    let fresh = false;
    for (const evidence of list) {
      const key = evidenceKey(evidence);
      if (this.evidenceSeen.has(key)) continue;
      this.evidenceSeen.add(key);
      fresh = true;
      this.ctx.events.emit({ type: 'equivocation', evidence });
      void this.ctx.writes.run('storing vote evidence', () => this.sink.onEvidence({ kind: 'votes', evidence }));
    }
    return fresh;
  }

  /** Reports blocks the ledger appended since last time; `decidedHere`: by votes, not received whole. */
  private afterChange(decidedHere: boolean): void {
    while (this.knownHeight < this.ledger.height) {
      const block = this.ledger.blocks()[this.knownHeight]!;
      this.knownHeight++;
      this.pendingVotes.clear();
      void this.ctx.writes.run(`storing block ${block.header.height}`, () => this.sink.onBlock(block));
      this.onBlock(block);
      this.ctx.events.emit({ type: 'block-final', block });
      if (decidedHere && block.header.proposer === this.signer.party) {
        void publishSealed(this.ctx, 'ledger', encodeLedgerMessage({ kind: 'block', block }));
      }
    }
  }
}
