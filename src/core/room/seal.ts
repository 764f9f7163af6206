/**
 * Sealing a room key to one delegation: an ECIES-style construction (the shape of HPKE's
 * DHKEM(X25519, HKDF-SHA256) base mode, written out with noble primitives).
 *
 *   ephemeral X25519 key pair (fresh per sealing, secret discarded at once)
 *   shared  = X25519(ephemeral secret, recipient's X25519 public key)
 *   okm     = HKDF-SHA256(ikm = shared, salt = none, info = context, 56 bytes)
 *   ciphertext = XChaCha20-Poly1305(key = okm[0..32], nonce = okm[32..56], aad = context).encrypt(room key)
 *   context = domain tag | negotiation | epoch | recipient party id | recipient ed25519 key
 *             | ephemeral public key | room key commitment
 *
 * The nonce comes from the KDF rather than from randomness because each derived key encrypts exactly
 * one message (the ephemeral key is fresh), so there is nothing to collide with and nothing to carry.
 * Binding both public keys into the KDF (as HPKE's kem_context does) ties the ciphertext to this
 * recipient and this ephemeral encoding; binding negotiation and epoch stops a sealed key from being
 * replayed into another negotiation or presented as another epoch's key.
 *
 * Why the recipient's X25519 key is converted from its ed25519 identity key:
 * - Every party already has exactly one published, ledger-certified key; converting it (the birational
 *   map of RFC 7748 §4.1, libsodium's crypto_sign_ed25519_pk_to_curve25519) gives an encryption key
 *   with no new key to distribute, certify, store or lose.
 * - Using one secret scalar for EdDSA and X25519 has been analysed and found jointly secure
 *   (Thormarker, "On using the same key pair for Ed25519 and an X25519 based KEM", 2021); the
 *   X25519 secret is the clamped SHA-512 of the ed25519 seed, exactly the EdDSA signing scalar.
 * Known caveats, accepted here and listed so nobody is surprised:
 * - No key separation: whoever steals the signing key also opens every room key ever sealed to the
 *   party, and the ledger keeps those sealed keys forever. There is no forward secrecy across
 *   epochs for that party (a separate, rotatable X25519 key would be needed for that).
 * - The map ignores the sign of x, so two ed25519 encodings (P and -P) share one X25519 key; we bind
 *   the exact ed25519 key and the party id derived from it, so a sealing is still for one identity.
 * - Small-order ed25519 keys map to low-order X25519 points whose shared secret is predictable; we
 *   refuse them when sealing, and noble's X25519 also rejects low-order inputs before the ladder.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { Writer, domain, equalBytes } from '../bytes.js';
import {
  NEGOTIATION_ID_BYTES,
  PARTY_ID_BYTES,
  PUBLIC_KEY_BYTES,
  SECRET_KEY_BYTES,
  isPartyId,
  negotiationIdToBytes,
  partyIdOf,
  partyIdToBytes,
  type NegotiationId,
  type PartyId,
} from '../identity.js';
import { err, ok, type Result } from '../result.js';
import { ROOM_KEY_BYTES, ROOM_KEY_COMMITMENT_BYTES, isEpoch, roomKeyCommitment, roomKeyOf, type RoomKey } from './room-key.js';

export const EPHEMERAL_PUBLIC_KEY_BYTES = 32;
const TAG_BYTES = 16;
export const SEALED_ROOM_KEY_CIPHERTEXT_BYTES = ROOM_KEY_BYTES + TAG_BYTES;

const SEAL_CONTEXT = domain('plenary/room-key-seal/v1');
const CIPHER_KEY_BYTES = 32;
const NONCE_BYTES = 24;

/** A delegation as far as sealing cares: its party id and the ed25519 key the id derives from (a PartySpec fits). */
export interface RoomMember {
  readonly id: PartyId;
  readonly publicKey: Uint8Array;
}

/** One room key sealed to one party. `commitment` names the key publicly (see roomKeyCommitment). */
export interface SealedRoomKey {
  readonly epoch: number;
  readonly recipient: PartyId;
  readonly ephemeralPublicKey: Uint8Array;
  readonly ciphertext: Uint8Array;
  readonly commitment: Uint8Array;
}

export type SealRejection =
  /** The member's id is not the one derived from its key, or the key is not a usable ed25519 point. */
  { readonly reason: 'invalid-recipient'; readonly message: string };

export type OpenRejection =
  | { readonly reason: 'not-addressed-to-party'; readonly message: string }
  /** The ephemeral key is a low-order point: no honest sealer produces one. */
  | { readonly reason: 'invalid-ephemeral-key'; readonly message: string }
  /** Tampered, sealed to someone else, or presented under another negotiation or epoch. */
  | { readonly reason: 'authentication-failed'; readonly message: string }
  /** It decrypts, but to a key other than the one committed publicly: a dishonest sealer. */
  | { readonly reason: 'commitment-mismatch'; readonly message: string };

function sealContext(negotiation: NegotiationId, sealed: Omit<SealedRoomKey, 'ciphertext'>, recipientKey: Uint8Array): Uint8Array {
  return new Writer(SEAL_CONTEXT.length + NEGOTIATION_ID_BYTES + 4 + PARTY_ID_BYTES + PUBLIC_KEY_BYTES + EPHEMERAL_PUBLIC_KEY_BYTES + ROOM_KEY_COMMITMENT_BYTES)
    .raw(SEAL_CONTEXT)
    .fixed(negotiationIdToBytes(negotiation), NEGOTIATION_ID_BYTES)
    .u32(sealed.epoch)
    .fixed(partyIdToBytes(sealed.recipient), PARTY_ID_BYTES)
    .fixed(recipientKey, PUBLIC_KEY_BYTES)
    .fixed(sealed.ephemeralPublicKey, EPHEMERAL_PUBLIC_KEY_BYTES)
    .fixed(sealed.commitment, ROOM_KEY_COMMITMENT_BYTES)
    .finish();
}

