/**
 * The ledger as one replica holds it: a pure, synchronous state machine fed proposals, votes and
 * blocks from peers in any order. It keeps the chain of final blocks, the membership, and for the
 * next height the proposals and the first vote of each party per round. It finalizes by itself
 * when counted votes make a proposal final (finality.ts), and keeps proof of every equivocation
 * it sees.
 *
 * Votes for a height beyond the next are rejected ('not-yet'), not held: who may vote there
 * depends on blocks not yet final here, so such a vote cannot be verified; the final block,
 * fetched by catch-up, carries every vote that matters. Votes for an unknown header at the next
 * height are verified and counted for their round: the proposal may arrive later.
 */
import { equalBytes } from '../bytes.js';
import type { Charter, GenesisBlock } from '../charter.js';
import type { NegotiationId, PartyId, SignatureScheme } from '../identity.js';
import { err, ok, type Result } from '../result.js';
import type { RoomKeyring } from '../room/keyring.js';
import { stillNeeded, type DecisionRule, type Need } from '../rules.js';
import type { BlockBody } from './body.js';
import { checkBlockShape, type Block } from './block.js';
import type { ChainTip } from './chain.js';
import { describeEvidence, evidenceKey, findConflictEvidence, votesOf, type EquivocationEvidence } from './evidence.js';
import { checkBlock, checkProposal } from './finality.js';
import { headerHashOf, type Header } from './header.js';
import { keyringFor, type KeyringFailure, type RoomOpener } from './keyring.js';
import type { Members } from './members.js';
import { PendingHeight, ROUND_WINDOW, type Proposal } from './pending.js';
import type { RoomState } from './room-state.js';
import { genesisState, nextState, reject, type ChainState, type Rejection, type RejectionCode } from './state.js';
import { checkVoteShape, sameVote, verifyVoteSignature, type Vote } from './vote.js';

/** Final heights whose every counted vote is kept, to catch late equivocating votes. */
export const ARCHIVE_HEIGHTS = 16;

export interface VoteOutcome {
  readonly status: 'accepted' | 'duplicate' | 'equivocation' | 'rejected';
  readonly code?: RejectionCode;
  readonly reason?: string;
  readonly evidence?: EquivocationEvidence;
  /** The block this vote made final. */
  readonly finalized?: Block;
}

export interface Tally {
  readonly proposal: Proposal;
  readonly rule: DecisionRule;
  readonly signers: PartyId[];
  /** The votes satisfy the rule. */
  readonly passes: boolean;
  /** Every earlier round has been declined, so passing here makes the block final. */
  readonly roundOpen: boolean;
  readonly need: Need;
}

const rejected = (code: RejectionCode, reason: string): VoteOutcome => ({ status: 'rejected', code, reason });
const voteKey = (round: number, party: PartyId): string => `${round}/${party}`;

export class Ledger {
  /** states[h]: the state after block h (states[0]: after the genesis). */
  private readonly states: ChainState[];
  private readonly chain: Block[] = [];
  private pending: PendingHeight;
  /** Counted and block votes of recent final heights, by (round, party). */
  private readonly archive = new Map<number, Map<string, Vote>>();
  private readonly found = new Map<string, EquivocationEvidence>();

  private constructor(
    readonly genesis: GenesisBlock,
    private readonly scheme: SignatureScheme,
    start: ChainState,
  ) {
    this.states = [start];
    this.pending = new PendingHeight(start);
  }

  static fromGenesis(genesis: GenesisBlock, scheme: SignatureScheme): Result<Ledger, string> {
    const start = genesisState(genesis, scheme);
    return start.ok ? ok(new Ledger(genesis, scheme, start.value)) : start;
  }

  get charter(): Charter {
    return this.genesis.charter;
  }

  get negotiation(): NegotiationId {
    return this.pending.state.negotiation;
  }

  /** Height of the last final block (0: only the genesis). */
  get height(): number {
    return this.chain.length;
  }

  get tip(): ChainTip {
    const s = this.pending.state;
    return { height: s.height, hash: s.tipHash };
  }

  /** The parties now: they decide the next block. */
  members(): Members {
    return this.pending.state.members;
  }

  /** The room's current epoch and commitment: the key an admission hands over, the one a removal rotates. */
  room(): RoomState {
    return this.pending.state.room;
  }

