/**
 * A block: a header, its body, the parties' votes for the header, and the round-change
 * certificates for every earlier round at its height: votes of that round, NIL or for any header
 * (see rules.ts isRoundChangeCertificate). Votes are stored compactly (what follows from the header
 * is left out) and in canonical order, so a block has exactly one encoding.
 */
import { DecodeError, Writer, decodeWith, domain, equalBytes, isBytes } from '../bytes.js';
import { HASH_BYTES } from '../hash.js';
import { PARTY_ID_BYTES, SIGNATURE_BYTES, isPartyId, partyIdFromBytes, partyIdToBytes } from '../identity.js';
import { MAX_PARTIES } from '../charter.js';
import { checkBodyShape, readBody, writeBody, type BlockBody } from './body.js';
import { checkHeaderShape, headerHashOf, readHeader, writeHeader, type Header } from './header.js';
import { describeTarget, type Vote } from './vote.js';

// v2: round-change votes carry their target (v1 held NIL votes only).
const BLOCK_DOMAIN = domain('plenary/block/v2');
export const MAX_VOTES = MAX_PARTIES;
/** Bounds a block's certificates: every declined round needs votes from several parties. */
export const MAX_ROUND_CHANGE_VOTES = 65_536;

export interface Block {
  readonly header: Header;
  readonly body: BlockBody;
  /** Votes for this header at its height and round, sorted by party. */
  readonly votes: readonly Vote[];
  /** Votes of earlier rounds at this height (NIL or any header), sorted by round then party: at most one per (round, party). */
  readonly roundChanges: readonly Vote[];
}

/** Canonical vote order: by round, then by party id. */
export function compareVotes(a: Vote, b: Vote): number {
  // Party ids are lowercase hex of equal length: string order is byte order.
  return a.round - b.round || (a.party < b.party ? -1 : a.party > b.party ? 1 : 0);
}

/** A block with its votes in canonical order. */
export function assembleBlock(header: Header, body: BlockBody, votes: Iterable<Vote>, roundChanges: Iterable<Vote>): Block {
  return { header, body, votes: [...votes].sort(compareVotes), roundChanges: [...roundChanges].sort(compareVotes) };
}

/**
 * Well-typed, within caps, in canonical order, and every vote about this block (its negotiation,
 * height; votes for its header and round; round changes for earlier rounds). Says which vote
 * is out of place; undefined when fine. Signatures and membership are finality's business.
 */
export function checkBlockShape(block: Block): string | undefined {
  if (typeof block !== 'object' || block === null) return 'block is missing';
  return checkHeaderShape(block.header) ?? checkBodyShape(block.body) ?? checkVoteLayout(block);
}

/**
 * What the compact encoding relies on: each vote is about this header (so only party and
 * signature need storing) and the lists are in canonical order. Semantics aside, so that any
 * decoded block re-encodes to the same bytes.
 */
function checkVoteLayout(block: Block): string | undefined {
  if (!Array.isArray(block.votes) || !Array.isArray(block.roundChanges)) return 'block votes are missing';
  if (block.votes.length > MAX_VOTES) return `block carries more than ${MAX_VOTES} votes`;
  if (block.roundChanges.length > MAX_ROUND_CHANGE_VOTES) return `block carries more than ${MAX_ROUND_CHANGE_VOTES} round-change votes`;
  const { negotiation, height, round } = block.header;
  const target = headerHashOf(block.header);
  const check = (list: readonly Vote[], what: string, expect: (v: Vote) => string | undefined): string | undefined => {
    for (const [i, v] of list.entries()) {
      if (typeof v !== 'object' || v === null) return `${what} ${i + 1} is missing`;
      if (!isPartyId(v.party)) return `${what} ${i + 1}: party is not a party id`;
      if (!isBytes(v.signature, SIGNATURE_BYTES)) return `${what} by ${v.party}: signature must be ${SIGNATURE_BYTES} bytes`;
      if (!isBytes(v.target, HASH_BYTES)) return `${what} by ${v.party}: target must be ${HASH_BYTES} bytes`;
      if (v.negotiation !== negotiation) return `${what} by ${v.party}: for another negotiation`;
      if (v.height !== height) return `${what} by ${v.party}: for height ${v.height}, not ${height}`;
      const wrong = expect(v);
      if (wrong) return `${what} by ${v.party}: ${wrong}`;
      const prev = list[i - 1];
      if (prev && compareVotes(prev, v) >= 0) return `${what} by ${v.party}: duplicate or out of canonical order`;
    }
    return undefined;
  };
  return (
    check(block.votes, 'vote', (v) => {
      if (v.round !== round) return `for round ${v.round}, not ${round}`;
      return equalBytes(v.target, target) ? undefined : `targets ${describeTarget(v.target)}, not this header`;
    }) ??
    check(block.roundChanges, 'round-change vote', (v) => {
      if (typeof v.round !== 'number' || !Number.isInteger(v.round) || v.round < 0 || v.round >= round) {
        return `for round ${v.round}, not an earlier round than ${round}`;
      }
      return undefined;
    })
  );
}

