/**
 * Peer ids from keys we know. The node passes the delegation's (or a device's) ed25519 seed to the
 * network, so a peer id is a function of a public key the roster already holds: the node maps
 * parties to peers with `peerIdOfPublicKey`, and the other way with `publicKeyOfPeerId` (an
 * ed25519 peer id embeds its public key). Both adapters derive ids the same way.
 */
import { publicKeyFromRaw } from '@libp2p/crypto/keys';
import { peerIdFromPublicKey, peerIdFromString } from '@libp2p/peer-id';
import { nobleEd25519, PUBLIC_KEY_BYTES, SECRET_KEY_BYTES } from '../core/identity.js';
import type { PeerId } from './network.js';

export function peerIdOfPublicKey(publicKey: Uint8Array): PeerId {
  if (publicKey.length !== PUBLIC_KEY_BYTES) throw new RangeError('an ed25519 public key is 32 bytes');
  return peerIdFromPublicKey(publicKeyFromRaw(publicKey)).toString() as PeerId;
}

/** The peer id a network started from this 32-byte ed25519 seed will have. */
export function peerIdOfSeed(seed: Uint8Array): PeerId {
  if (seed.length !== SECRET_KEY_BYTES) throw new RangeError('an ed25519 seed is 32 bytes');
  return peerIdOfPublicKey(nobleEd25519.publicKeyOf(seed));
}

/** The ed25519 public key inside a peer id, or undefined for any other kind of text. */
export function publicKeyOfPeerId(peer: string): Uint8Array | undefined {
  try {
    const id = peerIdFromString(peer);
    return id.type === 'Ed25519' ? id.publicKey.raw : undefined;
  } catch {
    return undefined; // not a peer id: a value, not an exception
  }
}
