/**
 * One epoch's room key sealed to a set of parties: the bundle a ledger block carries when a room is
 * created (sealed to every party), a party is admitted (the current key sealed to the newcomer) or
 * removed (a fresh epoch sealed to each remaining party).
 *
 * Canonical layout (one encoding per value, so a block hash over it is unambiguous):
 *   domain('plenary/room-keys/v1') | negotiation (32) | epoch u32 | commitment (32) | count u32 |
 *   count x [ recipient party id (16) | ephemeral X25519 key (32) | ciphertext + tag (48) ]
 * with recipients strictly ascending (sorted, no duplicates). Negotiation, epoch and commitment are
 * stated once for all recipients, so every party checks its key against the same public commitment.
 */
import { DecodeError, Writer, decodeWith, domain, equalBytes, isBytes, type Reader } from '../bytes.js';
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
import { err, ok, type Result } from '../result.js';
import { ROOM_KEY_COMMITMENT_BYTES, isEpoch, roomKeyCommitment, type RoomKey } from './room-key.js';
import {
  EPHEMERAL_PUBLIC_KEY_BYTES,
  SEALED_ROOM_KEY_CIPHERTEXT_BYTES,
  openRoomKey,
  sealRoomKey,
  type OpenRejection,
  type RoomMember,
  type SealRejection,
  type SealedRoomKey,
} from './seal.js';

const SEALED_KEYS_DOMAIN = domain('plenary/room-keys/v1');
const ENTRY_BYTES = PARTY_ID_BYTES + EPHEMERAL_PUBLIC_KEY_BYTES + SEALED_ROOM_KEY_CIPHERTEXT_BYTES;
/**
 * As many recipients as a charter may name parties (charter.ts MAX_PARTIES; a test holds them
 * equal). Not imported from there: the charter's genesis carries a bundle, so it imports this module.
 */
export const MAX_SEALED_KEYS = 1000;

export interface SealedRoomKeys {
  readonly negotiation: NegotiationId;
  readonly epoch: number;
  readonly commitment: Uint8Array;
  /** Sorted by recipient party id, one per recipient. */
  readonly keys: readonly SealedRoomKey[];
}

export type SealForPartiesRejection =
  | SealRejection
  | { readonly reason: 'no-recipients'; readonly message: string }
  | { readonly reason: 'duplicate-recipient'; readonly message: string };

export type OpenSealedKeysRejection =
  | OpenRejection
  | { readonly reason: 'wrong-negotiation'; readonly message: string }
  | { readonly reason: 'no-key-for-party'; readonly message: string };

/** Seals one room key to each of `parties` (a PartySpec list fits), sorted by party id. */
export function sealForParties(
  roomKey: RoomKey,
  parties: readonly RoomMember[],
  negotiation: NegotiationId,
): Result<SealedRoomKeys, SealForPartiesRejection> {
  if (parties.length === 0) return err({ reason: 'no-recipients', message: 'a room key must be sealed to at least one party' });
  if (parties.length > MAX_SEALED_KEYS) throw new RangeError(`at most ${MAX_SEALED_KEYS} recipients`);
  const sorted = [...parties].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)); // lowercase hex: string order is byte order
  const keys: SealedRoomKey[] = [];
  for (const [i, party] of sorted.entries()) {
    if (i > 0 && sorted[i - 1]!.id === party.id) return err({ reason: 'duplicate-recipient', message: `party ${party.id} listed twice` });
    const sealed = sealRoomKey(roomKey, { negotiation, recipient: party });
    if (!sealed.ok) return err({ ...sealed.error, message: `party ${String(party.id)}: ${sealed.error.message}` });
    keys.push(sealed.value);
  }
  return ok({ negotiation, epoch: roomKey.epoch, commitment: roomKeyCommitment(negotiation, roomKey), keys });
}

/** Finds and opens the key sealed to `party` in a bundle received from anyone. Never throws on a hostile bundle. */
export function openSealedKeys(
  bundle: SealedRoomKeys,
  options: { readonly negotiation: NegotiationId; readonly secretKey: Uint8Array; readonly party: RoomMember },
): Result<RoomKey, OpenSealedKeysRejection> {
  if (bundle.negotiation !== options.negotiation) {
    return err({ reason: 'wrong-negotiation', message: `keys for negotiation ${bundle.negotiation}, not ${options.negotiation}` });
  }
  const mine = bundle.keys.find((k) => k.recipient === options.party.id);
  if (mine === undefined) return err({ reason: 'no-key-for-party', message: `no key sealed to ${options.party.id} for epoch ${bundle.epoch}` });
  return openRoomKey(mine, options);
}

/**
 * Well-typed and canonical, so `encodeSealedKeys` takes it: undefined when fine, else what is wrong.
 * For bundles received as objects (a block, a genesis). Whether the ciphertexts open is for each
 * recipient to find out: nobody else can.
 */