  /** The room keys `opener` was given along this chain (see keyring.ts). */
  keyring(opener: RoomOpener): Result<RoomKeyring, KeyringFailure> {
    return keyringFor(this.genesis, this.chain, opener);
  }

  /** The parties who decided (or decide) block `height`. */
  membersAt(height: number): Members | undefined {
    return this.states[height - 1]?.members;
  }

  blocks(): readonly Block[] {
    return this.chain;
  }

  /** Proposals for the next height, by round. */
  proposals(): Proposal[] {
    return this.pending.proposals();
  }

  /** The lowest round at the next height not yet declined. */
  openRound(): number {
    return this.pending.openRound();
  }

  evidence(): EquivocationEvidence[] {
    return [...this.found.values()];
  }

  tally(headerHash: Uint8Array): Tally | undefined {
    const proposal = this.pending.proposal(headerHash);
    if (!proposal) return undefined;
    const rule = this.charter.rules[proposal.header.kind];
    const signers = this.pending.signers(proposal);
    return {
      proposal,
      rule,
      signers: [...signers],
      passes: this.pending.passes(proposal),
      roundOpen: this.pending.roundIsOpen(proposal.header.round),
      need: stillNeeded(rule, signers, this.members()),
    };
  }

  propose(header: Header, body: BlockBody): Result<{ headerHash: Uint8Array; duplicate: boolean; finalized?: Block }, Rejection> {
    const checked = checkProposal(this.pending.state, header, body);
    if (!checked.ok) return checked;
    const open = this.pending.openRound();
    if (header.round > open) {
      return reject('not-yet', `round ${header.round} is not open: round ${open} has no round-change certificate yet`);
    }
    const added = this.pending.addProposal({ header, body, hash: checked.value });
    if (added === 'full') return reject('limit', `round ${header.round} already has the most proposals kept`);
    const finalized = this.finalizeIfDecided();
    return ok({ headerHash: checked.value, duplicate: added === 'duplicate', ...(finalized && { finalized }) });
  }

  receiveVote(vote: Vote): VoteOutcome {
    const shape = checkVoteShape(vote);
    if (shape) return rejected('invalid', shape);
    if (vote.negotiation !== this.negotiation) return rejected('invalid', 'vote is for another negotiation');
    const next = this.height + 1;
    if (vote.height > next) return rejected('not-yet', `height ${vote.height} is ahead of the next height ${next}`);
    if (vote.height < next) return this.receiveLateVote(vote);
    const members = this.members();
    if (!members.has(vote.party)) return rejected('invalid', `${vote.party} is not a party at height ${next}`);
    const open = this.pending.openRound();
    if (vote.round > open + ROUND_WINDOW) return rejected('not-yet', `round ${vote.round} is too far ahead of the open round ${open}`);
    const first = this.pending.firstVote(vote.round, vote.party);
    if (first && sameVote(first, vote)) return { status: 'duplicate' };
    if (!verifyVoteSignature(vote, members.publicKeyOf(vote.party)!, this.scheme)) {
      return rejected('invalid', `vote by ${vote.party}: bad signature`);
    }
    if (first) return this.compare(first, vote);
    this.pending.record(vote);
    const finalized = this.finalizeIfDecided();
    return { status: 'accepted', ...(finalized && { finalized }) };
  }

  /** A vote for a final height: a replay, or a late equivocation to keep proof of. */
  private receiveLateVote(vote: Vote): VoteOutcome {
    const members = this.membersAt(vote.height)!;
    if (!members.has(vote.party)) return rejected('invalid', `${vote.party} is not a party at height ${vote.height}`);
    const archived = this.archive.get(vote.height);
    const known = archived?.get(voteKey(vote.round, vote.party));
    if (known && sameVote(known, vote)) return { status: 'duplicate' };
    const stale = rejected('stale', `height ${vote.height} is already final`);
    // Beyond the archive, or beyond any round that could have been counted: not worth a verification.
    if (!archived || vote.round > this.chain[vote.height - 1]!.header.round + ROUND_WINDOW) return stale;
    if (!verifyVoteSignature(vote, members.publicKeyOf(vote.party)!, this.scheme)) {
      return rejected('invalid', `vote by ${vote.party}: bad signature`);
    }
    if (known) return this.compare(known, vote);
    // Decides nothing now, but kept: a conflicting vote arriving later is still caught.
    archived.set(voteKey(vote.round, vote.party), vote);
    return stale;
  }

