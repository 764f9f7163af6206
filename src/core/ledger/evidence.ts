/**
 * Proof of equivocation: two votes by one party at the same (negotiation, height, round) for
 * different targets. Anyone can check it with nothing but that party's public key, so it can be
 * shown to every delegation and exported in a dossier.
 */
import { Writer, decodeWith, domain, equalBytes } from '../bytes.js';
import { partyIdOf, type PartyId, type SignatureScheme } from '../identity.js';
import { err, ok, type Result } from '../result.js';
import type { Block } from './block.js';
import { VOTE_BYTES, checkVoteShape, describeTarget, readVote, verifyVoteSignature, writeVote, type Vote } from './vote.js';

const EVIDENCE_DOMAIN = domain('plenary/evidence/v1');

export interface EquivocationEvidence {
  /** The vote seen (and counted) first. */
  readonly first: Vote;
  /** A later vote by the same party for another target at the same height and round. */
  readonly second: Vote;
}

/** One key per offence: a party equivocating at a (height, round), however many votes it signed. */
export const evidenceKey = (e: EquivocationEvidence): string => `${e.first.party}/${e.first.height}/${e.first.round}`;

/** Valid evidence names the culprit: returns the party it convicts. */
export function verifyEvidence(e: EquivocationEvidence, publicKey: Uint8Array, scheme: SignatureScheme): Result<PartyId, string> {
  if (typeof e !== 'object' || e === null) return err('evidence is missing');
  const shape = checkVoteShape(e.first) ?? checkVoteShape(e.second);
  if (shape) return err(shape);
  const { first, second } = e;
  if (first.party !== second.party) return err('the two votes are by different parties');
  if (partyIdOf(publicKey) !== first.party) return err('the public key is not the party\'s');
  if (first.negotiation !== second.negotiation) return err('the two votes are for different negotiations');
  if (first.height !== second.height || first.round !== second.round) return err('the two votes are for different heights or rounds');
  if (equalBytes(first.target, second.target)) return err('the two votes have the same target');
  if (!verifyVoteSignature(first, publicKey, scheme)) return err('the first vote is not signed by the party');
  if (!verifyVoteSignature(second, publicKey, scheme)) return err('the second vote is not signed by the party');
  return ok(first.party);
}

export function describeEvidence(e: EquivocationEvidence): string {
  return (
    `party ${e.first.party} signed both ${describeTarget(e.first.target)} and ${describeTarget(e.second.target)} ` +
    `at height ${e.first.height}, round ${e.first.round}`
  );
}

export function encodeEvidence(e: EquivocationEvidence): Uint8Array {
  const w = new Writer(EVIDENCE_DOMAIN.length + 2 * VOTE_BYTES);
  w.raw(EVIDENCE_DOMAIN);
  writeVote(w, e.first);
  writeVote(w, e.second);
  return w.finish();
}

export function decodeEvidence(bytes: Uint8Array): EquivocationEvidence {
  return decodeWith(bytes, 'evidence', (r) => {
    r.expectDomain(EVIDENCE_DOMAIN, 'evidence');
    return { first: readVote(r), second: readVote(r) };
  });
}

/** Every vote a block carries: its signatures and its round-change certificates. */
export function votesOf(block: Block): Vote[] {
  return [...block.votes, ...block.roundChanges];
}

/**
 * Two different blocks at one height: the parties who signed conflicting votes in both. If both
 * blocks are final, the safety argument (finality.ts) guarantees this is never empty.
 */
export function findConflictEvidence(a: Block, b: Block): EquivocationEvidence[] {
  if (a.header.negotiation !== b.header.negotiation || a.header.height !== b.header.height) return [];
  const mine = new Map<string, Vote>();
  for (const v of votesOf(a)) mine.set(`${v.party}/${v.round}`, v);
  const found = new Map<string, EquivocationEvidence>();
  for (const v of votesOf(b)) {
    const other = mine.get(`${v.party}/${v.round}`);
    if (other && !equalBytes(other.target, v.target)) {
      const e = { first: other, second: v };
      if (!found.has(evidenceKey(e))) found.set(evidenceKey(e), e);
    }
  }
  return [...found.values()];
}
