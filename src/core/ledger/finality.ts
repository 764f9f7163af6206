/**
 * When a proposal is acceptable, and when a block is final: checkable from the chain alone.
 *
 * A block at (h, r) is final iff
 *   (a) the votes for its header hash, from parties current at h, satisfy the charter's rule for
 *       its kind, and
 *   (b) for every earlier round r' < r it carries a round-change certificate C: votes of round r',
 *       at most one per party, each signed by a party current at h, for any targets (NIL or
 *       headers), such that with f = equivocationTolerance at h (0 or 1), U the parties with no
 *       vote in C and C_H the voters in C for header H, C_H ∪ U ∪ (any f members of C \ C_H)
 *       passes none of the charter's rules, for every header H, voted in C or not (then C_H is
 *       empty) (rules.ts isRoundChangeCertificate).
 *       A vote for another header rules H out exactly as a NIL vote does, so a round split
 *       between proposals can be declined without anyone equivocating.
 *
 * Safety. Let A be final at (h, r) with signers S, and B != A final at (h, r') with signers T,
 * h being the first height where two chains differ (below it they agree, so the membership and f
 * are the same; prevHash links each block to everything below). If r = r', S and T both pass, so
 * |S ∩ T| >= minOverlap >= f + 1. If r < r', B carries a certificate C for round r. Every party
 * of S outside C_A ∪ U voted in C for something other than A, so S ⊆ C_A ∪ U ∪ (S ∩ (C \ C_A));
 * S passes and C_A ∪ U ∪ (any f of C \ C_A) does not, so |S ∩ (C \ C_A)| >= f + 1
 * (symmetrically if r' < r). Each party in that overlap (or in S ∩ T) signed two different
 * targets at one (h, round): equivocation, with evidence in the two blocks (findConflictEvidence).
 * So with at most f equivocators two final blocks at one height are impossible, and whenever they
 * occur the evidence names at least f + 1 culprits (accountable safety). A certificate of NIL
 * votes only is the special case in which no header is voted in C (every C_H is empty).
 */
import { equalBytes, toHex } from '../bytes.js';
import type { PartyId, SignatureScheme } from '../identity.js';
import { ok, type Result } from '../result.js';
import { describeRule, isRoundChangeCertificate, passes, stillNeeded, type RoundVotes } from '../rules.js';
import { bodyHashOf, checkBody, type BlockBody } from './body.js';
import { checkBlockShape, type Block } from './block.js';
import { checkHeaderShape, headerHashOf, type Header } from './header.js';
import { reject, type ChainState, type Rejection } from './state.js';
import { certificateTarget, verifyVoteSignature, type Vote } from './vote.js';

const short = (hash: Uint8Array): string => toHex(hash.subarray(0, 4));

/** Is this header, with this body, a proposal the next block may be? Returns its header hash. */
export function checkProposal(state: ChainState, header: Header, body: BlockBody): Result<Uint8Array, Rejection> {
  const shape = checkHeaderShape(header);
  if (shape) return reject('invalid', shape);
  if (header.negotiation !== state.negotiation) return reject('invalid', 'header is for another negotiation');
  const next = state.height + 1;
  if (header.height < next) return reject('stale', `height ${header.height} is already final`);
  if (header.height > next) return reject('not-yet', `height ${header.height} is ahead of the next height ${next}`);
  if (!equalBytes(header.prevHash, state.tipHash)) {
    return reject('invalid', `prevHash ${short(header.prevHash)} is not the hash of ${state.height === 0 ? 'the genesis' : `block ${state.height}`}`);
  }
  if (!state.members.has(header.proposer)) return reject('invalid', `proposer ${header.proposer} is not a party at height ${next}`);
  if (typeof body !== 'object' || body === null || header.kind !== body.kind) {
    return reject('invalid', `header kind ${header.kind} does not match the body`);
  }
  const valid = checkBody(body, state.members, state.room, state.negotiation);
  if (!valid.ok) return reject('invalid', `body: ${valid.error}`);
  if (!equalBytes(header.bodyHash, bodyHashOf(body))) return reject('invalid', 'body hash does not match the header');
  return ok(headerHashOf(header));
}

/** Signatures last: a block that fails on cheap grounds costs no verification. */
function checkSignatures(state: ChainState, votes: readonly Vote[], what: string, scheme: SignatureScheme): string | undefined {
  for (const v of votes) {
    if (!verifyVoteSignature(v, state.members.publicKeyOf(v.party)!, scheme)) return `${what} by ${v.party}: bad signature`;
  }
  return undefined;
}

/** The first round below `round` whose votes do not form a round-change certificate, if any. */
export function missingCertificate(state: ChainState, round: number, votesOf: (round: number) => RoundVotes): number | undefined {
  for (let r = 0; r < round; r++) {
    if (!isRoundChangeCertificate(votesOf(r), state.charter.rules, state.members, state.tolerance)) return r;
  }
  return undefined;
}

/** Is `block` a final block at the next height of `state`? Names the first thing that fails. */
export function checkBlock(state: ChainState, block: Block, scheme: SignatureScheme): Result<Uint8Array, Rejection> {
  const shape = checkBlockShape(block);
  if (shape) return reject('invalid', shape);
  const proposal = checkProposal(state, block.header, block.body);
  if (!proposal.ok) return proposal;
  const { header } = block;
  // Membership and the rules on sets of party ids first; signatures only if those hold.
  for (const v of [...block.votes, ...block.roundChanges]) {
    if (!state.members.has(v.party)) return reject('invalid', `vote by ${v.party}: not a party at height ${header.height}`);
  }
  const rule = state.charter.rules[header.kind];
  const signers = new Set(block.votes.map((v) => v.party));
  if (!passes(rule, signers, state.members)) {
    const need = stillNeeded(rule, signers, state.members);
    return reject('invalid', `votes do not satisfy the ${header.kind} rule (${describeRule(rule)}): ${need.description} needed`);
  }
  // The layout check made (round, party) unique, so each round's map holds every vote it carries.
  const byRound = new Map<number, Map<PartyId, string | null>>();
  for (const v of block.roundChanges) {
    let round = byRound.get(v.round);
    if (!round) byRound.set(v.round, (round = new Map()));
    round.set(v.party, certificateTarget(v.target));
  }
  const missing = missingCertificate(state, header.round, (r) => byRound.get(r) ?? new Map());
  if (missing !== undefined) {
    return reject('invalid', `round ${missing} has no round-change certificate: its votes do not rule out a decision in that round`);
  }
  const bad = checkSignatures(state, block.votes, 'vote', scheme) ?? checkSignatures(state, block.roundChanges, 'round-change vote', scheme);
  if (bad) return reject('invalid', bad);
  return proposal;
}