/** Throws RangeError for a block that `checkBlockShape` rejects: encode only blocks you checked. */
export function encodeBlock(block: Block): Uint8Array {
  const wrong = checkVoteLayout(block);
  if (wrong) throw new RangeError(`cannot encode block: ${wrong}`);
  const w = new Writer();
  w.raw(BLOCK_DOMAIN);
  writeHeader(w, block.header);
  writeBody(w, block.body);
  w.u32(block.votes.length);
  for (const v of block.votes) w.fixed(partyIdToBytes(v.party), PARTY_ID_BYTES).fixed(v.signature, SIGNATURE_BYTES);
  w.u32(block.roundChanges.length);
  for (const v of block.roundChanges) {
    w.u32(v.round).fixed(partyIdToBytes(v.party), PARTY_ID_BYTES).fixed(v.target, HASH_BYTES).fixed(v.signature, SIGNATURE_BYTES);
  }
  return w.finish();
}

export function decodeBlock(bytes: Uint8Array): Block {
  return decodeWith(bytes, 'block', (r) => {
    r.expectDomain(BLOCK_DOMAIN, 'block');
    const header = readHeader(r);
    const body = readBody(r);
    const { negotiation, height, round } = header;
    const target = headerHashOf(header);
    const votes: Vote[] = [];
    const voteCount = r.count(MAX_VOTES, PARTY_ID_BYTES + SIGNATURE_BYTES, 'votes');
    for (let i = 0; i < voteCount; i++) {
      const party = partyIdFromBytes(r.fixed(PARTY_ID_BYTES, 'vote party'));
      const signature = r.fixed(SIGNATURE_BYTES, 'vote signature');
      votes.push({ negotiation, height, round, target, party, signature });
    }
    const roundChanges: Vote[] = [];
    const changeCount = r.count(MAX_ROUND_CHANGE_VOTES, 4 + PARTY_ID_BYTES + HASH_BYTES + SIGNATURE_BYTES, 'round-change votes');
    for (let i = 0; i < changeCount; i++) {
      const voteRound = r.u32('round-change round');
      if (voteRound >= round) throw new DecodeError('malformed', `round-change vote for round ${voteRound} in a round-${round} block`);
      const party = partyIdFromBytes(r.fixed(PARTY_ID_BYTES, 'round-change party'));
      const voteTarget = r.fixed(HASH_BYTES, 'round-change target');
      const signature = r.fixed(SIGNATURE_BYTES, 'round-change signature');
      roundChanges.push({ negotiation, height, round: voteRound, target: voteTarget, party, signature });
    }
    for (const list of [votes, roundChanges]) {
      for (let i = 1; i < list.length; i++) {
        if (compareVotes(list[i - 1]!, list[i]!) >= 0) throw new DecodeError('malformed', 'votes are duplicated or out of canonical order');
      }
    }
    return { header, body, votes, roundChanges };
  });
}
