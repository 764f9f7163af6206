/**
 * Gossip payloads encrypted under the room key, so a peer subscribed to a topic without being a
 * party reads nothing, and nothing it writes opens.
 *
 * Frame: domain('plenary/room-payload') | version u8 (1) | epoch u32 | nonce (24) | ciphertext + tag (16)
 * Cipher: XChaCha20-Poly1305 under the epoch's payload subkey (see payloadKeyOf), with a fresh random
 * 24-byte nonce per payload: with 192-bit nonces random collisions are negligible (2^72 messages
 * under one key, per noble's limits), and no counter has to be kept consistent across devices.
 * AAD: domain('plenary/room-payload-aad/v1') | negotiation | topic | the frame header, so a payload
 * cannot be replayed into another negotiation or topic, nor relabelled with another epoch or version.
 *
 * What this layer proves is membership, not authorship: anyone holding the epoch's key can write.
 * Authorship is the inner envelope's signature. And a party removed at epoch n still holds older
 * keys, so a live validator should pass `minEpoch` (the current epoch, perhaps minus a short grace
 * while the removal block propagates) to refuse writes under keys a removed party knows.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { DecodeError, Writer, decodeWith, domain, type DecodeErrorCode } from '../bytes.js';
import { NEGOTIATION_ID_BYTES, negotiationIdToBytes, type NegotiationId } from '../identity.js';
import { err, ok, type Result } from '../result.js';
import type { RoomKeyring } from './keyring.js';
import { payloadKeyOf, type RoomKey } from './room-key.js';

const PAYLOAD_DOMAIN = domain('plenary/room-payload');
const PAYLOAD_AAD = domain('plenary/room-payload-aad/v1');
export const PAYLOAD_VERSION = 1;
export const PAYLOAD_NONCE_BYTES = 24;
const TAG_BYTES = 16;
export const PAYLOAD_HEADER_BYTES = PAYLOAD_DOMAIN.length + 1 + 4 + PAYLOAD_NONCE_BYTES;
/**
 * Largest plaintext: above the largest draft envelope (8 MiB update plus its header), so the room
 * never refuses what the draft accepts; the gossip layer sets its own, tighter message limits.
 */
export const MAX_PAYLOAD_PLAINTEXT_BYTES = 16 * 1024 * 1024;

export interface PayloadFrame {
  readonly epoch: number;
  readonly nonce: Uint8Array;
  /** XChaCha20-Poly1305 output: ciphertext followed by its 16-byte tag. */
  readonly ciphertext: Uint8Array;
}

export interface OpenedPayload {
  readonly plaintext: Uint8Array;
  readonly epoch: number;
}

export type PayloadRejection =
  | { readonly reason: 'malformed'; readonly code: DecodeErrorCode; readonly message: string }
  /** No key held for the epoch: not (or no longer, or not yet) a party for it. */
  | { readonly reason: 'unknown-epoch'; readonly epoch: number; readonly message: string }
  /** Below the caller's `minEpoch`: written with a key that a removed party may hold. */
  | { readonly reason: 'stale-epoch'; readonly epoch: number; readonly message: string }
  /** Tampered, written by a non-party, or moved from another negotiation, topic or epoch. */
  | { readonly reason: 'authentication-failed'; readonly epoch: number; readonly message: string };

function writeHeader(w: Writer, epoch: number, nonce: Uint8Array): Writer {
  return w.raw(PAYLOAD_DOMAIN).u8(PAYLOAD_VERSION).u32(epoch).fixed(nonce, PAYLOAD_NONCE_BYTES);
}

export function encodePayloadFrame(frame: PayloadFrame): Uint8Array {
  if (frame.ciphertext.length < TAG_BYTES || frame.ciphertext.length > MAX_PAYLOAD_PLAINTEXT_BYTES + TAG_BYTES) {
    throw new RangeError('payload ciphertext size out of range');
  }
  return writeHeader(new Writer(PAYLOAD_HEADER_BYTES + frame.ciphertext.length), frame.epoch, frame.nonce).raw(frame.ciphertext).finish();
}

