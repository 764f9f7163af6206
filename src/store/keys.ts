/**
 * The key layout of the LevelDB store. Keys are compared as bytes, so every number in a key is
 * fixed-width big-endian (seq 10 sorts after seq 9), and each kind of record has its own one-byte
 * prefix followed by the negotiation, so a range scan reads exactly one kind for one negotiation.
 *
 *   00                                format marker        -> u32 format version
 *   01 | utf8 key                     node metadata        -> bytes
 *   02 | negotiation(32)              negotiation registry -> (empty)
 *   03                                damage note          -> utf8 (see level-recovery.ts)
 *   10 | negotiation | author(16) | seq u64      envelope  -> bytes
 *   11 | negotiation | height u64                block     -> bytes
 *   12 | negotiation | sha256(bytes)(32)         evidence  -> bytes
 *   13 | negotiation                             snapshot  -> bytes
 *   14 | negotiation | party(16) | seq u32 | act hash(32)   act -> bytes
 *
 * Acts (core/acts) are keyed by their hash as well as (party, seq): a party that signs two acts
 * under one seq has equivocated, and both are kept as the proof.
 */
import { Reader, Writer } from '../core/bytes.js';
import {
  NEGOTIATION_ID_BYTES,
  PARTY_ID_BYTES,
  negotiationIdFromBytes,
  negotiationIdToBytes,
  partyIdFromBytes,
  partyIdToBytes,
  type NegotiationId,
  type PartyId,
} from '../core/identity.js';
import { HASH_BYTES } from '../core/hash.js';

const FORMAT = 0x00;
const META = 0x01;
const NEGOTIATION = 0x02;
const DAMAGE = 0x03;
const ENVELOPE = 0x10;
const BLOCK = 0x11;
const EVIDENCE = 0x12;
const SNAPSHOT = 0x13;
const ACT = 0x14;

/** A half-open key range [gte, lt). */
export interface KeyRange {
  readonly gte: Uint8Array;
  readonly lt: Uint8Array;
}

export const formatKey = (): Uint8Array => Uint8Array.of(FORMAT);

export const damageKey = (): Uint8Array => Uint8Array.of(DAMAGE);

export const metaKey = (keyUtf8: Uint8Array): Uint8Array => new Writer(1 + keyUtf8.length).u8(META).raw(keyUtf8).finish();

export const negotiationKey = (neg: NegotiationId): Uint8Array => withNegotiation(NEGOTIATION, neg).finish();

export const negotiationRange = (): KeyRange => prefixRange(Uint8Array.of(NEGOTIATION));

export const envelopeKey = (neg: NegotiationId, author: PartyId, seq: number): Uint8Array =>
  withNegotiation(ENVELOPE, neg).fixed(partyIdToBytes(author), PARTY_ID_BYTES).u64(seq).finish();

/** One author's envelopes from `fromSeq` on. */
export const envelopeRange = (neg: NegotiationId, author: PartyId, fromSeq: number): KeyRange => ({
  gte: envelopeKey(neg, author, fromSeq),
  lt: prefixUpperBound(withNegotiation(ENVELOPE, neg).fixed(partyIdToBytes(author), PARTY_ID_BYTES).finish()),
});

/** Every envelope of a negotiation, all authors. */
export const allEnvelopesRange = (neg: NegotiationId): KeyRange => prefixRange(withNegotiation(ENVELOPE, neg).finish());

export const blockKey = (neg: NegotiationId, height: number): Uint8Array => withNegotiation(BLOCK, neg).u64(height).finish();

export const blockRange = (neg: NegotiationId, fromHeight = 0): KeyRange => ({
  gte: blockKey(neg, fromHeight),
  lt: prefixUpperBound(withNegotiation(BLOCK, neg).finish()),
});

export const evidenceKey = (neg: NegotiationId, hash: Uint8Array): Uint8Array =>
  withNegotiation(EVIDENCE, neg).fixed(hash, HASH_BYTES).finish();

export const evidenceRange = (neg: NegotiationId): KeyRange => prefixRange(withNegotiation(EVIDENCE, neg).finish());