/** The one-time AEAD for a sealing: key and nonce both from HKDF over the shared secret. */
function sealCipher(shared: Uint8Array, context: Uint8Array) {
  const okm = hkdf(sha256, shared, undefined, context, CIPHER_KEY_BYTES + NONCE_BYTES);
  return xchacha20poly1305(okm.subarray(0, CIPHER_KEY_BYTES), okm.subarray(CIPHER_KEY_BYTES), context);
}

/** The recipient's X25519 public key, or why its ed25519 key cannot be sealed to. */
function recipientX25519(member: RoomMember): Result<Uint8Array, SealRejection> {
  const invalid = (message: string) => err<SealRejection>({ reason: 'invalid-recipient', message });
  if (!(member.publicKey instanceof Uint8Array) || member.publicKey.length !== PUBLIC_KEY_BYTES) return invalid('public key must be 32 bytes');
  if (!isPartyId(member.id) || member.id !== partyIdOf(member.publicKey)) return invalid('party id does not match the public key');
  try {
    // Strict RFC 8032 decoding (noble's default for fromBytes), then refuse the 8 small-order points.
    if (ed25519.Point.fromBytes(member.publicKey).isSmallOrder()) return invalid('public key is a small-order point');
    return ok(ed25519.utils.toMontgomery(member.publicKey));
  } catch (e) {
    return invalid(`public key is not an ed25519 point (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** Seals `roomKey` for one party of `negotiation`. Fresh randomness per call: two sealings never share bytes. */
export function sealRoomKey(
  roomKey: RoomKey,
  options: { readonly negotiation: NegotiationId; readonly recipient: RoomMember },
): Result<SealedRoomKey, SealRejection> {
  const { negotiation, recipient } = options;
  if (!isEpoch(roomKey.epoch) || roomKey.key.length !== ROOM_KEY_BYTES) throw new RangeError('not a room key');
  const recipientX = recipientX25519(recipient);
  if (!recipientX.ok) return recipientX;
  // Always computed here, never taken from the caller: a sealing cannot commit to another key.
  const commitment = roomKeyCommitment(negotiation, roomKey);
  const ephemeral = x25519.keygen(); // crypto.getRandomValues inside noble
  const shared = x25519.getSharedSecret(ephemeral.secretKey, recipientX.value);
  ephemeral.secretKey.fill(0); // best effort only: JS gives no guarantee about copies
  const header = { epoch: roomKey.epoch, recipient: recipient.id, ephemeralPublicKey: ephemeral.publicKey, commitment };
  const ciphertext = sealCipher(shared, sealContext(negotiation, header, recipient.publicKey)).encrypt(roomKey.key);
  shared.fill(0);
  return ok({ ...header, ciphertext });
}

/**
 * Opens a room key sealed to `party`, whose ed25519 seed is `secretKey`. Never throws on a hostile
 * `sealed`: every failure is a reason. `party` must be the opener's own id and key (local input).
 */
export function openRoomKey(
  sealed: SealedRoomKey,
  options: { readonly negotiation: NegotiationId; readonly secretKey: Uint8Array; readonly party: RoomMember },
): Result<RoomKey, OpenRejection> {
  const { negotiation, secretKey, party } = options;
  if (secretKey.length !== SECRET_KEY_BYTES) throw new RangeError('secret key must be 32 bytes');
  if (party.id !== partyIdOf(party.publicKey)) throw new RangeError('party id does not match its public key');
  if (sealed.recipient !== party.id) return err({ reason: 'not-addressed-to-party', message: `sealed to ${sealed.recipient}, not ${party.id}` });
  if (
    !isEpoch(sealed.epoch) ||
    sealed.ephemeralPublicKey.length !== EPHEMERAL_PUBLIC_KEY_BYTES ||
    sealed.ciphertext.length !== SEALED_ROOM_KEY_CIPHERTEXT_BYTES ||
    sealed.commitment.length !== ROOM_KEY_COMMITMENT_BYTES
  ) {
    return err({ reason: 'authentication-failed', message: 'sealed key has the wrong shape' });
  }
  let shared: Uint8Array;
  const secretX = ed25519.utils.toMontgomerySecret(secretKey);
  try {
    shared = x25519.getSharedSecret(secretX, sealed.ephemeralPublicKey);
  } catch {
    return err({ reason: 'invalid-ephemeral-key', message: 'ephemeral public key is a low-order point' });
  } finally {
    secretX.fill(0);
  }
  let key: Uint8Array;
  try {
    key = sealCipher(shared, sealContext(negotiation, sealed, party.publicKey)).decrypt(sealed.ciphertext);
  } catch {
    return err({ reason: 'authentication-failed', message: 'sealed key does not authenticate for this party, negotiation and epoch' });
  } finally {
    shared.fill(0);
  }
  const roomKey = roomKeyOf(sealed.epoch, key);
  key.fill(0);
  // The commitment is also in the AEAD's context, but an honest AEAD check only proves the sealer
  // meant this ciphertext for us; comparing with the public commitment proves everyone got one key.
  if (!equalBytes(roomKeyCommitment(negotiation, roomKey), sealed.commitment)) {
    return err({ reason: 'commitment-mismatch', message: 'sealed key differs from the key committed for this epoch' });
  }
  return ok(roomKey);
}