export function checkSealedKeysShape(bundle: SealedRoomKeys): string | undefined {
  if (typeof bundle !== 'object' || bundle === null) return 'sealed keys are missing';
  if (!isNegotiationId(bundle.negotiation)) return 'sealed keys: negotiation is not a negotiation id';
  if (!isEpoch(bundle.epoch)) return 'sealed keys: epoch must be a u32';
  if (!isBytes(bundle.commitment, ROOM_KEY_COMMITMENT_BYTES)) return `sealed keys: commitment must be ${ROOM_KEY_COMMITMENT_BYTES} bytes`;
  if (!Array.isArray(bundle.keys) || bundle.keys.length === 0 || bundle.keys.length > MAX_SEALED_KEYS) {
    return `sealed keys: 1 to ${MAX_SEALED_KEYS} recipients`;
  }
  let previous: PartyId | undefined;
  for (const [i, key] of (bundle.keys as readonly unknown[]).entries()) {
    if (typeof key !== 'object' || key === null) return `sealed key ${i + 1} is missing`;
    const k = key as SealedRoomKey;
    if (!isPartyId(k.recipient)) return `sealed key ${i + 1}: recipient is not a party id`;
    if (previous !== undefined && !(previous < k.recipient)) return 'sealed keys: recipients not strictly ascending';
    previous = k.recipient;
    if (k.epoch !== bundle.epoch) return `sealed key for ${k.recipient}: epoch ${String(k.epoch)}, not the bundle's ${bundle.epoch}`;
    if (!isBytes(k.commitment, ROOM_KEY_COMMITMENT_BYTES) || !equalBytes(k.commitment, bundle.commitment)) {
      return `sealed key for ${k.recipient}: commitment differs from the bundle's`;
    }
    if (!isBytes(k.ephemeralPublicKey, EPHEMERAL_PUBLIC_KEY_BYTES)) return `sealed key for ${k.recipient}: ephemeral key must be ${EPHEMERAL_PUBLIC_KEY_BYTES} bytes`;
    if (!isBytes(k.ciphertext, SEALED_ROOM_KEY_CIPHERTEXT_BYTES)) return `sealed key for ${k.recipient}: ciphertext must be ${SEALED_ROOM_KEY_CIPHERTEXT_BYTES} bytes`;
  }
  return undefined;
}

/**
 * Is a well-shaped bundle (checkSealedKeysShape: recipients ascending, no repeats) sealed to exactly
 * these parties, given duplicate-free in any order? Party ids are lowercase hex of one length, so
 * string order is the bundle's byte order and equal sorted lists mean equal sets.
 */
export function isSealedToExactly(bundle: SealedRoomKeys, parties: readonly PartyId[]): boolean {
  const expected = [...parties].sort();
  return bundle.keys.length === expected.length && bundle.keys.every((k, i) => k.recipient === expected[i]);
}

export function writeSealedKeys(w: Writer, bundle: SealedRoomKeys): void {
  if (bundle.keys.length === 0 || bundle.keys.length > MAX_SEALED_KEYS) throw new RangeError(`1 to ${MAX_SEALED_KEYS} sealed keys`);
  w.raw(SEALED_KEYS_DOMAIN)
    .fixed(negotiationIdToBytes(bundle.negotiation), NEGOTIATION_ID_BYTES)
    .u32(bundle.epoch)
    .fixed(bundle.commitment, ROOM_KEY_COMMITMENT_BYTES)
    .u32(bundle.keys.length);
  let previous: PartyId | undefined;
  for (const key of bundle.keys) {
    // The shared fields are written once, so entries that disagree with them cannot be encoded.
    if (key.epoch !== bundle.epoch) throw new RangeError('sealed key of another epoch in the bundle');
    if (!equalBytes(key.commitment, bundle.commitment)) {
      throw new RangeError('sealed key with another commitment in the bundle');
    }
    if (previous !== undefined && !(previous < key.recipient)) throw new RangeError('sealed keys must be sorted by recipient, without duplicates');
    previous = key.recipient;
    w.fixed(partyIdToBytes(key.recipient), PARTY_ID_BYTES)
      .fixed(key.ephemeralPublicKey, EPHEMERAL_PUBLIC_KEY_BYTES)
      .fixed(key.ciphertext, SEALED_ROOM_KEY_CIPHERTEXT_BYTES);
  }
}

export function readSealedKeys(r: Reader): SealedRoomKeys {
  r.expectDomain(SEALED_KEYS_DOMAIN, 'sealed room keys');
  const negotiation = negotiationIdFromBytes(r.fixed(NEGOTIATION_ID_BYTES, 'negotiation'));
  const epoch = r.u32('epoch');
  const commitment = r.fixed(ROOM_KEY_COMMITMENT_BYTES, 'commitment');
  const count = r.count(MAX_SEALED_KEYS, ENTRY_BYTES, 'sealed keys');
  if (count === 0) throw new DecodeError('malformed', 'sealed room keys: no recipients');
  const keys: SealedRoomKey[] = [];
  let previous: PartyId | undefined;
  for (let i = 0; i < count; i++) {
    const recipient = partyIdFromBytes(r.fixed(PARTY_ID_BYTES, 'recipient'));
    if (previous !== undefined && !(previous < recipient)) throw new DecodeError('malformed', 'sealed room keys: recipients not strictly ascending');
    previous = recipient;
    const ephemeralPublicKey = r.fixed(EPHEMERAL_PUBLIC_KEY_BYTES, 'ephemeral public key');
    const ciphertext = r.fixed(SEALED_ROOM_KEY_CIPHERTEXT_BYTES, 'sealed key ciphertext');
    keys.push({ epoch, recipient, ephemeralPublicKey, ciphertext, commitment });
  }
  return { negotiation, epoch, commitment, keys };
}

export function encodeSealedKeys(bundle: SealedRoomKeys): Uint8Array {
  const w = new Writer(SEALED_KEYS_DOMAIN.length + 72 + bundle.keys.length * ENTRY_BYTES);
  writeSealedKeys(w, bundle);
  return w.finish();
}

/** Decodes a bundle from untrusted bytes: the value or a DecodeError, nothing else. */
export function decodeSealedKeys(bytes: Uint8Array): SealedRoomKeys {
  return decodeWith(bytes, 'sealed room keys', readSealedKeys);
}