export const snapshotKey = (neg: NegotiationId): Uint8Array => withNegotiation(SNAPSHOT, neg).finish();

export const actKey = (neg: NegotiationId, party: PartyId, seq: number, hash: Uint8Array): Uint8Array =>
  withNegotiation(ACT, neg).fixed(partyIdToBytes(party), PARTY_ID_BYTES).u32(seq).fixed(hash, HASH_BYTES).finish();

/** One party's acts from `fromSeq` on. */
export const actRange = (neg: NegotiationId, party: PartyId, fromSeq: number): KeyRange => {
  const prefix = withNegotiation(ACT, neg).fixed(partyIdToBytes(party), PARTY_ID_BYTES).finish();
  return { gte: new Writer(prefix.length + 4).raw(prefix).u32(fromSeq).finish(), lt: prefixUpperBound(prefix) };
};

/** Every act of a negotiation, by party, seq and hash. */
export const allActsRange = (neg: NegotiationId): KeyRange => prefixRange(withNegotiation(ACT, neg).finish());

/** What a key names; used to read keys back (index rebuild, integrity scan). */
export type ParsedKey =
  | { kind: 'format' }
  | { kind: 'damage' }
  | { kind: 'meta' }
  | { kind: 'negotiation'; neg: NegotiationId }
  | { kind: 'envelope'; neg: NegotiationId; author: PartyId; seq: number }
  | { kind: 'block'; neg: NegotiationId; height: number }
  | { kind: 'evidence'; neg: NegotiationId; hash: Uint8Array }
  | { kind: 'snapshot'; neg: NegotiationId }
  | { kind: 'act'; neg: NegotiationId; party: PartyId; seq: number; hash: Uint8Array };

/** Parses a key of the layout above; undefined if it is not one (a damaged or foreign key). */
export function parseKey(key: Uint8Array): ParsedKey | undefined {
  try {
    const r = new Reader(key);
    const prefix = r.u8();
    const parsed = parseAfterPrefix(prefix, r);
    if (parsed === undefined || parsed.kind === 'meta') return parsed;
    r.end('key');
    return parsed;
  } catch {
    return undefined;
  }
}

function parseAfterPrefix(prefix: number, r: Reader): ParsedKey | undefined {
  if (prefix === FORMAT) return { kind: 'format' };
  if (prefix === DAMAGE) return { kind: 'damage' };
  if (prefix === META) return r.remaining > 0 ? { kind: 'meta' } : undefined;
  const neg = negotiationIdFromBytes(r.fixed(NEGOTIATION_ID_BYTES));
  switch (prefix) {
    case NEGOTIATION:
      return { kind: 'negotiation', neg };
    case ENVELOPE: {
      const author = partyIdFromBytes(r.fixed(PARTY_ID_BYTES));
      const seq = r.u64();
      return seq >= 1 ? { kind: 'envelope', neg, author, seq } : undefined;
    }
    case BLOCK:
      return { kind: 'block', neg, height: r.u64() };
    case EVIDENCE:
      return { kind: 'evidence', neg, hash: r.fixed(HASH_BYTES) };
    case SNAPSHOT:
      return { kind: 'snapshot', neg };
    case ACT: {
      const party = partyIdFromBytes(r.fixed(PARTY_ID_BYTES));
      const seq = r.u32();
      return { kind: 'act', neg, party, seq, hash: r.fixed(HASH_BYTES) };
    }
    default:
      return undefined;
  }
}

function withNegotiation(prefix: number, neg: NegotiationId): Writer {
  return new Writer(64).u8(prefix).fixed(negotiationIdToBytes(neg), NEGOTIATION_ID_BYTES);
}

function prefixRange(prefix: Uint8Array): KeyRange {
  return { gte: prefix, lt: prefixUpperBound(prefix) };
}

/** The smallest key greater than every key starting with `prefix`. */
function prefixUpperBound(prefix: Uint8Array): Uint8Array {
  const out = prefix.slice();
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] !== 0xff) {
      out[i]!++;
      return out.slice(0, i + 1);
    }
  }
  throw new RangeError('prefix of 0xff bytes has no upper bound'); // never: every prefix starts below 0xff
}
