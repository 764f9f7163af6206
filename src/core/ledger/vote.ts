/**
 * A vote: one party's signature on a header hash at (height, round), or on NIL (32 zero bytes),
 * meaning "I decline this round". An honest party signs at most one vote per (height, round);
 * two with different targets are equivocation (see evidence.ts).
 */
import { Reader, Writer, decodeWith, domain, equalBytes, toHex } from '../bytes.js';
import { HASH_BYTES } from '../hash.js';
import {
  NEGOTIATION_ID_BYTES,
  PARTY_ID_BYTES,
  SIGNATURE_BYTES,
  isNegotiationId,
  isPartyId,
  negotiationIdFromBytes,
  negotiationIdToBytes,
  partyIdFromBytes,
  partyIdToBytes,
  type NegotiationId,
  type PartyId,
  type SignatureScheme,
  type Signer,
} from '../identity.js';
import { MAX_ROUND } from './header.js';

const VOTE_DOMAIN = domain('plenary/vote/v1');

/** The NIL target: a decline of the round. */
export const NIL: Uint8Array = new Uint8Array(HASH_BYTES);

export interface Vote {
  readonly negotiation: NegotiationId;
  readonly height: number;
  readonly round: number;
  /** A header hash, or NIL. */
  readonly target: Uint8Array;
  readonly party: PartyId;
  readonly signature: Uint8Array;
}

export const isNil = (target: Uint8Array): boolean => equalBytes(target, NIL);

/** How a round-change certificate (rules.ts RoundVotes) names a vote's target: null for NIL. */
export const certificateTarget = (target: Uint8Array): string | null => (isNil(target) ? null : toHex(target));

/** The signed bytes: domain || negotiation || height u64 || round u32 || target. */
export function voteMessage(negotiation: NegotiationId, height: number, round: number, target: Uint8Array): Uint8Array {
  return new Writer(VOTE_DOMAIN.length + NEGOTIATION_ID_BYTES + 8 + 4 + HASH_BYTES)
    .raw(VOTE_DOMAIN)
    .fixed(negotiationIdToBytes(negotiation), NEGOTIATION_ID_BYTES)
    .u64(height)
    .u32(round)
    .fixed(target, HASH_BYTES)
    .finish();
}

export function signVote(signer: Signer, negotiation: NegotiationId, height: number, round: number, target: Uint8Array): Vote {
  const signature = signer.sign(voteMessage(negotiation, height, round, target));
  return { negotiation, height, round, target: target.slice(), party: signer.party, signature };
}

/** Checks the signature against a key; the caller decides whose key (the party's, at that height). */
export function verifyVoteSignature(vote: Vote, publicKey: Uint8Array, scheme: SignatureScheme): boolean {
  return scheme.verify(vote.signature, voteMessage(vote.negotiation, vote.height, vote.round, vote.target), publicKey);
}

const isU64 = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/** Fields well-typed, so the vote can be encoded and verified; undefined when fine. */
export function checkVoteShape(v: Vote): string | undefined {
  if (typeof v !== 'object' || v === null) return 'vote is missing';
  if (!isNegotiationId(v.negotiation)) return 'vote negotiation is not a negotiation id';
  if (!isU64(v.height) || v.height < 1) return 'vote height must be an integer >= 1';
  if (!isU64(v.round) || v.round > MAX_ROUND) return 'vote round must be a u32';
  if (!(v.target instanceof Uint8Array) || v.target.length !== HASH_BYTES) return 'vote target must be 32 bytes';
  if (!isPartyId(v.party)) return 'vote party is not a party id';
  if (!(v.signature instanceof Uint8Array) || v.signature.length !== SIGNATURE_BYTES) return 'vote signature must be 64 bytes';
  return undefined;
}

/** Identical votes (same fields and same signature bytes). */
export function sameVote(a: Vote, b: Vote): boolean {
  return (
    a.negotiation === b.negotiation &&
    a.height === b.height &&
    a.round === b.round &&
    a.party === b.party &&
    equalBytes(a.target, b.target) &&
    equalBytes(a.signature, b.signature)
  );
}

/** Short form for messages: the first 8 hex digits of a target, or NIL. */
export const describeTarget = (target: Uint8Array): string => (isNil(target) ? 'NIL' : toHex(target.subarray(0, 4)));

export const VOTE_BYTES = VOTE_DOMAIN.length + NEGOTIATION_ID_BYTES + 8 + 4 + HASH_BYTES + PARTY_ID_BYTES + SIGNATURE_BYTES;

export function writeVote(w: Writer, v: Vote): void {
  w.raw(voteMessage(v.negotiation, v.height, v.round, v.target)).fixed(partyIdToBytes(v.party), PARTY_ID_BYTES).fixed(v.signature, SIGNATURE_BYTES);
}

export function readVote(r: Reader): Vote {
  r.expectDomain(VOTE_DOMAIN, 'vote');
  const negotiation = negotiationIdFromBytes(r.fixed(NEGOTIATION_ID_BYTES, 'negotiation'));
  const height = r.u64('height');
  const round = r.u32('round');
  const target = r.fixed(HASH_BYTES, 'target');
  const party = partyIdFromBytes(r.fixed(PARTY_ID_BYTES, 'party'));
  const signature = r.fixed(SIGNATURE_BYTES, 'signature');
  return { negotiation, height, round, target, party, signature };
}

/** The wire form of a single vote: its signed bytes, then party and signature. */
export function encodeVote(v: Vote): Uint8Array {
  const w = new Writer(VOTE_BYTES);
  writeVote(w, v);
  return w.finish();
}

export function decodeVote(bytes: Uint8Array): Vote {
  return decodeWith(bytes, 'vote', readVote);
}
