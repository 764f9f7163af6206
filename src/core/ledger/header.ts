/**
 * A block header: what the parties sign (by its hash). It binds the negotiation, the height and
 * round, the previous final block (hash chain), the kind of decision and the hash of its body.
 */
import { Reader, Writer, decodeWith, domain } from '../bytes.js';
import { HASH_BYTES, taggedHash } from '../hash.js';
import {
  NEGOTIATION_ID_BYTES,
  PARTY_ID_BYTES,
  isNegotiationId,
  isPartyId,
  negotiationIdFromBytes,
  negotiationIdToBytes,
  partyIdFromBytes,
  partyIdToBytes,
  type NegotiationId,
  type PartyId,
} from '../identity.js';
import { kindOfTag, kindTag, type BlockKind } from './body.js';

const HEADER_DOMAIN = domain('plenary/header/v1');
export const MAX_ROUND = 0xffffffff;

export interface Header {
  readonly negotiation: NegotiationId;
  /** 1 for the first block after the genesis. */
  readonly height: number;
  /** 0, or the round after earlier rounds at this height were declined. */
  readonly round: number;
  /** Hash of the previous final block's header; the negotiation id bytes at height 1. */
  readonly prevHash: Uint8Array;
  readonly kind: BlockKind;
  readonly bodyHash: Uint8Array;
  readonly proposer: PartyId;
  /** Milliseconds since the epoch, as the proposer's clock said. */
  readonly proposedAt: number;
}

export const HEADER_BYTES = HEADER_DOMAIN.length + NEGOTIATION_ID_BYTES + 8 + 4 + HASH_BYTES + 1 + HASH_BYTES + PARTY_ID_BYTES + 8;

export function writeHeader(w: Writer, h: Header): void {
  w.raw(HEADER_DOMAIN)
    .fixed(negotiationIdToBytes(h.negotiation), NEGOTIATION_ID_BYTES)
    .u64(h.height)
    .u32(h.round)
    .fixed(h.prevHash, HASH_BYTES)
    .u8(kindTag(h.kind))
    .fixed(h.bodyHash, HASH_BYTES)
    .fixed(partyIdToBytes(h.proposer), PARTY_ID_BYTES)
    .u64(h.proposedAt);
}

export function readHeader(r: Reader): Header {
  r.expectDomain(HEADER_DOMAIN, 'header');
  const negotiation = negotiationIdFromBytes(r.fixed(NEGOTIATION_ID_BYTES, 'negotiation'));
  const height = r.u64('height');
  const round = r.u32('round');
  const prevHash = r.fixed(HASH_BYTES, 'prevHash');
  const kind = kindOfTag(r.u8('kind'));
  const bodyHash = r.fixed(HASH_BYTES, 'bodyHash');
  const proposer = partyIdFromBytes(r.fixed(PARTY_ID_BYTES, 'proposer'));
  const proposedAt = r.u64('proposedAt');
  return { negotiation, height, round, prevHash, kind, bodyHash, proposer, proposedAt };
}

export function encodeHeader(h: Header): Uint8Array {
  const w = new Writer(HEADER_BYTES);
  writeHeader(w, h);
  return w.finish();
}

export function decodeHeader(bytes: Uint8Array): Header {
  return decodeWith(bytes, 'header', readHeader);
}

export function headerHashOf(h: Header): Uint8Array {
  return taggedHash('plenary/header/v1', encodeHeader(h));
}

const isHash = (b: unknown): b is Uint8Array => b instanceof Uint8Array && b.length === HASH_BYTES;
const isU64 = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/** Fields well-typed, so the header can be encoded and hashed; undefined when fine. */
export function checkHeaderShape(h: Header): string | undefined {
  if (typeof h !== 'object' || h === null) return 'header is missing';
  if (!isNegotiationId(h.negotiation)) return 'header negotiation is not a negotiation id';
  if (!isU64(h.height) || h.height < 1) return 'header height must be an integer >= 1';
  if (!isU64(h.round) || h.round > MAX_ROUND) return 'header round must be a u32';
  if (!isHash(h.prevHash)) return 'header prevHash must be 32 bytes';
  if (h.kind !== 'admit' && h.kind !== 'remove' && h.kind !== 'adopt') return 'header kind is unknown';
  if (!isHash(h.bodyHash)) return 'header bodyHash must be 32 bytes';
  if (!isPartyId(h.proposer)) return 'header proposer is not a party id';
  if (!isU64(h.proposedAt)) return 'header proposedAt must be a non-negative integer';
  return undefined;
}