/** Decodes a frame from untrusted bytes: the frame or a DecodeError, nothing else. Does not decrypt. */
export function decodePayloadFrame(bytes: Uint8Array): PayloadFrame {
  return decodeWith(bytes, 'room payload', (r) => {
    r.expectDomain(PAYLOAD_DOMAIN, 'room payload');
    const version = r.u8('version');
    if (version !== PAYLOAD_VERSION) throw new DecodeError('unknown-version', `room payload: version ${version}`);
    const epoch = r.u32('epoch');
    const nonce = r.fixed(PAYLOAD_NONCE_BYTES, 'nonce');
    if (r.remaining < TAG_BYTES) throw new DecodeError('truncated', `room payload: ${r.remaining} bytes cannot hold a tag`);
    if (r.remaining > MAX_PAYLOAD_PLAINTEXT_BYTES + TAG_BYTES) throw new DecodeError('oversized', `room payload: ${r.remaining} bytes of ciphertext`);
    return { epoch, nonce, ciphertext: r.fixed(r.remaining, 'ciphertext') };
  });
}

function payloadAad(negotiation: NegotiationId, topic: string, epoch: number, nonce: Uint8Array): Uint8Array {
  const w = new Writer(PAYLOAD_AAD.length + NEGOTIATION_ID_BYTES + 4 + topic.length * 3 + PAYLOAD_HEADER_BYTES)
    .raw(PAYLOAD_AAD)
    .fixed(negotiationIdToBytes(negotiation), NEGOTIATION_ID_BYTES)
    .text(topic);
  return writeHeader(w, epoch, nonce).finish();
}

/** Encrypts `plaintext` for the room of `negotiation` on `topic`, under `roomKey` (the keyring's current key). */
export function sealPayload(
  roomKey: RoomKey,
  options: { readonly negotiation: NegotiationId; readonly topic: string; readonly plaintext: Uint8Array },
): Uint8Array {
  const { negotiation, topic, plaintext } = options;
  if (plaintext.length > MAX_PAYLOAD_PLAINTEXT_BYTES) throw new RangeError(`payload of ${plaintext.length} bytes exceeds ${MAX_PAYLOAD_PLAINTEXT_BYTES}`);
  const nonce = randomBytes(PAYLOAD_NONCE_BYTES); // crypto.getRandomValues
  const aad = payloadAad(negotiation, topic, roomKey.epoch, nonce);
  const ciphertext = xchacha20poly1305(payloadKeyOf(roomKey, negotiation), nonce, aad).encrypt(plaintext);
  return encodePayloadFrame({ epoch: roomKey.epoch, nonce, ciphertext });
}

/**
 * Decrypts a payload received on `topic` with the key of the epoch it names. Never throws on
 * hostile bytes: every failure is a reason. `minEpoch` refuses payloads under older epochs.
 */
export function openPayload(
  keyring: RoomKeyring,
  options: { readonly negotiation: NegotiationId; readonly topic: string; readonly bytes: Uint8Array; readonly minEpoch?: number },
): Result<OpenedPayload, PayloadRejection> {
  const { negotiation, topic, bytes, minEpoch = 0 } = options;
  let frame: PayloadFrame;
  try {
    frame = decodePayloadFrame(bytes);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e; // decodeWith converts everything; anything else is our bug
    return err({ reason: 'malformed', code: e.code, message: e.message });
  }
  const { epoch } = frame;
  if (epoch < minEpoch) return err({ reason: 'stale-epoch', epoch, message: `epoch ${epoch} is below ${minEpoch}` });
  const roomKey = keyring.get(epoch);
  if (roomKey === undefined) return err({ reason: 'unknown-epoch', epoch, message: `no room key held for epoch ${epoch}` });
  const aad = payloadAad(negotiation, topic, epoch, frame.nonce);
  try {
    const plaintext = xchacha20poly1305(payloadKeyOf(roomKey, negotiation), frame.nonce, aad).decrypt(frame.ciphertext);
    return ok({ plaintext, epoch });
  } catch {
    return err({ reason: 'authentication-failed', epoch, message: `payload does not authenticate under epoch ${epoch} for this negotiation and topic` });
  }
}
