/**
 * The room key: 32 random bytes that the parties of a negotiation hold for one epoch. Every
 * membership change that removes someone starts a new epoch with a fresh key, so what is written
 * afterwards is unreadable to whoever left; admissions reuse the current key (the newcomer reads the
 * room from then on, plus whatever older epochs the parties choose to seal to it).
 *
 * The raw key is never used directly as a cipher key: purposes get their own subkey via HKDF, and a
 * hash commitment names the key publicly so every party can check it received the same one.
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { Writer, domain } from '../bytes.js';
import { taggedHash } from '../hash.js';
import { NEGOTIATION_ID_BYTES, negotiationIdToBytes, type NegotiationId } from '../identity.js';

export const ROOM_KEY_BYTES = 32;
export const ROOM_KEY_COMMITMENT_BYTES = 32;
/** Epochs are u32 on the wire; 4 billion rotations is beyond any negotiation. */
export const MAX_EPOCH = 0xffffffff;

export interface RoomKey {
  readonly epoch: number;
  readonly key: Uint8Array;
}

export function isEpoch(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_EPOCH;
}

/** The first key of a room (epoch 0 unless restoring a later one), from the platform CSPRNG. */
export function createRoomKey(epoch = 0): RoomKey {
  if (!isEpoch(epoch)) throw new RangeError(`room key epoch out of range: ${epoch}`);
  // noble's randomBytes is crypto.getRandomValues: present in browsers and Node, never Math.random.
  return { epoch, key: randomBytes(ROOM_KEY_BYTES) };
}

/** Rotation: an independent fresh key (not derived from the old one, which a removed party holds), epoch + 1. */
export function nextRoomKey(previous: RoomKey): RoomKey {
  if (previous.epoch >= MAX_EPOCH) throw new RangeError('room key epoch exhausted');
  return createRoomKey(previous.epoch + 1);
}

/** A key received from elsewhere (e.g. opened from a sealed bundle), checked for shape. */
export function roomKeyOf(epoch: number, key: Uint8Array): RoomKey {
  if (!isEpoch(epoch)) throw new RangeError(`room key epoch out of range: ${epoch}`);
  if (!(key instanceof Uint8Array) || key.length !== ROOM_KEY_BYTES) throw new RangeError(`room key must be ${ROOM_KEY_BYTES} bytes`);
  return { epoch, key: key.slice() };
}

/**
 * A public commitment to a room key for one negotiation and epoch. It travels beside the sealed keys
 * (in the ledger block every party signs), so a dishonest sealer cannot give different parties
 * different keys for one epoch and split the room without each of them noticing: Poly1305 alone is
 * not key-committing. A tagged SHA-256 of a 256-bit random key reveals nothing usable about it.
 */
export function roomKeyCommitment(negotiation: NegotiationId, roomKey: RoomKey): Uint8Array {
  const context = new Writer(NEGOTIATION_ID_BYTES + 4)
    .fixed(negotiationIdToBytes(negotiation), NEGOTIATION_ID_BYTES)
    .u32(roomKey.epoch)
    .finish();
  return taggedHash('plenary/room-key-commitment/v1', context, roomKey.key);
}

const PAYLOAD_KEY_INFO = domain('plenary/room-payload-key/v1');

// Deriving costs about twice an XChaCha20-Poly1305 of a keystroke, so we keep the last subkey per
// RoomKey object. A WeakMap keeps nothing alive that the caller has dropped.
const payloadKeys = new WeakMap<RoomKey, { readonly negotiation: NegotiationId; readonly key: Uint8Array }>();

/**
 * The XChaCha20-Poly1305 key for gossip payloads: HKDF-SHA256 of the room key, bound to the
 * negotiation and epoch. A separate subkey per purpose means a later use of the room key (another
 * cipher, a MAC) can never interact with this one. No salt: the room key is already uniformly random,
 * which is the case RFC 5869 §3.1 allows an absent salt for.
 */
export function payloadKeyOf(roomKey: RoomKey, negotiation: NegotiationId): Uint8Array {
  const cached = payloadKeys.get(roomKey);
  if (cached !== undefined && cached.negotiation === negotiation) return cached.key;
  if (roomKey.key.length !== ROOM_KEY_BYTES) throw new RangeError(`room key must be ${ROOM_KEY_BYTES} bytes`);
  const info = new Writer(PAYLOAD_KEY_INFO.length + NEGOTIATION_ID_BYTES + 4)
    .raw(PAYLOAD_KEY_INFO)
    .fixed(negotiationIdToBytes(negotiation), NEGOTIATION_ID_BYTES)
    .u32(roomKey.epoch)
    .finish();
  const key = hkdf(sha256, roomKey.key, undefined, info, 32);
  payloadKeys.set(roomKey, { negotiation, key });
  return key;
}
