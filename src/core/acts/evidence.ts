/**
 * Proof that a party equivocated on its chain of acts: two acts it signed with one seq and
 * different content. Checkable with nothing but the party's public key, like vote evidence.
 */
import type { PartyId, SignatureScheme } from '../identity.js';
import type { Result } from '../result.js';
import type { Act } from './act.js';

export interface ActEquivocation {
  readonly first: Act;
  readonly second: Act;
}

export function verifyActEquivocation(e: ActEquivocation, publicKey: Uint8Array, scheme: SignatureScheme): Result<PartyId, string> {
  void e;
  void publicKey;
  void scheme;
  throw new Error('not implemented');
}

export function encodeActEquivocation(e: ActEquivocation): Uint8Array {
  void e;
  throw new Error('not implemented');
}

export function decodeActEquivocation(bytes: Uint8Array): ActEquivocation {
  void bytes;
  throw new Error('not implemented');
}
