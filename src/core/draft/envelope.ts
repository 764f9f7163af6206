/**
 * Signed envelopes: how one delegation's Yjs update travels, bound to its negotiation, its author,
 * its place in the author's sequence and the Yjs clientID it writes under.
 *
 * Wire layout (the signed bytes followed by the signature, so a receiver verifies a subarray of
 * what it received without re-encoding anything):
 *   domain('plenary/envelope/v1')
 *   negotiation   32 bytes
 *   author        16 bytes (party id)
 *   seq           u64, 1, 2, 3... per author
 *   epoch         u32, chosen fresh by the author's node per session/device
 *   clientId      u64, must equal deriveClientId(author, epoch)
 *   update        u32 length + a Yjs v1 update (<= 8 MiB)
 *   signature     64 bytes, ed25519 over everything above
 */
import * as Y from 'yjs';
import { DecodeError, Writer, decodeWith, domain, type Reader } from '../bytes.js';
import { taggedHash } from '../hash.js';
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

export const ENVELOPE_TAG = 'plenary/envelope/v1';
const ENVELOPE_DOMAIN = domain(ENVELOPE_TAG);

/** Largest Yjs update one envelope may carry. */
export const MAX_UPDATE_BYTES = 8 * 1024 * 1024;
/** Fixed bytes around the update: domain, ids, numbers, length prefix, signature. */
export const ENVELOPE_OVERHEAD = ENVELOPE_DOMAIN.length + NEGOTIATION_ID_BYTES + PARTY_ID_BYTES + 8 + 4 + 8 + 4 + SIGNATURE_BYTES;
export const MAX_ENVELOPE_BYTES = ENVELOPE_OVERHEAD + MAX_UPDATE_BYTES;

export interface Envelope {
  readonly negotiation: NegotiationId;
  readonly author: PartyId;
  readonly seq: number;
  readonly epoch: number;
  readonly clientId: number;
  readonly update: Uint8Array;
  readonly signature: Uint8Array;
}

export type EnvelopeFields = Omit<Envelope, 'signature'>;

/**
 * The Yjs clientID a delegation writes under in one epoch: the first 53 bits of
 * taggedHash('plenary/client-id/v1', author, epoch u32). Derived rather than announced, so every
 * replica decides alone, in any delivery order, whether an update's items belong to its signer.
 */
export function deriveClientId(author: PartyId, epoch: number): number {
  if (!Number.isInteger(epoch) || epoch < 0 || epoch > 0xffffffff) throw new RangeError(`epoch out of range: ${epoch}`);
  const epochBytes = new Writer(4).u32(epoch).finish();
  const h = taggedHash('plenary/client-id/v1', partyIdToBytes(author), epochBytes);
  const hi = ((h[0]! << 24) | (h[1]! << 16) | (h[2]! << 8) | h[3]!) >>> 0;
  const lo = (h[4]! << 16) | (h[5]! << 8) | h[6]!;
  return hi * 2 ** 21 + (lo >>> 3); // 32 + 21 = 53 bits
}

function checkFields(f: EnvelopeFields): void {
  if (!isNegotiationId(f.negotiation)) throw new RangeError('envelope: negotiation is not a negotiation id');
  if (!isPartyId(f.author)) throw new RangeError('envelope: author is not a party id');
  if (!Number.isSafeInteger(f.seq) || f.seq < 1) throw new RangeError(`envelope: seq must be an integer >= 1, got ${f.seq}`);
  if (!Number.isInteger(f.epoch) || f.epoch < 0 || f.epoch > 0xffffffff) throw new RangeError(`envelope: epoch out of range: ${f.epoch}`);
  // Yjs encodes clientIDs as var-uints that lib0 reads up to 2^53 - 1 (checked in envelope.test.ts).
  if (!Number.isSafeInteger(f.clientId) || f.clientId < 0) throw new RangeError(`envelope: clientId out of range: ${f.clientId}`);
  if (!(f.update instanceof Uint8Array)) throw new RangeError('envelope: update must be bytes');
  if (f.update.length > MAX_UPDATE_BYTES) throw new RangeError(`envelope: update of ${f.update.length} bytes exceeds ${MAX_UPDATE_BYTES}`);
}