  /** Two verified votes by one party in one round. */
  private compare(first: Vote, second: Vote): VoteOutcome {
    if (equalBytes(first.target, second.target)) return { status: 'duplicate' };
    const evidence = this.keep({ first, second });
    return { status: 'equivocation', reason: describeEvidence(evidence), evidence };
  }

  private keep(e: EquivocationEvidence): EquivocationEvidence {
    if (!this.found.has(evidenceKey(e))) this.found.set(evidenceKey(e), e);
    return e;
  }

  /** Evidence from a verified block's votes against the votes this replica counted at its height. */
  private conflictsOf(block: Block, counted: (round: number, party: PartyId) => Vote | undefined): EquivocationEvidence[] {
    const out: EquivocationEvidence[] = [];
    for (const v of votesOf(block)) {
      const mine = counted(v.round, v.party);
      if (mine && !equalBytes(mine.target, v.target)) out.push(this.keep({ first: mine, second: v }));
    }
    return out;
  }

  receiveBlock(block: Block): Result<{ appended: boolean; evidence: EquivocationEvidence[] }, Rejection> {
    const shape = checkBlockShape(block);
    if (shape) return reject('invalid', shape);
    if (block.header.negotiation !== this.negotiation) return reject('invalid', 'block is for another negotiation');
    const h = block.header.height;
    if (h > this.height + 1) return reject('not-yet', `height ${h} is ahead of the next height ${this.height + 1}`);
    if (h <= this.height) return this.receivePastBlock(block);
    const checked = checkBlock(this.pending.state, block, this.scheme);
    if (!checked.ok) return checked;
    const pending = this.pending;
    const evidence = this.conflictsOf(block, (round, party) => pending.firstVote(round, party));
    this.append(block);
    return ok({ appended: true, evidence });
  }

  /** A block for a height already final here: the same block again, or a fork with its culprits. */
  private receivePastBlock(block: Block): Result<{ appended: boolean; evidence: EquivocationEvidence[] }, Rejection> {
    const h = block.header.height;
    const ours = this.chain[h - 1]!;
    const archived = this.archive.get(h);
    const counted = (round: number, party: PartyId): Vote | undefined => archived?.get(voteKey(round, party));
    const sameDecision = equalBytes(headerHashOf(ours.header), headerHashOf(block.header));
    if (sameDecision && votesOf(block).every((v) => counted(v.round, v.party) && sameVote(counted(v.round, v.party)!, v))) {
      return ok({ appended: false, evidence: [] });
    }
    const checked = checkBlock(this.states[h - 1]!, block, this.scheme);
    if (!checked.ok) return checked;
    const evidence = this.conflictsOf(block, counted);
    if (sameDecision) return ok({ appended: false, evidence });
    for (const e of findConflictEvidence(ours, block)) if (!evidence.some((x) => evidenceKey(x) === evidenceKey(e))) evidence.push(this.keep(e));
    // Both blocks passed checkBlock at the same state, so the safety argument (finality.ts) makes
    // the evidence non-empty: it names the parties who signed both.
    const culprits = [...new Set(evidence.map((e) => e.first.party))];
    return err({ code: 'conflict', reason: `a different block is final at height ${h}; equivocation by ${culprits.join(', ')}`, evidence });
  }

  private finalizeIfDecided(): Block | undefined {
    const candidate = this.pending.finalCandidate();
    if (!candidate) return undefined;
    const block = this.pending.assemble(candidate);
    // Defence in depth: what this replica calls final must pass the check every peer applies.
    const checked = checkBlock(this.pending.state, block, this.scheme);
    if (!checked.ok) throw new Error(`ledger invariant broken: assembled block fails validation: ${checked.error.reason}`);
    this.append(block);
    return block;
  }

  private append(block: Block): void {
    const h = block.header.height;
    const archived = new Map<string, Vote>();
    for (const v of this.pending.countedVotes()) archived.set(voteKey(v.round, v.party), v);
    for (const v of votesOf(block)) if (!archived.has(voteKey(v.round, v.party))) archived.set(voteKey(v.round, v.party), v);
    this.archive.set(h, archived);
    this.archive.delete(h - ARCHIVE_HEIGHTS);
    this.chain.push(block);
    const state = nextState(this.pending.state, block);
    this.states.push(state);
    this.pending = new PendingHeight(state);
  }
}
