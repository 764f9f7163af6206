/** Delegations and negotiation ids for the room tests: deterministic keys from small seeds. */
import { keyPairFromSeed, negotiationIdFromBytes, partyIdOf, type KeyPair, type NegotiationId, type PartyId } from '../../src/core/identity.js';
import { taggedHash } from '../../src/core/hash.js';
import { utf8 } from '../../src/core/bytes.js';

export interface Delegation {
  readonly keys: KeyPair;
  readonly id: PartyId;
  readonly publicKey: Uint8Array;
  /** What openRoomKey / openSealedKeys take for this delegation. */
  readonly opener: { readonly secretKey: Uint8Array; readonly party: { readonly id: PartyId; readonly publicKey: Uint8Array } };
}

export function delegation(seed: number): Delegation {
  const keys = keyPairFromSeed(new Uint8Array(32).fill(seed));
  const id = partyIdOf(keys.publicKey);
  return { keys, id, publicKey: keys.publicKey, opener: { secretKey: keys.secretKey, party: { id, publicKey: keys.publicKey } } };
}

export function negotiationNamed(name: string): NegotiationId {
  return negotiationIdFromBytes(taggedHash('test/negotiation', utf8(name)));
}

export const flipBit = (bytes: Uint8Array, bit: number): Uint8Array => {
  const out = bytes.slice();
  out[bit >> 3] = out[bit >> 3]! ^ (1 << (bit & 7));
  return out;
};
