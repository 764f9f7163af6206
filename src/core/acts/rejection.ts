/** Why an act does not stand, as a value: a code the network can act on and a reason in words. */
import type { ActEquivocation } from './evidence.js';

export type ActRejectionCode =
  /** Fields ill-typed or over a cap. */
  | 'malformed'
  | 'wrong-negotiation'
  /** `block` names no final adopt block here (perhaps not yet). */
  | 'unknown-block'
  /** The party is not on the roster as of the block. */
  | 'not-a-party'
  | 'bad-signature'
  /** This very act is already accepted. */
  | 'duplicate'
  /** The party's earlier acts are missing: seq is beyond the next. */
  | 'gap'
  /** Another act by the party holds this seq: equivocation, with evidence. */
  | 'fork'
  /** `previous` is not the hash of the party's act at seq - 1. */
  | 'bad-previous'
  /** Dated before the party's previous act. */
  | 'date-backwards'
  /** `ref` names no accepted act (perhaps not yet). */
  | 'unknown-reference'
  /** `ref` names an act of the wrong kind, party or version. */
  | 'bad-reference'
  /** Initialled, signed, confirmed, consented, denounced or objected already. */
  | 'already-done'
  /** Ratification, acceptance or approval without a full signature; a signature after consent. */
  | 'needs-signature'
  /** Accession by a party that signed (VCLT 15: accession is for those who did not). */
  | 'signed-cannot-accede'
  /** Denunciation by a party that never consented to be bound. */
  | 'not-bound'
  /** The party denounced this version: no act on it follows. */
  | 'denounced'
  | 'already-withdrawn';

export interface ActRejection {
  readonly code: ActRejectionCode;
  readonly reason: string;
  /** For 'fork': the act held at that seq and this one. */
  readonly evidence?: ActEquivocation;
}

/** How the network should treat a refused act (gossip validators: reject, ignore, or hold). */
export type ActRejectionSeverity = 'invalid' | 'ignore' | 'not-yet' | 'conflict';

export function rejectionSeverity(code: ActRejectionCode): ActRejectionSeverity {
  switch (code) {
    case 'duplicate':
      return 'ignore';
    case 'unknown-block':
    case 'gap':
    case 'unknown-reference':
      return 'not-yet';
    case 'fork':
      return 'conflict';
    default:
      return 'invalid';
  }
}

