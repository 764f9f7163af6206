/**
 * Presence: "I am here, my cursor is there", signed by the delegation so no one can put words in
 * its cursor, and bound to one negotiation so it cannot be replayed into another. `at` (ms, the
 * author's clock) orders a party's presences: a receiver keeps only a newer one, so a replay of an
 * old presence changes nothing.
 *
 *   signed    = domain('plenary/presence/v1') | negotiation 32 | party 16 | at u64 | status u8
 *               | cursor flag u8 (0 | 1) [ | paragraph id text | index u32 | length u32 ]
 *   wire      = signed | signature 64
 */
import { DecodeError, Writer, decodeWith, domain, type Reader } from '../../core/bytes.js';
import { isValidId } from '../../core/draft/schema.js';
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
} from '../../core/identity.js';

const PRESENCE_DOMAIN = domain('plenary/presence/v1');
/** Paragraph ids are at most 128 ASCII characters (core/draft/schema.ts isValidId). */
const MAX_ID_BYTES = 128;

export type PresenceStatus = 'active' | 'idle' | 'leaving';
const STATUS_TAGS: Record<PresenceStatus, number> = { active: 1, idle: 2, leaving: 3 };
const STATUSES = Object.keys(STATUS_TAGS) as PresenceStatus[];

export interface Cursor {
  readonly paragraphId: string;
  /** UTF-16 offset in the paragraph's text, as Y.Text counts. */
  readonly index: number;
  /** Selected length; 0 for a caret. */
  readonly length: number;
}

export interface PresenceFields {
  readonly negotiation: NegotiationId;
  readonly party: PartyId;
  /** Milliseconds since the epoch, the author's clock. */
  readonly at: number;
  readonly status: PresenceStatus;
  readonly cursor?: Cursor;
}

export interface Presence extends PresenceFields {
  readonly signature: Uint8Array;
}

const isU32 = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 0xffffffff;

/** Fields that can be encoded; undefined when fine. */
export function checkPresenceShape(p: PresenceFields): string | undefined {
  if (typeof p !== 'object' || p === null) return 'presence is missing';
  if (!isNegotiationId(p.negotiation)) return 'presence negotiation is not a negotiation id';
  if (!isPartyId(p.party)) return 'presence party is not a party id';
  if (!Number.isSafeInteger(p.at) || p.at < 0) return 'presence time must be a non-negative integer';
  if (!STATUSES.includes(p.status)) return 'presence status is unknown';
  if (p.cursor !== undefined) {
    if (!isValidId(p.cursor.paragraphId)) return 'cursor paragraph id is not a valid id';
    if (!isU32(p.cursor.index) || !isU32(p.cursor.length)) return 'cursor index and length must be u32';
  }
  return undefined;
}

function writeSigned(w: Writer, p: PresenceFields): Writer {
  w.raw(PRESENCE_DOMAIN)
    .fixed(negotiationIdToBytes(p.negotiation), NEGOTIATION_ID_BYTES)
    .fixed(partyIdToBytes(p.party), PARTY_ID_BYTES)
    .u64(p.at)
    .u8(STATUS_TAGS[p.status]);
  if (p.cursor === undefined) return w.u8(0);
  return w.u8(1).text(p.cursor.paragraphId).u32(p.cursor.index).u32(p.cursor.length);
}

/** The exact bytes the party signs. Throws RangeError on fields no presence may carry. */
export function presenceSigningBytes(p: PresenceFields): Uint8Array {
  const wrong = checkPresenceShape(p);
  if (wrong) throw new RangeError(wrong);
  return writeSigned(new Writer(128), p).finish();
}

export function signPresence(signer: Signer, fields: PresenceFields): Presence {
  if (fields.party !== signer.party) throw new RangeError('presence: the party must be the signer');
  return { ...fields, signature: signer.sign(presenceSigningBytes(fields)) };
}

export function verifyPresence(p: Presence, publicKey: Uint8Array, scheme: SignatureScheme): boolean {
  let message: Uint8Array;
  try {
    message = presenceSigningBytes(p);
  } catch {
    return false;
  }
  return p.signature instanceof Uint8Array && p.signature.length === SIGNATURE_BYTES && scheme.verify(p.signature, message, publicKey);
}

export function encodePresence(p: Presence): Uint8Array {
  return writeSigned(new Writer(160), p).fixed(p.signature, SIGNATURE_BYTES).finish();
}

function readPresence(r: Reader): Presence {
  r.expectDomain(PRESENCE_DOMAIN, 'presence');
  const negotiation = negotiationIdFromBytes(r.fixed(NEGOTIATION_ID_BYTES, 'negotiation'));
  const party = partyIdFromBytes(r.fixed(PARTY_ID_BYTES, 'party'));
  const at = r.u64('at');
  const tag = r.u8('status');
  const status = STATUSES.find((s) => STATUS_TAGS[s] === tag);
  if (status === undefined) throw new DecodeError('bad-tag', `unknown presence status ${tag}`);
  const flag = r.u8('cursor flag');
  let cursor: Cursor | undefined;
  if (flag === 1) {
    const paragraphId = r.text(MAX_ID_BYTES, 'cursor paragraph id');
    if (!isValidId(paragraphId)) throw new DecodeError('malformed', 'cursor paragraph id is not a valid id');
    cursor = { paragraphId, index: r.u32('cursor index'), length: r.u32('cursor length') };
  } else if (flag !== 0) {
    throw new DecodeError('malformed', 'cursor flag must be 0 or 1');
  }
  const signature = r.fixed(SIGNATURE_BYTES, 'signature');
  return { negotiation, party, at, status, ...(cursor && { cursor }), signature };
}

/** Decodes untrusted bytes: a presence (signature not yet checked) or a DecodeError. */
export function decodePresence(bytes: Uint8Array): Presence {
  return decodeWith(bytes, 'presence', readPresence);
}