function writeSigned(w: Writer, f: EnvelopeFields): Writer {
  return w
    .raw(ENVELOPE_DOMAIN)
    .fixed(negotiationIdToBytes(f.negotiation), NEGOTIATION_ID_BYTES)
    .fixed(partyIdToBytes(f.author), PARTY_ID_BYTES)
    .u64(f.seq)
    .u32(f.epoch)
    .u64(f.clientId)
    .bytes(f.update);
}

/** The exact bytes the author signs. Throws RangeError on fields no envelope may carry. */
export function envelopeSigningBytes(fields: EnvelopeFields): Uint8Array {
  checkFields(fields);
  return writeSigned(new Writer(ENVELOPE_OVERHEAD + fields.update.length), fields).finish();
}

export function encodeEnvelope(env: Envelope): Uint8Array {
  checkFields(env);
  const w = writeSigned(new Writer(ENVELOPE_OVERHEAD + env.update.length), env);
  return w.fixed(env.signature, SIGNATURE_BYTES).finish();
}

function readEnvelope(r: Reader): Envelope {
  r.expectDomain(ENVELOPE_DOMAIN, 'envelope');
  const negotiation = negotiationIdFromBytes(r.fixed(NEGOTIATION_ID_BYTES, 'negotiation'));
  const author = partyIdFromBytes(r.fixed(PARTY_ID_BYTES, 'author'));
  const seq = r.u64('seq');
  if (seq < 1) throw new DecodeError('malformed', 'envelope: seq must be >= 1');
  const epoch = r.u32('epoch');
  const clientId = r.u64('clientId');
  const update = r.bytes(MAX_UPDATE_BYTES, 'update');
  const signature = r.fixed(SIGNATURE_BYTES, 'signature');
  return { negotiation, author, seq, epoch, clientId, update, signature };
}

/** Decodes untrusted bytes; throws DecodeError on anything that is not exactly one envelope. */
export function decodeEnvelope(bytes: Uint8Array): Envelope {
  return decodeWith(bytes, 'envelope', readEnvelope);
}

/**
 * Decodes and also returns the signed part as a view of the input (no copy), which is what
 * the replica verifies and fingerprints.
 */
export function decodeEnvelopeParts(bytes: Uint8Array): { envelope: Envelope; signed: Uint8Array } {
  const envelope = decodeEnvelope(bytes);
  return { envelope, signed: bytes.subarray(0, bytes.length - SIGNATURE_BYTES) };
}

/**
 * Signs the fields as the signer's delegation (the author field must be the signer's party).
 * Given a scheme, checks the fresh signature against the signer's public key before anyone
 * else sees it (a signer holding the wrong key would otherwise be found out by every peer).
 */
export function sealEnvelope(signer: Signer, fields: EnvelopeFields, scheme?: SignatureScheme): Envelope {
  if (fields.author !== signer.party) throw new RangeError('envelope: the author must be the signing party');
  const message = envelopeSigningBytes(fields);
  const signature = signer.sign(message);
  if (scheme !== undefined && !scheme.verify(signature, message, signer.publicKey)) {
    throw new Error('envelope: the signer produced a signature its public key does not verify');
  }
  return { ...fields, signature };
}

export function verifyEnvelopeSignature(env: Envelope, publicKey: Uint8Array, scheme: SignatureScheme): boolean {
  let message: Uint8Array;
  try {
    message = envelopeSigningBytes(env);
  } catch {
    return false;
  }
  return env.signature instanceof Uint8Array && env.signature.length === SIGNATURE_BYTES && scheme.verify(env.signature, message, publicKey);
}

/** Updates merged per Y.mergeUpdates call: its cost grows faster than linearly in the count. */
const MERGE_FAN_IN = 16;

/**
 * Coalesces consecutive updates of one author (one clientId) into one: the node gathers ~30 ms
 * of keystrokes into a single envelope. Merged in a tree of 16-way merges: Y.mergeUpdates re-sorts
 * its inputs for every struct it writes, so one flat merge of thousands of keystrokes (a burst, a
 * paste, edits made offline) costs about 13x more, for the same bytes (bench/trace.ts).
 */
export function mergeEnvelopeUpdates(updates: readonly Uint8Array[]): Uint8Array {
  let level = updates as Uint8Array[];
  if (level.length === 0) return Y.mergeUpdates([]);
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += MERGE_FAN_IN) {
      const group = level.slice(i, i + MERGE_FAN_IN);
      next.push(group.length === 1 ? group[0]! : Y.mergeUpdates(group));
    }
    level = next;
  }
  return level[0]!;
}
