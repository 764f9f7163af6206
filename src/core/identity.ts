/**
 * Delegation identities: ed25519 key pairs, the party id derived from the public key, and a
 * short fingerprint that two delegations can read to each other over the phone.
 *
 * Signing goes through `SignatureScheme` so the hot path can use node:crypto (about 10x faster)
 * while the pure core and the renderer fall back to @noble/ed25519. Both produce identical
 * signatures (ed25519 is deterministic); test/core/identity.test.ts proves it.
 */
import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';
import { DecodeError, fromHex, toHex } from './bytes.js';
import { taggedHash } from './hash.js';

ed.hashes.sha512 = sha512;

export const PUBLIC_KEY_BYTES = 32;
export const SECRET_KEY_BYTES = 32;
export const SIGNATURE_BYTES = 64;
export const PARTY_ID_BYTES = 16;

/** A delegation's stable identifier: hex of the first 16 bytes of a tagged hash of its public key. */
export type PartyId = string & { readonly __brand: 'PartyId' };

export interface SignatureScheme {
  readonly name: string;
  publicKeyOf(secretKey: Uint8Array): Uint8Array;
  sign(message: Uint8Array, secretKey: Uint8Array): Uint8Array;
  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
}

export const nobleEd25519: SignatureScheme = {
  name: '@noble/ed25519',
  publicKeyOf: (secretKey) => ed.getPublicKey(secretKey),
  sign: (message, secretKey) => ed.sign(message, secretKey),
  verify: (signature, message, publicKey) => {
    try {
      return ed.verify(signature, message, publicKey);
    } catch {
      return false; // malformed key or signature: not valid, never an exception
    }
  },
};

export interface KeyPair {
  readonly publicKey: Uint8Array;
  readonly secretKey: Uint8Array;
}

/** A new key pair from the platform's CSPRNG (crypto.getRandomValues, present in browsers and Node). */
export function generateKeyPair(scheme: SignatureScheme = nobleEd25519): KeyPair {
  const secretKey = ed.utils.randomSecretKey();
  return { secretKey, publicKey: scheme.publicKeyOf(secretKey) };
}

/** Deterministic key pair from a 32-byte seed: for tests and fixtures only. */
export function keyPairFromSeed(seed: Uint8Array, scheme: SignatureScheme = nobleEd25519): KeyPair {
  if (seed.length !== SECRET_KEY_BYTES) throw new RangeError('seed must be 32 bytes');
  return { secretKey: seed.slice(), publicKey: scheme.publicKeyOf(seed) };
}

export function partyIdOf(publicKey: Uint8Array): PartyId {
  return toHex(taggedHash('plenary/party-id/v1', publicKey).subarray(0, PARTY_ID_BYTES)) as PartyId;
}

export function isPartyId(value: unknown): value is PartyId {
  return typeof value === 'string' && /^[0-9a-f]{32}$/.test(value);
}

export function partyIdToBytes(id: PartyId): Uint8Array {
  return fromHex(id);
}

export function partyIdFromBytes(bytes: Uint8Array): PartyId {
  if (bytes.length !== PARTY_ID_BYTES) throw new DecodeError('malformed', 'party id must be 16 bytes');
  return toHex(bytes) as PartyId;
}

// Crockford base32: no I, L, O, U, so a fingerprint read aloud is unambiguous.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A short human fingerprint of a public key, e.g. `K3QF-9XZ2-H7TA-M0WD`: 80 bits of a tagged hash,
 * for out-of-band checks between delegations.
 */
export function fingerprintOf(publicKey: Uint8Array): string {
  const digest = taggedHash('plenary/fingerprint/v1', publicKey).subarray(0, 10);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out.match(/.{4}/g)!.join('-');
}

/** The capability to sign as one delegation. The secret key stays inside; callers get signatures. */
export interface Signer {
  readonly party: PartyId;
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

export function createSigner(keys: KeyPair, scheme: SignatureScheme = nobleEd25519): Signer {
  const secretKey = keys.secretKey.slice();
  const publicKey = keys.publicKey.slice();
  return {
    party: partyIdOf(publicKey),
    publicKey,
    sign: (message) => scheme.sign(message, secretKey),
  };
}

/** A negotiation is named by the hash of its charter (the genesis block): 32 bytes, shown as hex. */
export type NegotiationId = string & { readonly __brand: 'NegotiationId' };
export const NEGOTIATION_ID_BYTES = 32;

export function isNegotiationId(value: unknown): value is NegotiationId {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}

export function negotiationIdFromBytes(bytes: Uint8Array): NegotiationId {
  if (bytes.length !== NEGOTIATION_ID_BYTES) throw new DecodeError('malformed', 'negotiation id must be 32 bytes');
  return toHex(bytes) as NegotiationId;
}

export function negotiationIdToBytes(id: NegotiationId): Uint8Array {
  return fromHex(id);
}

/**
 * Who may write, as of now: the parties of a negotiation and their keys. The ledger provides it
 * (charter, then admissions and removals); the draft consults it to accept or reject envelopes.
 */
export interface PartyRoster {
  publicKeyOf(party: PartyId): Uint8Array | undefined;
}

/**
 * The scheme with its verifications remembered by (signature, key, message). Verification is a
 * pure function, so a verifier that meets one signature twice (a dossier's acts are checked in
 * order and then again when the treaty's state is derived) checks it once; a changed signature,
 * key or message is always checked for real. Keep one for one piece of work: it only grows.
 */
export function rememberingScheme(scheme: SignatureScheme): SignatureScheme & { readonly misses: () => number } {
  const known = new Map<string, boolean>();
  return {
    name: `${scheme.name} (remembering)`,
    publicKeyOf: (secretKey) => scheme.publicKeyOf(secretKey),
    sign: (message, secretKey) => scheme.sign(message, secretKey),
    verify(signature, message, publicKey) {
      const key = `${toHex(signature)}/${toHex(publicKey)}/${toHex(message)}`;
      let valid = known.get(key);
      if (valid === undefined) known.set(key, (valid = scheme.verify(signature, message, publicKey)));
      return valid;
    },
    misses: () => known.size,
  };
}
