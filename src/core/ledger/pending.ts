/**
 * The undecided next height, as one replica sees it: proposals by round, the first vote of each
 * party in each round (later conflicting votes are evidence, never counted), and which rounds
 * have been declined by a round-change certificate: the round's counted votes, NIL or for any
 * headers, once they rule out every header of the round (rules.ts isRoundChangeCertificate).
 */
import { toHex } from '../bytes.js';
import type { PartyId } from '../identity.js';
import { isRoundChangeCertificate, passes, type RoundVotes } from '../rules.js';
import type { BlockBody } from './body.js';
import { assembleBlock, type Block } from './block.js';
import type { Header } from './header.js';
import type { ChainState } from './state.js';
import { certificateTarget, type Vote } from './vote.js';

/** How far beyond the open round votes are kept: enough for replicas a little ahead, no more. */
export const ROUND_WINDOW = 8;
/** Proposals kept per round: headers are unsigned, so anyone could otherwise fill memory. */
export const MAX_PROPOSALS_PER_ROUND = 16;

export interface Proposal {
  readonly header: Header;
  readonly body: BlockBody;
  readonly hash: Uint8Array;
}

export class PendingHeight {
  readonly height: number;
  private readonly byRound = new Map<number, Map<string, Proposal>>();
  private readonly firstVotes = new Map<number, Map<PartyId, Vote>>();
  private readonly certified = new Set<number>();

  constructor(readonly state: ChainState) {
    this.height = state.height + 1;
  }

  /** The lowest round without a round-change certificate: where proposals may still pass. */
  openRound(): number {
    let r = 0;
    while (this.certified.has(r)) r++;
    return r;
  }

  /** Have all rounds below `round` been declined? Then a proposal in `round` may be final. */
  roundIsOpen(round: number): boolean {
    return round <= this.openRound();
  }

  proposal(hash: Uint8Array): Proposal | undefined {
    for (const round of this.byRound.values()) {
      const p = round.get(toHex(hash));
      if (p) return p;
    }
    return undefined;
  }

  proposals(): Proposal[] {
    return [...this.byRound.entries()].sort(([a], [b]) => a - b).flatMap(([, m]) => [...m.values()]);
  }

  addProposal(p: Proposal): 'added' | 'duplicate' | 'full' {
    let round = this.byRound.get(p.header.round);
    if (!round) this.byRound.set(p.header.round, (round = new Map()));
    const key = toHex(p.hash);
    if (round.has(key)) return 'duplicate';
    if (round.size >= MAX_PROPOSALS_PER_ROUND) return 'full';
    round.set(key, p);
    return 'added';
  }

  firstVote(round: number, party: PartyId): Vote | undefined {
    return this.firstVotes.get(round)?.get(party);
  }

  /** All counted votes, for the archive once the height is decided. */
  countedVotes(): Vote[] {
    return [...this.firstVotes.values()].flatMap((m) => [...m.values()]);
  }

  /** Counts a verified vote; the caller has made sure the party has none in this round yet. */
  record(vote: Vote): void {
    let round = this.firstVotes.get(vote.round);
    if (!round) this.firstVotes.set(vote.round, (round = new Map()));
    round.set(vote.party, vote);
    if (!this.certified.has(vote.round)) {
      const { charter, members, tolerance } = this.state;
      // Certificates are monotone in the votes: a further vote, for anything, moves a party from
      // U into C, which only shrinks every set the check must find non-passing. Once formed, kept.
      if (isRoundChangeCertificate(this.roundVotes(vote.round), charter.rules, members, tolerance)) this.certified.add(vote.round);
    }
  }

  /** The counted votes of a round, as a round-change certificate counts them. */
  roundVotes(round: number): RoundVotes {
    const out = new Map<PartyId, string | null>();
    for (const v of this.firstVotes.get(round)?.values() ?? []) out.set(v.party, certificateTarget(v.target));
    return out;
  }

  signers(p: Proposal): Set<PartyId> {
    const key = toHex(p.hash);
    return this.votersFor(p.header.round, (target) => toHex(target) === key);
  }

  private votersFor(round: number, match: (target: Uint8Array) => boolean): Set<PartyId> {
    const out = new Set<PartyId>();
    for (const v of this.firstVotes.get(round)?.values() ?? []) if (match(v.target)) out.add(v.party);
    return out;
  }

  passes(p: Proposal): boolean {
    return passes(this.state.charter.rules[p.header.kind], this.signers(p), this.state.members);
  }

  /**
   * The proposal this replica's counted votes make final, if any. One vote per party per round is
   * counted, so at most one proposal can qualify (passing sets intersect; a certificate excludes
   * any passing set of the declined round: a passing P would put a passing set inside C_P).
   */
  finalCandidate(): Proposal | undefined {
    return this.proposals().find((p) => this.roundIsOpen(p.header.round) && this.passes(p));
  }

  /**
   * The block for a final proposal: its votes, and every counted vote of the earlier rounds (NIL
   * or not). Each earlier round was certified by a subset of these, and certificates are monotone.
   */
  assemble(p: Proposal): Block {
    const key = toHex(p.hash);
    const votes: Vote[] = [];
    const roundChanges: Vote[] = [];
    for (const [round, byParty] of this.firstVotes) {
      for (const v of byParty.values()) {
        if (round === p.header.round && toHex(v.target) === key) votes.push(v);
        else if (round < p.header.round) roundChanges.push(v);
      }
    }
    return assembleBlock(p.header, p.body, votes, roundChanges);
  }
}
